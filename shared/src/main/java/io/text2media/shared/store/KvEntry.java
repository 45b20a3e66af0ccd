package io.text2media.shared.store;

import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/** One live entry: its JSON text, the version compare-and-set checks, and when it expires (null: never). */
public record KvEntry(String key, String value, long version, Instant expiresAt, long counter) {

    /** The value as a JSON object; empty when it is not one (e.g. a bare string). */
    public Optional<JsonObject> json() {
        return Jsons.parseObject(value);
    }
}
