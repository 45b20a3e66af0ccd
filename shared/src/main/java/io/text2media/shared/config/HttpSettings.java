package io.text2media.shared.config;

import java.util.List;
import java.util.Optional;

/**
 * Request size limit, CORS and client-address rules. {@code TRUSTED_PROXY_HEADER} names a header set by a proxy
 * in front of the service (e.g. {@code CF-Connecting-IP} or {@code X-Forwarded-For}); without it the client
 * address is the socket's.
 */
public record HttpSettings(long maxBodyBytes, List<String> allowedOrigins, boolean corsStrict,
                           Optional<String> trustedProxyHeader) {

    static HttpSettings from(Env env) {
        Optional<String> proxyHeader = env.optional("TRUSTED_PROXY_HEADER");
        proxyHeader.ifPresent(h -> {
            if (!h.matches("[A-Za-z0-9-]+")) {
                throw new SettingsException("TRUSTED_PROXY_HEADER", "must be an HTTP header name, got '" + h + "'");
            }
        });
        return new HttpSettings(
                env.longValue("MAX_BODY_BYTES", 1_048_576, 1024, 104_857_600),
                env.list("ALLOWED_ORIGINS", List.of()),
                env.bool("CORS_STRICT", false),
                proxyHeader);
    }
}
