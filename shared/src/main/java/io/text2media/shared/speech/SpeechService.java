package io.text2media.shared.speech;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

/**
 * The audio function's text-to-speech, offered to the other functions of the same process with
 * {@code FunctionContext.provide(SpeechService.class, ...)}. The image function owns {@code POST /api/generate} and hands
 * {@code type:"audio"} here in the bundle; when the audio function runs apart it forwards the request over HTTP to
 * {@code AUDIO_FUNCTION_URL} instead. Functions depend only on this interface, never on each other.
 */
public interface SpeechService {

    /**
     * Serves one speech request whose JSON body was already read: validates it, counts the caller's generation quota,
     * and streams the audio (or throws the {@link io.text2media.shared.http.ApiException} the client should get).
     */
    void serve(JsonObject body, ServerRequest request, ServerResponse response);
}
