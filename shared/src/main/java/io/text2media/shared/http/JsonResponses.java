package io.text2media.shared.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonValue;

/** Sends JSON the way the original did: {@code Content-Type: application/json} with no charset, and a length. */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static void send(ServerResponse response, int status, JsonValue body) {
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Jsons.bytes(body));
    }

    public static void ok(ServerResponse response, JsonValue body) {
        send(response, 200, body);
    }

    public static void created(ServerResponse response, JsonValue body) {
        send(response, 201, body);
    }
}
