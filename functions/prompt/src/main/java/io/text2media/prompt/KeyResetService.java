package io.text2media.prompt;

import io.text2media.shared.auth.OperatorToken;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /internal/keys/reset}: the operator's reset of the LLM key pool (after fixing a key that answered
 * 401/402, for example). Body {@code {"alias":"key-2"}} resets one key, no body or {@code {}} every key. Guarded by
 * {@code HEALTH_CHECK_TOKEN} in {@code Authorization: Bearer} only (a query parameter would end up in access logs),
 * compared in constant time; closed when the token is unset. A restart resets the pool too.
 */
final class KeyResetService {
    private final KeyPool pool;
    private final OperatorToken token;
    private final JsonBodies bodies;

    KeyResetService(KeyPool pool, OperatorToken token, JsonBodies bodies) {
        this.pool = pool;
        this.token = token;
        this.bodies = bodies;
    }

    void handle(ServerRequest request, ServerResponse response) {
        token.requireBearer(request);
        Optional<String> alias = Optional.empty();
        if (request.content().hasEntity()) {
            JsonObject body = bodies.read(request, "body must be a JSON object");
            JsonValue value = body.get("alias");
            if (value != null && value != JsonValue.NULL) {
                if (!(value instanceof JsonString s)) {
                    throw ApiException.of(400, "invalid_alias").field("error", "alias must be a string such as key-1");
                }
                alias = Optional.of(s.getString());
            }
        }
        List<String> reset = pool.reset(alias);
        if (alias.isPresent() && reset.isEmpty()) {
            throw ApiException.of(404, "unknown_alias").field("error", "no key with that alias");
        }
        JsonArrayBuilder names = Jsons.array();
        reset.forEach(names::add);
        JsonResponses.ok(response, Jsons.object()
                .add("status", "ok")
                .add("reset", names)
                .add("pool", pool.describe())
                .build());
    }
}
