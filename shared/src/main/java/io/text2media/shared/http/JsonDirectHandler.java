package io.text2media.shared.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import jakarta.json.JsonObject;


/**
 * What the server answers before routing can (oversized bodies, malformed HTTP): the same JSON error shape and headers
 * as every other error, never Helidon's message. A 413 arrives as {@code BAD_REQUEST} with status 413, so the body is
 * chosen by status, not by event type.
 */
public final class JsonDirectHandler implements DirectHandler {
    private final StandardHeaders headers;

    public JsonDirectHandler(StandardHeaders headers) {
        this.headers = headers;
    }

    public DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, this);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, String message) {
        RequestInfo info = new RequestInfo(RequestInfo.newId(), java.time.Instant.now(), System.nanoTime());
        headers.apply(request.headers(), responseHeaders, info);
        responseHeaders.set(HeaderNames.CONTENT_TYPE, "application/json");
        int code = status.code();
        JsonObject body = ErrorResponses.withTrace(
                Jsons.object().add("error", HttpStatusTexts.message(code)).build(), HttpStatusTexts.code(code), info.id());
        return TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .entity(Jsons.bytes(body))
                .build();
    }
}
