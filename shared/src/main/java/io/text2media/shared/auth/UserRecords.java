package io.text2media.shared.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * Finds user records in USERS by normalised email. The original stored records under the email as typed
 * ({@code Alice@Example.com}); such a record is still found (a case-insensitive look-up on a miss) and, on the paths
 * that write anyway (login, reset, Google), moved to its normalised key.
 */
public final class UserRecords {
    private final KvStore store;

    public UserRecords(KvStore store) {
        this.store = store;
    }

    public KvStore store() {
        return store;
    }

    /** The record for the email, never writing. */
    public Optional<KvEntry> find(String email) {
        String key = Emails.normalize(email);
        Optional<KvEntry> exact = store.get(Namespace.USERS, key);
        return exact.isPresent() ? exact : store.findKeyIgnoreCase(Namespace.USERS, key);
    }

    /** The record under its normalised key, moving an original mixed-case record there first. */
    public Optional<KvEntry> findAndMove(String email) {
        String key = Emails.normalize(email);
        Optional<KvEntry> exact = store.get(Namespace.USERS, key);
        if (exact.isPresent()) {
            return exact;
        }
        Optional<KvEntry> legacy = store.findKeyIgnoreCase(Namespace.USERS, key);
        if (legacy.isEmpty()) {
            return Optional.empty();
        }
        String value = legacy.get().json()
                .map(r -> Jsons.text(Jsons.object(r).add("email", key).build()))
                .orElse(legacy.get().value());
        if (store.putIfAbsent(Namespace.USERS, key, value, null)) {
            store.delete(Namespace.USERS, legacy.get().key());
        }
        return store.get(Namespace.USERS, key);
    }

    /** The record's token version (0 when absent): tokens carrying another version are revoked. */
    public static long tokenVersion(JsonObject record) {
        return record.get("tokenVersion") instanceof JsonNumber n ? n.longValue() : 0;
    }

    /** The original's rule: a falsy (or missing) {@code isActive} is a disabled account. */
    public static boolean isActive(JsonObject record) {
        return Jsons.truthy(record, "isActive");
    }
}
