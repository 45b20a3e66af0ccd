package io.text2media.shared.auth;

import io.text2media.shared.config.JwtSettings;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtServiceTest {
    /** original-contract.md §8: secret {@code test-secret}. */
    static final String VECTOR = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJ1c2VySWQiOiJ1MSIsImVtYWlsIjoiYUBiLmNvIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDA2MDQ4MDB9."
            + "RUwW8n57nOVbFpDKcJh1Cfz6a_BdpUvLWVRsw1JzpXs";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final JwtService jwt = new JwtService(settings(TestEnv.JWT_SECRET, false), clock);

    private static JwtSettings settings(String secret, boolean legacy) {
        return new JwtSettings(Optional.of(secret), Duration.ofDays(7), legacy);
    }

    @Test
    void issuedTokensVerifyWithTheirClaims() {
        String token = jwt.issue("u1", "a@b.co", 0);
        TokenClaims claims = jwt.verify(token).orElseThrow();
        assertEquals("u1", claims.userId());
        assertEquals("a@b.co", claims.email());
        assertEquals(0, claims.tokenVersion());
        assertEquals(clock.instant().plus(Duration.ofDays(7)), claims.expiresAt());
        assertFalse(claims.legacy());
        assertEquals(3, jwt.verify(jwt.issue("u1", "a@b.co", 3)).orElseThrow().tokenVersion());
    }

    @Test
    void theVectorsLayoutIsReproducedByteForByte() {
        // jjwt refuses the vector's 11-byte secret (HS256 keys must be >= 32 bytes), so the signature cannot be
        // checked with it; what the frontend and any other reader depend on is the layout, which must be identical.
        MutableClock atVector = new MutableClock(Instant.ofEpochSecond(1_700_000_000));
        String ours = new JwtService(settings(TestEnv.JWT_SECRET, false), atVector).issue("u1", "a@b.co", 0);
        String[] v = VECTOR.split("\\.");
        String[] o = ours.split("\\.");
        assertEquals(v[0], o[0], "header {\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertEquals(v[1], o[1], "claims userId, email, iat, exp in the original's order");
        // and the vector itself is what HS256 over those bytes with its secret gives
        assertEquals(v[2], hmac("HmacSHA256", "test-secret", v[0] + "." + v[1]));
    }

    @Test
    void theVectorsClaimsDecodeWithOurJsonAdapter() throws Exception {
        var claims = new JsonpJwtDeserializer().deserialize(new java.io.StringReader(
                new String(Base64.getUrlDecoder().decode(VECTOR.split("\\.")[1]), StandardCharsets.UTF_8)));
        assertEquals("u1", claims.get("userId"));
        assertEquals("a@b.co", claims.get("email"));
        assertEquals(1_700_000_000, claims.get("iat"));
        assertEquals(1_700_604_800, claims.get("exp"));
    }

    @Test
    void expiredTokensAreRejected() {
        String token = jwt.issue("u1", "a@b.co", 0);
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertTrue(jwt.verify(token).isEmpty());
    }

    @Test
    void tamperedPayloadsAndSignaturesAreRejected() {
        String[] parts = jwt.issue("u1", "a@b.co", 0).split("\\.");
        String evilClaims = b64("{\"userId\":\"admin\",\"email\":\"a@b.co\",\"iat\":1,\"exp\":9999999999}");
        assertTrue(jwt.verify(parts[0] + "." + evilClaims + "." + parts[2]).isEmpty());
        String flipped = parts[2].substring(0, parts[2].length() - 2) + (parts[2].endsWith("AA") ? "BB" : "AA");
        assertTrue(jwt.verify(parts[0] + "." + parts[1] + "." + flipped).isEmpty());
        assertTrue(jwt.verify("not-a-token").isEmpty());
        assertTrue(jwt.verify("a.b").isEmpty());
        assertTrue(jwt.verify("").isEmpty());
    }

    @Test
    void algNoneIsRejectedWithOrWithoutASignature() {
        String claims = b64("{\"userId\":\"u1\",\"email\":\"a@b.co\",\"iat\":1,\"exp\":9999999999}");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        assertTrue(jwt.verify(none + "." + claims + ".").isEmpty());
        String sig = hmac("HmacSHA256", TestEnv.JWT_SECRET, none + "." + claims);
        assertTrue(jwt.verify(none + "." + claims + "." + sig).isEmpty(), "the original accepted this");
    }

    @Test
    void otherAlgorithmsAreRejectedEvenWithTheRightSecret() {
        String secret = "a-64-byte-secret-0123456789abcdef0123456789abcdef0123456789abcdef";
        JwtService service = new JwtService(settings(secret, false), clock);
        String claims = b64("{\"userId\":\"u1\",\"email\":\"a@b.co\",\"iat\":1,\"exp\":9999999999}");
        String hs512 = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
        String hs384 = b64("{\"alg\":\"HS384\",\"typ\":\"JWT\"}");
        assertTrue(service.verify(hs512 + "." + claims + "." + hmac("HmacSHA512", secret, hs512 + "." + claims)).isEmpty());
        assertTrue(service.verify(hs384 + "." + claims + "." + hmac("HmacSHA384", secret, hs384 + "." + claims)).isEmpty());
        String hs256 = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertTrue(service.verify(hs256 + "." + claims + "." + hmac("HmacSHA256", secret, hs256 + "." + claims)).isPresent(),
                "the same hand-made token with HS256 passes, so the rejections above are about the algorithm");
    }

    @Test
    void tokensWithoutExpAreRejected() {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"userId\":\"u1\",\"email\":\"a@b.co\",\"iat\":1}");
        assertTrue(jwt.verify(header + "." + claims + "." + hmac("HmacSHA256", TestEnv.JWT_SECRET, header + "." + claims)).isEmpty());
    }

    @Test
    void tokensWithoutTheUserClaimsAreRejected() {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"userId\":7,\"email\":\"a@b.co\",\"exp\":9999999999}");
        assertTrue(jwt.verify(header + "." + claims + "." + hmac("HmacSHA256", TestEnv.JWT_SECRET, header + "." + claims)).isEmpty());
    }

    @Test
    void legacyTokensOnlyWhenAllowed() {
        String h = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String c = Base64.getEncoder().encodeToString(
                "{\"userId\":\"u9\",\"email\":\"old@b.co\",\"exp\":1900000000}".getBytes(StandardCharsets.UTF_8));
        String legacy = h + "." + c + "." + legacySignature(h, c, TestEnv.JWT_SECRET);
        assertTrue(jwt.verify(legacy).isEmpty(), "JWT_ALLOW_LEGACY defaults to false");
        JwtService allowing = new JwtService(settings(TestEnv.JWT_SECRET, true), clock);
        TokenClaims claims = allowing.verify(legacy).orElseThrow();
        assertEquals("u9", claims.userId());
        assertTrue(claims.legacy());
        assertTrue(allowing.verify(h + "." + c + "." + legacySignature(h, c, "another-secret")).isEmpty());
        String expired = Base64.getEncoder().encodeToString("{\"userId\":\"u9\",\"email\":\"x@b.co\",\"exp\":1}".getBytes(StandardCharsets.UTF_8));
        assertTrue(allowing.verify(h + "." + expired + "." + legacySignature(h, expired, TestEnv.JWT_SECRET)).isEmpty());
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String hmac(String alg, String secret, String input) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), alg));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String legacySignature(String h, String c, String secret) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((h + "." + c + "." + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
