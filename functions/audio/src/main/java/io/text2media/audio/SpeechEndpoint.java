package io.text2media.audio;

import io.text2media.shared.generation.QuotaGate;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.StreamedResponses;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.speech.SpeechService;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Speech generation, shared by {@code POST /api/generate/audio} and (through {@link SpeechService}) the image
 * function's {@code POST /api/generate} with {@code type:"audio"}: validate, refuse at once when not configured, count
 * the quota, then stream the audio to the client as it arrives, with the upstream's own audio media type.
 */
final class SpeechEndpoint implements SpeechService {
    static final String PREFIX = "音频生成失败: ";
    private static final Log LOG = Log.of(SpeechEndpoint.class);

    private final SpeechRequestReader reader;
    private final SpeechSource source;
    private final QuotaGate quota;
    private final MetricEvents events;

    SpeechEndpoint(SpeechRequestReader reader, SpeechSource source, QuotaGate quota, MetricEvents events) {
        this.reader = reader;
        this.source = source;
        this.quota = quota;
        this.events = events;
    }

    @Override
    public void serve(JsonObject body, ServerRequest req, ServerResponse res) {
        SpeechRequest request = reader.read(body);
        RequestInfo info = RequestInfo.of(req);
        info.upstream(source.upstream(), source.upstream().equals(DemoSpeech.UPSTREAM) ? DemoSpeech.UPSTREAM
                : SpeechRequest.UPSTREAM_MODEL, request.askedModel());
        info.stream(true);
        if (LOG.isDebug()) {
            LOG.debug("speech_request", "text", request.text(), "voice", request.voice(), "requestId", info.id());
        }
        source.checkConfigured(PREFIX);
        quota.admit(req);
        long start = System.nanoTime();
        try (SpeechAudio audio = source.open(request, PREFIX, info)) {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, audio.contentType());
            audio.length().ifPresent(n -> res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(n)));
            StreamedResponses.pipe(audio.body(), res, info);
            record(request, true, start, null);
        } catch (ApiException e) {
            record(request, false, start, e.code());
            throw e;
        } catch (RuntimeException e) {
            record(request, false, start, "stream_aborted");
            throw e;
        }
    }

    private void record(SpeechRequest request, boolean success, long start, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("success", success);
        fields.put("dt_ms", (System.nanoTime() - start) / 1_000_000);
        fields.put("model", request.askedModel());
        fields.put("voice", request.voice());
        fields.put("speed", request.speed().map(java.math.BigDecimal::doubleValue).orElse(1.0));
        if (error != null) {
            fields.put("error", error);
        }
        events.record("generate_audio", fields);
    }
}
