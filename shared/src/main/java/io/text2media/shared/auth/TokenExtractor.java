package io.text2media.shared.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original's token extraction (original-contract.md §3): {@code Authorization: Bearer <token>} (case-sensitive,
 * one space, the rest untrimmed), else the {@code auth_token} cookie, URL-decoded. Any other Authorization scheme
 * falls through to the cookie.
 */
public final class TokenExtractor {
    private static final Pattern COOKIE = Pattern.compile("(?:^|;\\s*)auth_token=([^;]+)");

    private TokenExtractor() {
    }

    public static Optional<String> extract(Headers headers) {
        Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent() && authorization.get().startsWith("Bearer ")) {
            String token = authorization.get().substring("Bearer ".length());
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        if (headers.contains(HeaderNames.COOKIE)) {
            String cookies = String.join("; ", headers.get(HeaderNames.COOKIE).allValues());
            Matcher m = COOKIE.matcher(cookies);
            if (m.find()) {
                try {
                    // decodeURIComponent, as the original: %XX is decoded, a '+' stays a '+' (URLDecoder alone makes it a space)
                    String token = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
                    return token.isEmpty() ? Optional.empty() : Optional.of(token);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
