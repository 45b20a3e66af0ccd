package io.text2media.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers and secrets. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A user id as the original's register made them: 16 random bytes, 32 hex characters. */
    static String userId() {
        return HexFormat.of().formatHex(bytes(16));
    }

    /** {@code n} random bytes, base64url without padding. */
    static String urlSafe(int n) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(n));
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
