package io.text2media.auth;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Password-reset tokens (design.md §5.6): 256 random bits, sent only by email; the store keeps the SHA-256 of the
 * token as the key (a leaked table does not hold usable links) with the original's record fields
 * ({@code email, createdAt, used}) plus the account id. Every record lives 24 hours, used or not; consuming is a
 * compare-and-set from {@code used:false} to {@code used:true}, so of parallel resets with one token exactly one wins.
 */
final class ResetTokens {
    static final Duration TTL = Duration.ofHours(24);
    static final int TOKEN_BYTES = 32;
    /** A token we issued is 43 characters; anything much longer is not worth hashing. */
    private static final int MAX_TOKEN_LENGTH = 256;

    private final KvStore store;
    private final Clock clock;

    ResetTokens(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new token for the account; the caller sends it and forgets it. */
    String issue(String email, String userId) {
        String token = Ids.urlSafe(TOKEN_BYTES);
        JsonObject record = Jsons.object()
                .add("email", email)
                .add("userId", userId)
                .add("createdAt", IsoTimes.format(clock.instant()))
                .add("used", false)
                .build();
        store.put(Namespace.RESET_TOKENS, Hashes.sha256Hex(token), Jsons.text(record), TTL);
        return token;
    }

    /** The live record of a token, used or not; empty for unknown, expired or absurd tokens. */
    Optional<Pending> find(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Optional<KvEntry> entry = store.get(Namespace.RESET_TOKENS, Hashes.sha256Hex(token));
        return entry.flatMap(e -> e.json().map(json -> new Pending(e, json)));
    }

    /** Marks the token used, keeping its original expiry; false when another request consumed it first. */
    boolean consume(Pending pending) {
        Instant expires = pending.entry().expiresAt();
        Duration left = expires == null ? TTL : Duration.between(clock.instant(), expires);
        if (left.isNegative() || left.isZero()) {
            return false;
        }
        JsonObject used = Jsons.object(pending.record())
                .add("used", true)
                .add("usedAt", IsoTimes.format(clock.instant()))
                .build();
        return store.compareAndSet(Namespace.RESET_TOKENS, pending.entry().key(), pending.entry().version(),
                Jsons.text(used), left);
    }

    /** A stored reset record. */
    record Pending(KvEntry entry, JsonObject record) {
        boolean used() {
            return Jsons.truthy(record, "used");
        }

        Optional<String> email() {
            return Jsons.string(record, "email");
        }

        Optional<String> userId() {
            return Jsons.string(record, "userId");
        }
    }
}
