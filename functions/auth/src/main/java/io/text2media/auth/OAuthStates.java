package io.text2media.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-signed OAuth {@code state} values (design.md §5.7): {@code t2m1.<expiry>.<nonce>.<mac>}, where the MAC is
 * HMAC-SHA256 over the expiry, the nonce and the redirect URI, with a key derived from {@code JWT_SECRET}. A state is
 * good for 10 minutes and only with the redirect URI it was issued for. Nothing is stored: any instance of the
 * function can check a state another one issued.
 *
 * <p>The original frontend makes its own states ({@code Math.random().toString(36)}: no dots), so a state is "ours"
 * exactly when it starts with the prefix.
 */
final class OAuthStates {
    static final String PREFIX = "t2m1.";
    static final Duration TTL = Duration.ofMinutes(10);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Clock clock;

    OAuthStates(byte[] jwtSecret, Clock clock) {
        // A key of its own: a state MAC can never be mistaken for a token signature, nor the other way round.
        this.key = hmac(jwtSecret, "text2media/oauth-state/v1");
        this.clock = clock;
    }

    enum Check {
        /** one of ours, unexpired, for this redirect URI */
        VALID,
        /** one of ours, but forged, expired or for another redirect URI */
        INVALID,
        /** not one of ours (the original frontend's own state, or none) */
        FOREIGN
    }

    String issue(String redirectUri) {
        long expires = clock.instant().plus(TTL).getEpochSecond();
        String unsigned = PREFIX + expires + "." + Ids.urlSafe(16);
        return unsigned + "." + mac(unsigned, redirectUri);
    }

    Check check(String state, String redirectUri) {
        if (state == null || !state.startsWith(PREFIX)) {
            return Check.FOREIGN;
        }
        int lastDot = state.lastIndexOf('.');
        String unsigned = state.substring(0, lastDot);
        String[] parts = unsigned.split("\\.", -1);
        if (parts.length != 3 || state.length() > 200) {
            return Check.INVALID;
        }
        byte[] expected = mac(unsigned, redirectUri).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, state.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Check.INVALID;
        }
        try {
            return Long.parseLong(parts[1]) > clock.instant().getEpochSecond() ? Check.VALID : Check.INVALID;
        } catch (NumberFormatException e) {
            return Check.INVALID;
        }
    }

    private String mac(String unsigned, String redirectUri) {
        return B64.encodeToString(hmac(key, unsigned + "\n" + redirectUri));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
