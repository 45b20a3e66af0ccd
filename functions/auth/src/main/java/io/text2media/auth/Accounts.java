package io.text2media.auth;

import io.text2media.shared.auth.Emails;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonObject;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * User records in USERS, keyed by the normalised email (design.md §5.1). Creation is put-if-absent, so of N racing
 * registrations exactly one wins; every change is a compare-and-set on the record's version, retried on conflict, so
 * a login writing {@code lastLoginAt} can never undo a logout's token-version bump that landed in between.
 */
final class Accounts {
    private static final int MAX_ATTEMPTS = 20;
    private final UserRecords users;
    private final KvStore store;

    Accounts(UserRecords users) {
        this.users = users;
        this.store = users.store();
    }

    /** The record for the email (any case the original stored it under), never writing. */
    Optional<JsonObject> find(String email) {
        return users.find(email).flatMap(KvEntry::json);
    }

    /** Creates the record under the normalised email; false when an account already holds it. */
    boolean create(String email, JsonObject record) {
        return store.putIfAbsent(Namespace.USERS, Emails.normalize(email), Jsons.text(record), null);
    }

    /**
     * Applies {@code change} to the current record and stores the result if nobody changed the record meanwhile,
     * retrying with the fresh record otherwise. An original mixed-case record is moved to its normalised key first.
     * {@code change} may throw to refuse (nothing is written then). Empty when there is no record.
     */
    Optional<JsonObject> update(String email, UnaryOperator<JsonObject> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<KvEntry> entry = users.findAndMove(email);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            Optional<JsonObject> record = entry.get().json();
            if (record.isEmpty()) {
                return Optional.empty();
            }
            JsonObject changed = change.apply(record.get());
            if (store.compareAndSet(Namespace.USERS, entry.get().key(), entry.get().version(), Jsons.text(changed), null)) {
                return Optional.of(changed);
            }
        }
        throw new IllegalStateException("user record kept changing under " + MAX_ATTEMPTS + " updates");
    }
}
