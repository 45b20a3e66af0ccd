package io.text2media.shared.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.ServerResponseHeaders;

/**
 * The headers every response carries (original-contract.md §1.4) plus {@code X-Request-Id} and
 * {@code X-Function-Version}. Error paths reset the response, so the error writer applies them again.
 */
public final class StandardHeaders {
    public static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    public static final HeaderName X_FUNCTION_VERSION = HeaderNames.create("X-Function-Version");
    /** DELETE and PATCH are added to the original's list: the image locker and the admin feedback update use them. */
    static final String ALLOW_METHODS = "GET, POST, DELETE, PATCH, OPTIONS";
    /** A fixed list: preflights never echo what the client asked for (design.md §5.15). */
    static final String ALLOW_HEADERS = "Content-Type, Authorization, X-Requested-With, X-Admin-Key";
    static final String EXPOSE_HEADERS = "X-Request-Id, X-Function-Version, Retry-After";

    private final CorsPolicy cors;

    public StandardHeaders(CorsPolicy cors) {
        this.cors = cors;
    }

    public void apply(Headers requestHeaders, ServerResponseHeaders headers, RequestInfo info) {
        String origin = requestHeaders.first(HeaderNames.ORIGIN).orElse(null);
        headers.set(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowOrigin(origin));
        headers.set(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
        headers.set(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
        headers.set(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
        headers.set(HeaderNames.VARY, "Origin");
        headers.set(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        headers.set(HeaderNames.create("Referrer-Policy"), "no-referrer-when-downgrade");
        headers.set(HeaderNames.create("Permissions-Policy"), "camera=(), microphone=(), geolocation=(), interest-cohort=()");
        if (info != null) {
            headers.set(X_REQUEST_ID, info.id());
            if (info.functionVersion() != null) {
                headers.set(X_FUNCTION_VERSION, info.functionVersion());
            }
        }
    }
}
