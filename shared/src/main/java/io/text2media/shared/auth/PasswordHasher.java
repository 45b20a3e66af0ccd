package io.text2media.shared.auth;

import io.text2media.shared.config.PasswordSettings;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing exactly as the original (original-contract.md §7), so that its records verify: PBKDF2 whose salt
 * is the ASCII bytes of a 32-character hex string (not the 16 bytes it encodes), the record's own iterations, key
 * length and digest; and the legacy {@code sha256_hex(password + salt)}. New hashes use the configured parameters
 * (600000 iterations, a 32-byte key: one SHA-256 block; a 64-byte key doubles our work but not an attacker's).
 * Comparisons are constant-time.
 */
public final class PasswordHasher {
    /** What the original used when a record lacks a parameter (its defaults). */
    static final int ORIGINAL_ITERATIONS = 120_000;
    static final int ORIGINAL_KEY_LENGTH = 64;
    static final String ORIGINAL_DIGEST = "sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final PasswordSettings settings;

    public PasswordHasher(PasswordSettings settings) {
        this.settings = settings;
    }

    public PasswordSettings settings() {
        return settings;
    }

    /** A new hash with a fresh salt and the configured parameters. */
    public PasswordHash hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HEX.formatHex(salt);
        String hash = pbkdf2Hex(password, saltHex, settings.iterations(), settings.keyLength(), settings.digest());
        return new PasswordHash(hash, saltHex, settings.iterations(), settings.keyLength(), settings.digest());
    }

    /** Checks a password against a stored user record (PBKDF2 or legacy); false for records without a password. */
    public boolean verify(String password, JsonObject record) {
        String stored = text(record.get("passwordHash"));
        String salt = text(record.get("salt"));
        if (password == null || stored == null || salt == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HEX.parseHex(stored.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual;
        if (isPbkdf2(record)) {
            int iterations = integer(record.get("passwordIterations"), ORIGINAL_ITERATIONS);
            int keyLength = integer(record.get("passwordKeyLength"), ORIGINAL_KEY_LENGTH);
            String digest = digestOf(text(record.get("passwordDigest")));
            if (iterations < 1 || iterations > 10_000_000 || keyLength < 1 || keyLength > 512 || digest == null) {
                return false;
            }
            actual = pbkdf2(password, salt, iterations, keyLength, digest);
        } else {
            actual = legacySha256(password, salt);
        }
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a record that just verified should be re-hashed: legacy, or weaker than the configured parameters. */
    public boolean needsRehash(JsonObject record) {
        if (!isPbkdf2(record) || !"pbkdf2".equals(text(record.get("passwordAlgorithm")))) {
            return true;
        }
        int iterations = integer(record.get("passwordIterations"), 0);
        int keyLength = integer(record.get("passwordKeyLength"), 0);
        String digest = digestOf(text(record.get("passwordDigest")));
        return iterations < settings.iterations() || keyLength < 32 || digest == null
                || digestRank(digest) < digestRank(settings.digest());
    }

    /** The original's rule: a record is PBKDF2 if any of its PBKDF2 fields is present. */
    static boolean isPbkdf2(JsonObject record) {
        return "pbkdf2".equals(text(record.get("passwordAlgorithm")))
                || present(record.get("passwordIterations"))
                || present(record.get("passwordDigest"));
    }

    public static String pbkdf2Hex(String password, String saltHex, int iterations, int keyLength, String digest) {
        return HEX.formatHex(pbkdf2(password, saltHex, iterations, keyLength, digest));
    }

    static byte[] pbkdf2(String password, String saltHex, int iterations, int keyLength, String digest) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), saltHex.getBytes(StandardCharsets.US_ASCII),
                iterations, keyLength * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmac" + digest.toUpperCase(Locale.ROOT))
                    .generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 with " + digest + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The original's pre-PBKDF2 format: SHA-256 over the password and the salt string, concatenated. */
    public static String legacyHex(String password, String salt) {
        return HEX.formatHex(legacySha256(password, salt));
    }

    static byte[] legacySha256(String password, String salt) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((password + salt).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digestOf(String value) {
        if (value == null) {
            return ORIGINAL_DIGEST;
        }
        String d = value.toLowerCase(Locale.ROOT).replace("-", "");
        return switch (d) {
            case "sha256", "sha384", "sha512" -> d;
            default -> null;
        };
    }

    private static int digestRank(String digest) {
        return switch (digest) {
            case "sha512" -> 3;
            case "sha384" -> 2;
            default -> 1;
        };
    }

    private static boolean present(JsonValue v) {
        return v != null && v.getValueType() != JsonValue.ValueType.NULL;
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : null;
    }

    private static int integer(JsonValue v, int fallback) {
        if (v instanceof JsonNumber n) {
            return n.isIntegral() ? n.intValue() : fallback;
        }
        if (v instanceof JsonString s) {
            try {
                return Integer.parseInt(s.getString().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
