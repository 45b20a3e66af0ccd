package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/auth/login: original-contract.md §4.2 and §7 with design.md §5.1, §5.5, §5.8. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginTest {
    /** original-contract.md §7: PBKDF2 vector (120000 iterations, 64 bytes, sha256) and the legacy SHA-256 vector. */
    static final String PBKDF2_SALT = "8f474af023ad7ef0b8af43ace99f20e5";
    static final String PBKDF2_HASH = "4150b2c4727b794f0d13408e185acbc8405b905d83043fb0f77f55b80b06b65d"
            + "4c4c3bd6a4e0915e508911cc56dc3a76acd859b41a6f68b65950b002fc296b84";
    static final String LEGACY_SALT = "0f0e0d0c0b0a09080706050403020100";
    static final String LEGACY_HASH = "36c66a692e0767d0b9af600e236cdae3259dbff81776e250d1470db9a9631bfc";

    private final MutableClock clock = MutableClock.now();
    private TestApp app;
    private AuthApi api;

    @BeforeAll
    void start() {
        app = AuthApi.app().clock(clock).start();
        api = new AuthApi(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    /** A record as the original's register wrote it, for the §7 PBKDF2 vector (password "secret1"). */
    static JsonObject originalPbkdf2Record(String id, String email) {
        return Jsons.object().add("id", id).add("username", "orig").add("email", email)
                .add("passwordHash", PBKDF2_HASH).add("salt", PBKDF2_SALT).add("passwordAlgorithm", "pbkdf2")
                .add("passwordIterations", 120_000).add("passwordKeyLength", 64).add("passwordDigest", "sha256")
                .add("createdAt", "2025-01-01T00:00:00.000Z").add("lastLoginAt", JsonValue.NULL)
                .add("passwordUpdatedAt", "2025-01-01T00:00:00.000Z").add("isActive", true).build();
    }

    static JsonObject originalLegacyRecord(String id, String email) {
        return Jsons.object().add("id", id).add("username", "old").add("email", email)
                .add("passwordHash", LEGACY_HASH).add("salt", LEGACY_SALT)
                .add("createdAt", "2024-01-01T00:00:00.000Z").add("isActive", true).build();
    }

    @Test
    void successIs200WithTheOriginalsFieldsAndSetsLastLoginAt() {
        api.registered("ok@example.com", "secret1");
        Http.Res res = api.login("ok@example.com", "secret1");
        assertEquals(200, res.status(), res.toString());
        JsonObject body = res.json();
        assertEquals("登录成功", body.getString("message"));
        assertTrue(body.getBoolean("success"));
        JsonObject user = body.getJsonObject("user");
        assertEquals(Set.of("id", "username", "email", "createdAt", "lastLoginAt"), user.keySet());
        assertTrue(user.getString("lastLoginAt").matches("\\d{4}-.*\\.\\d{3}Z"));
        assertEquals(user.getString("lastLoginAt"), Stores.user(app.store(), "ok@example.com").orElseThrow().getString("lastLoginAt"));
        assertEquals(200, api.validate(body.getString("token")).status());
    }

    @Test
    void theEmailIsCaseAndSpaceInsensitive() {
        api.registered("Bob@Example.com", "secret1");
        assertEquals(200, api.login("bob@example.com", "secret1").status(), "the original answered 401 here");
        assertEquals(200, api.login("  BOB@EXAMPLE.COM ", "secret1").status());
    }

    @Test
    void theOriginalsPbkdf2VectorLogsInAndAMixedCaseKeyIsMovedToItsNormalisedKey() {
        Stores.putUser(app.store(), "Dave@Example.com", originalPbkdf2Record("d1", "dave@example.com"));
        Http.Res res = api.login("dave@example.com", "secret1");
        assertEquals(200, res.status(), res.toString());
        assertEquals("d1", res.json().getJsonObject("user").getString("id"));
        List<String> keys = Stores.keys(app.store(), Namespace.USERS);
        assertTrue(keys.contains("dave@example.com"), keys.toString());
        assertFalse(keys.contains("Dave@Example.com"), keys.toString());
        JsonObject moved = Stores.user(app.store(), "dave@example.com").orElseThrow();
        assertEquals(PBKDF2_HASH, moved.getString("passwordHash"), "120000 iterations are not weaker than the test's 10000");
        assertEquals(200, api.validate(res.json().getString("token")).status());
        assertFailure(api.login("dave@example.com", "secret2"), 401, "邮箱或密码错误");
    }

    @Test
    void theLegacyVectorLogsInAndIsUpgradedToPbkdf2() {
        Stores.putUser(app.store(), "legacy@example.com", originalLegacyRecord("l1", "legacy@example.com"));
        assertFailure(api.login("legacy@example.com", "legacy-pas"), 401, "邮箱或密码错误");
        assertEquals(200, api.login("legacy@example.com", "legacy-pass").status());
        JsonObject upgraded = Stores.user(app.store(), "legacy@example.com").orElseThrow();
        assertEquals("pbkdf2", upgraded.getString("passwordAlgorithm"));
        assertEquals(10_000, upgraded.getInt("passwordIterations"));
        assertEquals(32, upgraded.getInt("passwordKeyLength"));
        assertNotEquals(LEGACY_HASH, upgraded.getString("passwordHash"));
        assertNotEquals(LEGACY_SALT, upgraded.getString("salt"));
        assertTrue(upgraded.containsKey("passwordUpdatedAt"));
        assertEquals(200, api.login("legacy@example.com", "legacy-pass").status(), "the upgraded hash verifies");
        assertFailure(api.login("legacy@example.com", "legacy-pas"), 401, "邮箱或密码错误");
    }

    @Test
    void aRecordWithIncompleteMetadataVerifiesWithTheOriginalsDefaultsAndIsRewritten() {
        JsonObject partial = Jsons.object(originalPbkdf2Record("p1", "partial@example.com"))
                .remove("passwordIterations").remove("passwordKeyLength").remove("passwordDigest").build();
        Stores.putUser(app.store(), "partial@example.com", partial);
        assertEquals(200, api.login("partial@example.com", "secret1").status());
        JsonObject rewritten = Stores.user(app.store(), "partial@example.com").orElseThrow();
        assertEquals(10_000, rewritten.getInt("passwordIterations"));
        assertEquals("sha256", rewritten.getString("passwordDigest"));
        assertEquals(200, api.login("partial@example.com", "secret1").status());
    }

    @Test
    void wrongPasswordUnknownEmailAndPasswordlessAccountsAllGetTheSameAnswer() {
        api.registered("known@example.com", "secret1");
        assertFailure(api.login("known@example.com", "wrong-1"), 401, "邮箱或密码错误");
        assertFailure(api.login("nobody@example.com", "secret1"), 401, "邮箱或密码错误");
        Stores.putUser(app.store(), "google-only@example.com", Jsons.object().add("id", "g1").add("email", "google-only@example.com")
                .add("passwordHash", JsonValue.NULL).add("salt", JsonValue.NULL).add("isActive", true).build());
        assertFailure(api.login("google-only@example.com", "anything"), 401, "邮箱或密码错误");
    }

    @Test
    void aDisabledAccountIsToldSoOnlyAfterTheRightPassword() {
        Stores.putUser(app.store(), "off@example.com", Jsons.object(originalPbkdf2Record("o1", "off@example.com"))
                .add("isActive", false).build());
        assertFailure(api.login("off@example.com", "wrong-1"), 401, "邮箱或密码错误");
        assertFailure(api.login("off@example.com", "secret1"), 401, "账户已被禁用");
        Stores.putUser(app.store(), "noflag@example.com", Jsons.object(originalPbkdf2Record("n1", "noflag@example.com"))
                .remove("isActive").build());
        assertFailure(api.login("noflag@example.com", "secret1"), 401, "账户已被禁用");
        assertTrue(Stores.user(app.store(), "off@example.com").orElseThrow().isNull("lastLoginAt"), "nothing written");
    }

    @Test
    void badInputGetsTheOriginalsAnswersAndNeverA500() {
        assertFailure(api.post("/api/auth/login", "{}"), 401, "请填写邮箱和密码");
        assertFailure(api.post("/api/auth/login", "{\"email\":\"a@b.co\"}"), 401, "请填写邮箱和密码");
        assertFailure(api.post("/api/auth/login", "{\"email\":\"a@b.co\",\"password\":\"\"}"), 401, "请填写邮箱和密码");
        assertFailure(api.post("/api/auth/login", "{\"email\":\"a@b.co\",\"password\":123456}"), 401, "邮箱或密码错误");
        assertFailure(api.post("/api/auth/login", "{\"email\":[\"a@b.co\"],\"password\":\"secret1\"}"), 401, "邮箱或密码错误");
        assertFailure(api.post("/api/auth/login", "{\"email\":\"" + "x".repeat(5000) + "@b.co\",\"password\":\"secret1\"}"),
                401, "邮箱或密码错误");
        assertFailure(api.login("a@b.co", "p".repeat(1025)), 400, "密码长度不能超过1024位");
        for (String body : List.of("", "null", "[]", "\"x\"", "{")) {
            Http.Res res = api.post("/api/auth/login", body);
            assertEquals(400, res.status(), body);
            assertEquals("登录请求体必须为 JSON", res.json().getString("error"));
        }
    }

    @Test
    void tenFailuresLockTheAccountWith429AndRetryAfterUntilTheWindowEnds() {
        api.registered("brute@example.com", "secret1");
        for (int i = 0; i < 10; i++) {
            assertFailure(api.login("brute@example.com", "guess-" + i), 401, "邮箱或密码错误");
        }
        Http.Res locked = api.login("Brute@Example.com", "secret1");
        JsonObject body = assertFailure(locked, 429, "登录失败次数过多，请稍后再试");
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 900, "within the 15-minute window: " + retryAfter);
        assertEquals(retryAfter, body.getJsonNumber("retry_after").longValue());
        api.registered("bystander@example.com", "secret1");
        assertEquals(200, api.login("bystander@example.com", "secret1").status(), "other accounts are not affected");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertEquals(200, api.login("brute@example.com", "secret1").status(), "the window is over");
    }

    @Test
    void aCorrectPasswordForgivesEarlierFailures() {
        api.registered("forgiven@example.com", "secret1");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 9; i++) {
                assertFailure(api.login("forgiven@example.com", "guess-" + i), 401, "邮箱或密码错误");
            }
            assertEquals(200, api.login("forgiven@example.com", "secret1").status());
        }
    }

    @Test
    void unknownAddressesLockTheSameWaySoTheLimitRevealsNothing() {
        for (int i = 0; i < 10; i++) {
            assertFailure(api.login("ghost@example.com", "guess-" + i), 401, "邮箱或密码错误");
        }
        assertFailure(api.login("ghost@example.com", "guess"), 429, "登录失败次数过多，请稍后再试");
    }

    @Test
    void parallelGuessesGetExactlyTenPasswordChecks() throws Exception {
        api.registered("parallel@example.com", "secret1");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                int index = i;
                calls.add(threads.submit(() -> {
                    go.await();
                    return api.login("parallel@example.com", "guess-" + index).status();
                }));
            }
            go.countDown();
            int unauthorized = 0;
            int limited = 0;
            for (Future<Integer> call : calls) {
                int status = call.get();
                if (status == 401) {
                    unauthorized++;
                } else if (status == 429) {
                    limited++;
                }
            }
            assertEquals(10, unauthorized);
            assertEquals(14, limited);
        }
    }

    @Test
    void theLimitIsConfigurable() {
        try (TestApp small = AuthApi.app().env("LOGIN_MAX_FAILURES", "2").start()) {
            AuthApi smallApi = new AuthApi(small);
            smallApi.registered("two@example.com", "secret1");
            assertEquals(401, smallApi.login("two@example.com", "x1").status());
            assertEquals(401, smallApi.login("two@example.com", "x2").status());
            assertEquals(429, smallApi.login("two@example.com", "secret1").status());
        }
    }

    @Test
    void theFailureWindowIsConfigurable() {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestApp small = AuthApi.app().clock(clock).env("LOGIN_MAX_FAILURES", "2")
                .env("LOGIN_FAILURE_WINDOW_SECONDS", "60").start()) {
            AuthApi smallApi = new AuthApi(small);
            smallApi.registered("window@example.com", "secret1");
            assertEquals(401, smallApi.login("window@example.com", "x1").status());
            assertEquals(401, smallApi.login("window@example.com", "x2").status());
            Http.Res limited = smallApi.login("window@example.com", "secret1");
            assertEquals(429, limited.status());
            long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
            assertTrue(retryAfter > 0 && retryAfter <= 60, "within the 60 s window: " + retryAfter);
            clock.advance(Duration.ofSeconds(61));
            assertEquals(200, smallApi.login("window@example.com", "secret1").status(), "the 60 s window has passed");
        }
    }

    @Test
    void aRecordWeakerThanTheConfiguredParametersIsRehashedOnLogin() {
        try (TestApp strong = AuthApi.app().env("PBKDF2_ITERATIONS", "130000").start()) {
            Stores.putUser(strong.store(), "weak@example.com", originalPbkdf2Record("w1", "weak@example.com"));
            assertEquals(200, new AuthApi(strong).login("weak@example.com", "secret1").status());
            JsonObject rehashed = Stores.user(strong.store(), "weak@example.com").orElseThrow();
            assertEquals(130_000, rehashed.getInt("passwordIterations"));
            assertEquals(32, rehashed.getInt("passwordKeyLength"));
            assertNotEquals(PBKDF2_HASH, rehashed.getString("passwordHash"));
            assertEquals(200, new AuthApi(strong).login("weak@example.com", "secret1").status());
        }
    }
}
