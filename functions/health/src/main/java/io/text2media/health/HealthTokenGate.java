package io.text2media.health;

import io.text2media.shared.http.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The token gate of {@code /internal/health} (original-contract.md §17 with design.md §5.13): the token comes in
 * {@code Authorization: Bearer} (trimmed) or {@code ?token=} (exact), and is compared in constant time (both sides are
 * hashed first, so not even the length leaks). Unlike the original, an unset {@code HEALTH_CHECK_TOKEN} closes the
 * endpoint instead of opening it.
 */
final class HealthTokenGate {
    private final byte[] expectedDigest;

    HealthTokenGate(Optional<String> token) {
        this.expectedDigest = token.map(HealthTokenGate::digest).orElse(null);
    }

    void require(ServerRequest request) {
        if (!allowed(request)) {
            throw ApiException.of(401, "unauthorized").field("status", "unauthorized");
        }
    }

    boolean allowed(ServerRequest request) {
        if (expectedDigest == null) {
            return false;
        }
        Optional<String> bearer = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.startsWith("Bearer "))
                .map(v -> v.substring("Bearer ".length()).trim());
        if (bearer.isPresent() && matches(bearer.get())) {
            return true;
        }
        Optional<String> query = request.query().first("token").asOptional();
        return query.isPresent() && matches(query.get());
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(expectedDigest, digest(candidate));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
