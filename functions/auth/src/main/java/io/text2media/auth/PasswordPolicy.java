package io.text2media.auth;

import io.text2media.shared.http.ApiException;

/**
 * The original's minimum of 6 characters (counted in UTF-16 units, as JavaScript's {@code length}) and the new maximum
 * of 1024 (design.md §5.5): PBKDF2 on a huge password is a CPU lever for an attacker.
 */
final class PasswordPolicy {
    static final int MIN_LENGTH = 6;
    private final int maxLength;

    PasswordPolicy(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Only the upper bound: login accepts any stored password, however short. */
    void checkNotTooLong(String password) {
        if (password.length() > maxLength) {
            throw ApiException.failure(400, "password_too_long", Messages.PASSWORD_TOO_LONG);
        }
    }

    void checkNew(String password) {
        if (password.length() < MIN_LENGTH) {
            throw ApiException.failure(400, "password_too_short", Messages.PASSWORD_TOO_SHORT);
        }
        checkNotTooLong(password);
    }
}
