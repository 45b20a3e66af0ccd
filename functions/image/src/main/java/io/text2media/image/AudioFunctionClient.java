package io.text2media.image;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.generation.GenerationSettings;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.StreamedResponses;
import io.text2media.shared.observe.Log;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP hop to the audio function when it runs apart ({@code AUDIO_FUNCTION_URL}): forwards the request body to
 * {@code /api/generate/audio} with the caller's credentials and address (so the quota counts the same caller), then
 * streams the audio back as it arrives, never holding it whole. The audio function's own error answers (400, 429 with
 * {@code Retry-After}, 402, 5xx) pass through with this request's id. Not retried: the audio function already applies
 * the upstream policy, and a 429 from it is the caller's quota, not a transient failure.
 */
final class AudioFunctionClient {
    static final String PATH = "/api/generate/audio";
    private static final Log LOG = Log.of(AudioFunctionClient.class);
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final WebClient web;
    private final URI target;
    private final FunctionContext context;
    private final String forwardedHeader;

    AudioFunctionClient(URI base, FunctionContext context) {
        this.context = context;
        this.target = URI.create(base + PATH);
        this.forwardedHeader = context.settings().http().trustedProxyHeader().orElse("X-Forwarded-For");
        // The audio function answers within its own upstream deadline; the margin covers its retries' last attempt.
        Duration read = context.settings().upstream().deadline().plusSeconds(10);
        this.web = WebClient.builder()
                .connectTimeout(context.settings().upstream().connectTimeout())
                .readTimeout(read)
                .followRedirects(false)
                .proxy(Proxy.noProxy())
                .build();
    }

    void forward(JsonObject body, ServerRequest request, ServerResponse response) {
        RequestInfo info = RequestInfo.of(request);
        info.upstream("audio-function", null, null);
        HttpClientResponse upstream = open(body, request);
        try (upstream) {
            int status = upstream.status().code();
            if (status >= 200 && status < 300) {
                stream(upstream, response, info, status);
            } else {
                throw passThrough(upstream, status);
            }
        }
    }

    private HttpClientResponse open(JsonObject body, ServerRequest request) {
        HttpClientRequest call = web.post().uri(target).header(HeaderNames.CONTENT_TYPE, "application/json");
        request.headers().first(HeaderNames.AUTHORIZATION).ifPresent(v -> call.header(HeaderNames.AUTHORIZATION, v));
        request.headers().first(HeaderNames.COOKIE).ifPresent(v -> call.header(HeaderNames.COOKIE, v));
        call.header(HeaderNames.create(forwardedHeader), context.clientAddresses().of(request));
        try {
            return call.submit(Jsons.bytes(body));
        } catch (RuntimeException e) {
            boolean timeout = causedBy(e, SocketTimeoutException.class);
            LOG.warn("audio_function_unreachable", "target", GenerationSettings.hostOf(target), "timeout", timeout,
                    "reason", e.getClass().getSimpleName());
            if (timeout) {
                throw ApiException.error(504, "audio_timeout", "音频生成失败: 音频服务响应超时，请稍后再试");
            }
            throw ApiException.error(503, "audio_unavailable", "音频生成失败: 音频服务暂时不可用，请稍后再试")
                    .header("Retry-After", "5");
        }
    }

    private static void stream(HttpClientResponse upstream, ServerResponse response, RequestInfo info, int status) {
        info.stream(true);
        response.status(Status.create(status));
        upstream.headers().first(HeaderNames.CONTENT_TYPE).ifPresent(v -> response.header(HeaderNames.CONTENT_TYPE, v));
        upstream.headers().first(HeaderNames.CONTENT_DISPOSITION).ifPresent(v -> response.header(HeaderNames.CONTENT_DISPOSITION, v));
        try (InputStream in = upstream.inputStream()) {
            StreamedResponses.pipe(in, response, info);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audio function's error answer, with its fields and Retry-After; anything that is not its JSON is a 502. */
    private static ApiException passThrough(HttpClientResponse upstream, int status) {
        Optional<JsonObject> json = Optional.empty();
        try (InputStream in = upstream.inputStream()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BYTES);
            json = Jsons.parseObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("audio_function_error_unreadable", "status", status, "reason", e.getClass().getSimpleName());
        }
        if (json.isEmpty()) {
            return ApiException.error(502, "audio_bad_answer", "音频生成失败: 音频服务返回了无法识别的应答");
        }
        JsonObject fields = json.get();
        String code = fields.get("code") instanceof jakarta.json.JsonString s ? s.getString() : "audio_error";
        ApiException answer = ApiException.of(status, code);
        fields.forEach((name, value) -> {
            if (!name.equals("code") && !name.equals("requestId")) {
                answer.field(name, value);
            }
        });
        upstream.headers().first(HeaderNames.RETRY_AFTER).ifPresent(v -> answer.header("Retry-After", v));
        return answer;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
