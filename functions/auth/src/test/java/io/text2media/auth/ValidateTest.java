package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/auth/validate: original-contract.md §3, §4.3, §8 with design.md §5.3, §5.4. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidateTest {
    private TestApp app;
    private AuthApi api;
    private String userId;
    private final long now = Instant.now().getEpochSecond();

    @BeforeAll
    void start() {
        app = AuthApi.app().start();
        api = new AuthApi(app);
        Http.Res res = api.register("val", "val@example.com", "secret1");
        userId = res.json().getJsonObject("user").getString("id");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private static void assertCause(Http.Res res, String message, String cause) {
        JsonObject body = assertFailure(res, 401, message);
        assertEquals(cause, body.getString("cause"));
    }

    @Test
    void aTokenOfARecordTheOriginalKeptUnderAMixedCaseKeyValidatesWithoutWriting() {
        JsonObject record = LoginTest.originalPbkdf2Record("e1", "Erin@Example.com");
        Stores.putUser(app.store(), "Erin@Example.com", record);
        String token = TestTokens.hs256(TestTokens.claims("e1", "Erin@Example.com", now, now + 3600, null));
        List<String> before = Stores.snapshot(app.store(), Namespace.USERS);
        Http.Res res = api.validate(token);
        assertEquals(200, res.status(), res.toString());
        assertEquals("e1", res.json().getJsonObject("user").getString("id"));
        assertEquals(before, Stores.snapshot(app.store(), Namespace.USERS), "reading a token never writes");
    }

    @Test
    void aGoodTokenAnswersTheUserWithoutANewToken() {
        String token = api.login("val@example.com", "secret1").json().getString("token");
        assertTrue(token.startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."), "the original's header bytes");
        Http.Res res = api.validate(token);
        assertEquals(200, res.status(), res.toString());
        assertTrue(res.json().getBoolean("success"));
        assertFalse(res.json().containsKey("token"), "rotation is for legacy tokens only");
        JsonObject user = res.json().getJsonObject("user");
        assertEquals(Set.of("id", "username", "email", "createdAt", "lastLoginAt"), user.keySet());
        assertEquals(userId, user.getString("id"));
    }

    @Test
    void aTokenInTheOriginalsExactFormatStillValidates() {
        // Issued by the original with the same secret: claims userId, email, iat, exp and nothing else.
        assertEquals(200, api.validate(TestTokens.hs256(TestTokens.claims(userId, "val@example.com", now, now + 3600, null))).status());
    }

    @Test
    void theTokenIsTakenFromTheAuthTokenCookieWhenThereIsNoBearer() {
        String token = api.login("val@example.com", "secret1").json().getString("token");
        String cookie = "theme=dark; auth_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        assertEquals(200, api.http().get("/api/auth/validate", "Cookie", cookie).status());
        assertEquals(200, api.http().get("/api/auth/validate", "Authorization", "Basic abc", "Cookie", cookie).status(),
                "another scheme falls through to the cookie");
    }

    @Test
    void noTokenIsNoAuthorizationToken() {
        assertCause(api.http().get("/api/auth/validate"), "缺少认证token", "no_authorization_token");
        assertCause(api.http().get("/api/auth/validate", "Authorization", "Basic dXNlcjpwYXNz"), "缺少认证token", "no_authorization_token");
        assertCause(api.http().get("/api/auth/validate", "Authorization", "bearer x.y.z"), "缺少认证token", "no_authorization_token");
    }

    @Test
    void everyKindOfBadTokenIsInvalidOrExpired() {
        String good = TestTokens.claims(userId, "val@example.com", now, now + 3600, null);
        String input = TestTokens.b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + TestTokens.b64url(good);
        String validSignature = TestTokens.hs256(good).substring(TestTokens.hs256(good).lastIndexOf('.') + 1);
        List<String> bad = List.of(
                "garbage",
                "a.b.c",
                input + ".",                                                                  // alg none, no signature
                input + "." + validSignature,                                                 // alg none, the right HS256 MAC
                TestTokens.signed("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", good, "HmacSHA384"), // another algorithm
                TestTokens.signed("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", good, "HmacSHA512"),
                TestTokens.signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", good, "HmacSHA256"),
                flipSignatureChar(TestTokens.hs256(good)),                                         // bad signature
                TestTokens.hs256(good.replace("val@", "vaL@")).replaceAll("\\.[^.]+$", "." + validSignature),
                TestTokens.hs256(TestTokens.claims(userId, "val@example.com", now, null, null)),      // no exp
                TestTokens.hs256(TestTokens.claims(userId, "val@example.com", now - 7200, now - 3600, null)), // expired
                TestTokens.legacy(userId, "val@example.com", now + 3600));                   // legacy, not allowed by default
        for (String token : bad) {
            assertCause(api.validate(token), "token无效或已过期", "jwt_invalid_or_expired");
        }
    }

    @Test
    void anOlderTokenVersionIsRevoked() {
        api.registered("versions@example.com", "secret1");
        JsonObject record = Stores.user(app.store(), "versions@example.com").orElseThrow();
        String id = record.getString("id");
        Stores.putUser(app.store(), "versions@example.com", Jsons.object(record).add("tokenVersion", 2).build());
        assertCause(api.validate(TestTokens.hs256(TestTokens.claims(id, "versions@example.com", now, now + 3600, 1L))),
                "token无效或已过期", "token_revoked");
        assertCause(api.validate(TestTokens.hs256(TestTokens.claims(id, "versions@example.com", now, now + 3600, null))),
                "token无效或已过期", "token_revoked");
        assertEquals(200, api.validate(TestTokens.hs256(TestTokens.claims(id, "versions@example.com", now, now + 3600, 2L))).status());
    }

    @Test
    void aValidTokenForAMissingUserIsUserNotFoundAndWritesNothing() {
        List<String> before = Stores.snapshot(app.store(), Namespace.USERS);
        assertCause(api.validate(TestTokens.hs256(TestTokens.claims("ghost", "ghost@example.com", now, now + 3600, null))),
                "用户不存在", "user_not_found");
        assertCause(api.validate(TestTokens.hs256(TestTokens.claims("ghost", "Ghost@Example.com", now, now + 3600, null))),
                "用户不存在", "user_not_found");
        assertEquals(before, Stores.snapshot(app.store(), Namespace.USERS), "the original created a 'minimal user' here");
    }

    @Test
    void aTokenOfADeletedAndReRegisteredAccountIsUserNotFound() {
        assertCause(api.validate(TestTokens.hs256(TestTokens.claims("previous-owner", "val@example.com", now, now + 3600, null))),
                "用户不存在", "user_not_found");
    }

    @Test
    void aDisabledAccountIsUserDisabled() {
        api.registered("disabled@example.com", "secret1");
        JsonObject record = Stores.user(app.store(), "disabled@example.com").orElseThrow();
        String token = api.login("disabled@example.com", "secret1").json().getString("token");
        Stores.putUser(app.store(), "disabled@example.com", Jsons.object(Stores.user(app.store(), "disabled@example.com").orElseThrow())
                .add("isActive", false).build());
        assertCause(api.validate(token), "账户已被禁用", "user_disabled");
        assertEquals(record.getString("id"), Stores.user(app.store(), "disabled@example.com").orElseThrow().getString("id"));
    }

    @Test
    void legacyTokensAreAcceptedAndRotatedOnlyWithJwtAllowLegacy() {
        try (TestApp legacyApp = AuthApi.app().env("JWT_ALLOW_LEGACY", "true").start()) {
            AuthApi legacyApi = new AuthApi(legacyApp);
            String id = legacyApi.register("old", "old@example.com", "secret1").json().getJsonObject("user").getString("id");
            String legacy = TestTokens.legacy(id, "old@example.com", now + 3600);
            Http.Res res = legacyApi.validate(legacy);
            assertEquals(200, res.status(), res.toString());
            String rotated = res.json().getString("token");
            assertTrue(rotated.startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
            Http.Res again = legacyApi.validate(rotated);
            assertEquals(200, again.status());
            assertFalse(again.json().containsKey("token"), "a standard token is not rotated");

            assertEquals(200, legacyApi.logout(legacy).status());
            assertCause(legacyApi.validate(legacy), "token无效或已过期", "token_revoked");
            assertCause(legacyApi.validate(rotated), "token无效或已过期", "token_revoked");
        }
    }

    /** Changes a signature character whose bits all count (the last one of a base64url MAC carries padding bits). */
    private static String flipSignatureChar(String token) {
        int at = token.length() - 10;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
