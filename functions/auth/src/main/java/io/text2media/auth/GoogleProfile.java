package io.text2media.auth;

import io.text2media.shared.auth.Emails;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * What Google vouches for, from either flow: tokeninfo (ID token: {@code sub}, {@code email_verified} as a string)
 * or userinfo (code flow: {@code id}, {@code verified_email} as a boolean).
 */
record GoogleProfile(String email, String googleId, String name, String picture, String locale) {

    /** From tokeninfo; empty unless the email is present and verified. */
    static Optional<GoogleProfile> fromTokeninfo(JsonObject info) {
        return of(info, "sub", "email_verified");
    }

    /** From userinfo; empty unless the email is present and verified. */
    static Optional<GoogleProfile> fromUserinfo(JsonObject info) {
        return of(info, "id", "verified_email");
    }

    private static Optional<GoogleProfile> of(JsonObject info, String idField, String verifiedField) {
        Optional<String> email = Jsons.string(info, "email").filter(Emails::isValid);
        if (email.isEmpty() || !isTrue(info.get(verifiedField))) {
            return Optional.empty();
        }
        return Optional.of(new GoogleProfile(Emails.normalize(email.get()),
                text(info, idField), text(info, "name"), text(info, "picture"), text(info, "locale")));
    }

    /** Google sends {@code true} or {@code "true"}; anything else (including the string "false") is not verified. */
    private static boolean isTrue(JsonValue value) {
        return JsonValue.TRUE.equals(value) || Jsons.string("true").equals(value);
    }

    private static String text(JsonObject info, String field) {
        return Jsons.string(info, field).orElse(null);
    }
}
