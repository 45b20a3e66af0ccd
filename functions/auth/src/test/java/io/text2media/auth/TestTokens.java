package io.text2media.auth;

import io.text2media.shared.testing.TestEnv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made tokens: well-formed but wrong in exactly one way, and the original's legacy format. */
final class TestTokens {

    private TestTokens() {
    }

    static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code header.claims.signature} with an HMAC of the given JCA algorithm over the test secret. */
    static String signed(String headerJson, String claimsJson, String jcaAlgorithm) {
        String input = b64url(headerJson) + "." + b64url(claimsJson);
        return input + "." + hmac(jcaAlgorithm, TestEnv.JWT_SECRET, input);
    }

    static String hs256(String claimsJson) {
        return signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claimsJson, "HmacSHA256");
    }

    static String claims(String userId, String email, long iat, Long exp, Long tokenVersion) {
        StringBuilder json = new StringBuilder("{\"userId\":\"" + userId + "\",\"email\":\"" + email + "\",\"iat\":" + iat);
        if (exp != null) {
            json.append(",\"exp\":").append(exp);
        }
        if (tokenVersion != null) {
            json.append(",\"tv\":").append(tokenVersion);
        }
        return json.append('}').toString();
    }

    /** The original's legacy format: {@code s = base64(hex(sha256(h + "." + c + "." + secret)))}, claims in standard base64. */
    static String legacy(String userId, String email, long exp) {
        String h = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String c = Base64.getEncoder().encodeToString(
                ("{\"userId\":\"" + userId + "\",\"email\":\"" + email + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((h + "." + c + "." + TestEnv.JWT_SECRET).getBytes(StandardCharsets.UTF_8));
            return h + "." + c + "." + Base64.getEncoder().encodeToString(HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmac(String algorithm, String secret, String input) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
