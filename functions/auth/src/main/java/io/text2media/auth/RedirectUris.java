package io.text2media.auth;

import io.text2media.shared.http.Jsons;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * Which redirect URI a code login uses (design.md §5.7): the configured default (the original's only one), or one the
 * client names, but only from the allow-list: Google checks that the code was issued for the URI we send, and an
 * open choice would let a page anywhere complete the exchange.
 */
final class RedirectUris {

    private RedirectUris() {
    }

    /** The URI to use; empty when the client asked for one that is not allowed. */
    static Optional<String> choose(GoogleSettings settings, JsonValue requested) {
        if (!Jsons.truthy(requested)) {
            return settings.defaultRedirectUri();
        }
        if (requested instanceof JsonString uri && settings.allowedRedirectUris().contains(uri.getString())) {
            return Optional.of(uri.getString());
        }
        return Optional.empty();
    }
}
