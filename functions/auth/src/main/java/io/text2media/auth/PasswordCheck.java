package io.text2media.auth;

import io.text2media.shared.auth.HashingPool;
import io.text2media.shared.auth.PasswordHash;
import io.text2media.shared.auth.PasswordHasher;

import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * Checks a password against a stored record and, when it matches a legacy or weaker hash, computes its replacement,
 * all in one task on the bounded hashing pool: the CPU-heavy PBKDF2 never runs on a request thread.
 */
final class PasswordCheck {
    private final PasswordHasher hasher;
    private final HashingPool pool;

    PasswordCheck(PasswordHasher hasher, HashingPool pool) {
        this.hasher = hasher;
        this.pool = pool;
    }

    Result verify(String password, JsonObject record) {
        return pool.run(() -> {
            if (!hasher.verify(password, record)) {
                return new Result(false, Optional.empty());
            }
            return new Result(true, hasher.needsRehash(record) ? Optional.of(hasher.hash(password)) : Optional.empty());
        });
    }

    PasswordHash hash(String password) {
        return pool.run(() -> hasher.hash(password));
    }

    /** Whether the password matched, and the stronger hash to store when the record's was legacy or weaker. */
    record Result(boolean matches, Optional<PasswordHash> rehash) {
    }
}
