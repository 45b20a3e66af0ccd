package io.text2media.shared.http;

import java.util.List;

/**
 * The original's origin rule (original-contract.md §15), computed from the request on every response: no list means
 * {@code *}; a listed Origin is echoed; any other gets {@code null} under {@code CORS_STRICT=true}, else {@code *}.
 * Credentials are never allowed, so {@code *} is never combined with them.
 */
public record CorsPolicy(List<String> allowedOrigins, boolean strict) {

    public String allowOrigin(String requestOrigin) {
        if (allowedOrigins.isEmpty()) {
            return "*";
        }
        if (requestOrigin != null && allowedOrigins.contains(requestOrigin)) {
            return requestOrigin;
        }
        return strict ? "null" : "*";
    }
}
