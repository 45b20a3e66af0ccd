package io.text2media.auth;

import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** The {@code user} object of each route's answer, with the original's fields (original-contract.md §4.1-§4.7). */
final class UserViews {

    private UserViews() {
    }

    /** register: {@code id, username, email, createdAt}. */
    static JsonObject registered(JsonObject record) {
        return pick(record, "id", "username", "email", "createdAt").build();
    }

    /** login and validate: also {@code lastLoginAt}. */
    static JsonObject loggedIn(JsonObject record) {
        return pick(record, "id", "username", "email", "createdAt", "lastLoginAt").build();
    }

    /** both Google flows: also {@code authProvider} (stored, else "email") and {@code avatar} (the Google picture). */
    static JsonObject google(JsonObject record) {
        JsonValue provider = record.get("authProvider");
        JsonValue picture = record.get("googleInfo") instanceof JsonObject info ? info.get("picture") : null;
        return pick(record, "id", "username", "email", "createdAt", "lastLoginAt")
                .add("authProvider", Jsons.truthy(provider) ? provider : Jsons.string("email"))
                .add("avatar", Jsons.truthy(picture) ? picture : JsonValue.NULL)
                .build();
    }

    /** Copies the fields that exist; a missing one is left out, as JSON.stringify leaves out undefined. */
    private static JsonObjectBuilder pick(JsonObject record, String... fields) {
        JsonObjectBuilder out = Jsons.object();
        for (String field : fields) {
            if (record.containsKey(field)) {
                out.add(field, record.get(field));
            }
        }
        return out;
    }
}
