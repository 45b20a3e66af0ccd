package io.text2media.shared.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares secrets (admin keys, operator tokens) in constant time. Both sides are hashed first, so neither the
 * position of the first difference nor the expected length leaks through timing.
 */
public final class ConstantTime {

    private ConstantTime() {
    }

    /** True when {@code candidate} equals {@code expected}; false when either is null. */
    public static boolean equals(String expected, String candidate) {
        if (expected == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(candidate));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
