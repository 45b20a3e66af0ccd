package io.text2media.image;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The upstream image URL exactly as the original built it (original-contract.md §4.8): the prompt in the path with
 * {@code encodeURIComponent}, and the query in the order {@code width, height, seed, nologo, negative_prompt, model}
 * with {@code URLSearchParams} encoding (space as {@code +}). The text is also the canonical form of the request:
 * the generation cache keys on it.
 */
final class PollinationsImageUrl {

    private PollinationsImageUrl() {
    }

    /** {@code /image/<prompt>?<query>}, to be appended to the image base. */
    static String pathAndQuery(ImageRequest r) {
        StringBuilder query = new StringBuilder();
        r.width().ifPresent(w -> param(query, "width", String.valueOf(w)));
        r.height().ifPresent(h -> param(query, "height", String.valueOf(h)));
        r.seed().ifPresent(s -> param(query, "seed", String.valueOf(s)));
        if (r.nologo()) {
            param(query, "nologo", "true");
        }
        r.negative().ifPresent(n -> param(query, "negative_prompt", n));
        param(query, "model", r.model());
        return "/image/" + encodeUriComponent(r.prompt()) + "?" + query;
    }

    private static void param(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(formEncode(name)).append('=').append(formEncode(value));
    }

    /**
     * {@code URLSearchParams}' serializer (application/x-www-form-urlencoded): keeps {@code A-Z a-z 0-9 * - . _},
     * writes space as {@code +}, percent-encodes the rest as UTF-8. {@link URLEncoder} is exactly that.
     */
    static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** JavaScript's {@code encodeURIComponent}: also keeps {@code ! ' ( ) ~}, and space is {@code %20}. */
    static String encodeUriComponent(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%21", "!")
                .replace("%27", "'")
                .replace("%28", "(")
                .replace("%29", ")")
                .replace("%7E", "~");
    }
}
