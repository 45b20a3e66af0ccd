package io.text2media.shared.auth;

import io.text2media.shared.config.PasswordSettings;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {
    /** original-contract.md §7, verified against the original. */
    static final String VECTOR_HASH = "4150b2c4727b794f0d13408e185acbc8405b905d83043fb0f77f55b80b06b65d"
            + "4c4c3bd6a4e0915e508911cc56dc3a76acd859b41a6f68b65950b002fc296b84";
    static final String LEGACY_HASH = "36c66a692e0767d0b9af600e236cdae3259dbff81776e250d1470db9a9631bfc";

    private final PasswordHasher hasher = new PasswordHasher(new PasswordSettings(10_000, 32, "sha256", 1024, 2, 16));

    @Test
    void thePbkdf2VectorUsesTheAsciiHexSalt() {
        assertEquals(VECTOR_HASH, PasswordHasher.pbkdf2Hex("secret1", "8f474af023ad7ef0b8af43ace99f20e5", 120_000, 64, "sha256"));
    }

    @Test
    void theOriginalsPbkdf2RecordVerifies() {
        JsonObject record = Jsons.object()
                .add("passwordHash", VECTOR_HASH).add("salt", "8f474af023ad7ef0b8af43ace99f20e5")
                .add("passwordAlgorithm", "pbkdf2").add("passwordIterations", 120_000)
                .add("passwordKeyLength", 64).add("passwordDigest", "sha256").build();
        assertTrue(hasher.verify("secret1", record));
        assertFalse(hasher.verify("secret2", record));
        assertTrue(new PasswordHasher(new PasswordSettings(600_000, 32, "sha256", 1024, 1, 1)).needsRehash(record),
                "120000 iterations is weaker than the default 600000");
        assertFalse(hasher.needsRehash(record), "but not weaker than a configured 10000");
    }

    @Test
    void aRecordWithoutMetadataFallsBackToTheOriginalsDefaults() {
        JsonObject record = Jsons.object()
                .add("passwordHash", VECTOR_HASH).add("salt", "8f474af023ad7ef0b8af43ace99f20e5")
                .add("passwordAlgorithm", "pbkdf2").build();
        assertTrue(hasher.verify("secret1", record));
        assertTrue(hasher.needsRehash(record), "missing metadata is filled in by a re-hash");
    }

    @Test
    void theLegacyVectorVerifiesAndIsAlwaysUpgraded() {
        assertEquals(LEGACY_HASH, PasswordHasher.legacyHex("legacy-pass", "0f0e0d0c0b0a09080706050403020100"));
        JsonObject record = Jsons.object().add("passwordHash", LEGACY_HASH).add("salt", "0f0e0d0c0b0a09080706050403020100").build();
        assertTrue(hasher.verify("legacy-pass", record));
        assertFalse(hasher.verify("legacy-pas", record));
        assertTrue(hasher.needsRehash(record));
    }

    @Test
    void newHashesUseTheSettingsAndAFreshSalt() {
        PasswordHash a = hasher.hash("correct horse");
        PasswordHash b = hasher.hash("correct horse");
        assertNotEquals(a.salt(), b.salt());
        assertNotEquals(a.hash(), b.hash());
        assertEquals(32, a.salt().length());
        assertEquals(64, a.hash().length(), "32-byte key");
        JsonObject record = a.writeTo(Jsons.object()).build();
        assertEquals("pbkdf2", record.getString("passwordAlgorithm"));
        assertEquals(10_000, record.getInt("passwordIterations"));
        assertTrue(hasher.verify("correct horse", record));
        assertFalse(hasher.needsRehash(record));
        assertFalse(a.toString().contains(a.hash()), "toString never shows the hash");
    }

    @Test
    void unicodePasswordsHashAsUtf8LikeNode() {
        PasswordHash h = hasher.hash("密码🔒pass");
        assertTrue(hasher.verify("密码🔒pass", h.writeTo(Jsons.object()).build()));
    }

    @Test
    void recordsWithoutAPasswordNeverVerify() {
        assertFalse(hasher.verify("anything", Jsons.object().add("passwordHash", jakarta.json.JsonValue.NULL).build()));
        assertFalse(hasher.verify("anything", Jsons.object().add("password", jakarta.json.JsonValue.NULL).build()));
        assertFalse(hasher.verify("anything", Jsons.object().add("passwordHash", "zz").add("salt", "s").build()));
    }

    @Test
    void aStrongerDigestOrMoreIterationsDoNotTriggerARehash() {
        PasswordHasher strong = new PasswordHasher(new PasswordSettings(20_000, 64, "sha512", 1024, 1, 1));
        JsonObject record = strong.hash("pw123456").writeTo(Jsons.object()).build();
        assertFalse(hasher.needsRehash(record));
        assertTrue(strong.needsRehash(hasher.hash("pw123456").writeTo(Jsons.object()).build()));
    }
}
