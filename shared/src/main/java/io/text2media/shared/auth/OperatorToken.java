package io.text2media.shared.auth;

import io.text2media.shared.http.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * The operator's token ({@code HEALTH_CHECK_TOKEN}) that guards the internal routes: {@code /internal/health},
 * {@code /internal/keys/reset}, {@code /internal/config/reload}. Compared in constant time; an unset token closes
 * every one of them (the original left its health route open then). A refusal is the original's
 * {@code 401 {"status":"unauthorized"}}.
 */
public final class OperatorToken {
    private final Optional<String> token;

    public OperatorToken(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
    }

    /** {@code Authorization: Bearer <token>} (the rest of the header, trimmed). */
    public boolean bearerMatches(ServerRequest request) {
        Optional<String> bearer = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.startsWith("Bearer "))
                .map(v -> v.substring("Bearer ".length()).trim());
        return token.isPresent() && bearer.isPresent() && ConstantTime.equals(token.get(), bearer.get());
    }

    /** {@code ?token=<token>}, exactly (original-contract.md §17); only the health route accepts it. */
    public boolean queryMatches(ServerRequest request) {
        Optional<String> query = request.query().first("token").asOptional();
        return token.isPresent() && query.isPresent() && ConstantTime.equals(token.get(), query.get());
    }

    /** The header only: a token in a query string ends up in access logs. */
    public void requireBearer(ServerRequest request) {
        if (!bearerMatches(request)) {
            throw unauthorized();
        }
    }

    public void requireBearerOrQuery(ServerRequest request) {
        if (!bearerMatches(request) && !queryMatches(request)) {
            throw unauthorized();
        }
    }

    private static ApiException unauthorized() {
        return ApiException.of(401, "unauthorized").field("status", "unauthorized");
    }
}
