package io.text2media.image;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.speech.SpeechService;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

/**
 * Hands {@code POST /api/generate} with {@code type:"audio"} to the audio function (design.md §2): in-process when the
 * audio function runs in the same process (the bundle), over HTTP to {@code AUDIO_FUNCTION_URL} when it runs apart,
 * and a 503 JSON answer when it is neither. The service is looked up per request, so the order in which functions
 * start does not matter.
 */
final class AudioHandOff {
    static final String UNAVAILABLE = "音频生成失败: 音频服务未部署，请稍后再试";

    private final FunctionContext context;
    private final AudioFunctionClient remote;

    AudioHandOff(FunctionContext context, AudioFunctionClient remote) {
        this.context = context;
        this.remote = remote;
    }

    void serve(JsonObject body, ServerRequest request, ServerResponse response) {
        var local = context.service(SpeechService.class);
        if (local.isPresent()) {
            local.get().serve(body, request, response);
        } else if (remote != null) {
            remote.forward(body, request, response);
        } else {
            throw ApiException.error(503, "audio_unavailable", UNAVAILABLE).header("Retry-After", "30");
        }
    }
}
