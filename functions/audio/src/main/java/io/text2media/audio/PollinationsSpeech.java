package io.text2media.audio;

import io.text2media.shared.generation.GenerationSettings;
import io.text2media.shared.generation.UpstreamFailures;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.upstream.UpstreamClient;
import io.text2media.shared.upstream.UpstreamException;
import io.text2media.shared.upstream.UpstreamRequest;
import io.text2media.shared.upstream.UpstreamResponse;

import jakarta.json.JsonObjectBuilder;

import java.net.URI;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code POST {POLLINATIONS_TEXT_API_BASE}/v1/audio/speech} with the original's body, keys in its order:
 * {@code {"model":"openai-audio","input":..,"voice":..,"response_format":"mp3"[,"speed":..]}}. A 2xx answer must be
 * audio ({@code audio/*}); it is handed back as a stream with its real media type.
 */
final class PollinationsSpeech implements SpeechSource {
    static final String UPSTREAM = "pollinations-speech";
    static final String API = "Pollinations TTS API";
    /** The original's text, byte for byte (original-contract.md §4.8). */
    static final String TOKEN_MISSING = "语音生成需要 API Key。请在 Cloudflare Workers 环境变量中配置 POLLINATIONS_API_TOKEN。"
            + "获取方式：访问 https://enter.pollinations.ai";
    private static final Pattern AUDIO_TYPE = Pattern.compile("audio/[a-z0-9][a-z0-9.+-]{0,63}");

    private final GenerationSettings settings;
    private final UpstreamClient client;

    PollinationsSpeech(GenerationSettings settings, UpstreamClient client) {
        this.settings = settings;
        this.client = client;
    }

    @Override
    public String upstream() {
        return UPSTREAM;
    }

    @Override
    public void checkConfigured(String prefix) {
        settings.requireToken(prefix, TOKEN_MISSING);
    }

    static byte[] body(SpeechRequest request) {
        JsonObjectBuilder json = Jsons.object()
                .add("model", SpeechRequest.UPSTREAM_MODEL)
                .add("input", request.text())
                .add("voice", request.voice())
                .add("response_format", "mp3");
        request.speed().ifPresent(s -> json.add("speed", s.stripTrailingZeros()));
        return Jsons.bytes(json.build());
    }

    @Override
    public SpeechAudio open(SpeechRequest request, String prefix, RequestInfo info) {
        checkConfigured(prefix);
        UpstreamRequest call = UpstreamRequest.post(URI.create(settings.textBase() + "/v1/audio/speech"), "application/json", body(request))
                .header("Authorization", settings.authorization().orElseThrow());
        UpstreamResponse res;
        long start = System.nanoTime();
        try {
            res = client.send(call);
        } catch (UpstreamException e) {
            info.addAttempts(e.attempts());
            throw UpstreamFailures.from(e, prefix, API);
        } finally {
            info.addUpstreamNanos(System.nanoTime() - start); // until its headers: the stream then paces the client
        }
        info.addAttempts(res.attempts());
        try {
            if (!res.isSuccess()) {
                throw UpstreamFailures.badAnswer(prefix, API, res.status());
            }
            String type = res.mediaType().orElse("");
            if (!AUDIO_TYPE.matcher(type).matches()) {
                throw UpstreamFailures.wrongContent(prefix, API, "音频");
            }
            OptionalLong length = res.header("Content-Length").map(v -> {
                try {
                    return OptionalLong.of(Long.parseLong(v.trim()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }).orElse(OptionalLong.empty());
            return new SpeechAudio(type, res.stream(), length, res);
        } catch (RuntimeException e) {
            res.close();
            throw e;
        }
    }
}
