package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.Waits;

import com.github.tomakehurst.wiremock.http.Fault;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forgot-password and reset-password: original-contract.md §4.4, §4.5, §10 with design.md §5.6. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordResetTest {
    private static final String SENT = "如果该邮箱已注册，重置密码链接将发送到您的邮箱";
    private final MutableClock clock = MutableClock.now();
    private EmailFake email;
    private TestApp app;
    private AuthApi api;

    @BeforeAll
    void start() {
        email = new EmailFake();
        app = AuthApi.app().clock(clock).env(email.env()).env("FORGOT_PASSWORD_PER_CLIENT", "1000").start();
        api = new AuthApi(app);
    }

    @AfterAll
    void stop() {
        app.close();
        email.close();
    }

    @BeforeEach
    void freshFake() {
        email.accept();
    }

    /** Asks for a reset of a registered account and returns the token from the email it was sent. */
    private String resetTokenFor(String address) {
        int before = email.requests().size();
        assertEquals(200, api.forgot(address).status());
        return EmailFake.tokenIn(email.awaitEmail(before + 1));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void knownAndUnknownAddressesGetTheSameAnswerAndOnlyTheKnownOneAnEmail() {
        api.registered("known@example.com", "secret1");
        Http.Res unknown = api.forgot("unknown@example.com"); // first: an email for it would arrive first
        Http.Res known = api.forgot("known@example.com");
        for (Http.Res res : List.of(known, unknown)) {
            assertEquals(200, res.status(), res.toString());
        }
        JsonObject a = Jsons.object(known.json()).build();
        JsonObject b = Jsons.object(unknown.json()).build();
        assertEquals(a, b, "one body for both (the original worded them differently)");
        assertEquals(SENT, a.getString("message"));
        assertTrue(a.getBoolean("success"));
        email.awaitEmail(1);
        assertEquals(1, email.requests().size(), "no email for an address without an account");
        assertEquals("known@example.com", email.awaitEmail(1).getString("to"));
    }

    @Test
    void theEmailIsResendCompatibleAndCarriesA256BitTokenThatIsStoredOnlyHashed() throws Exception {
        api.registered("Mail@Example.com", "secret1");
        assertEquals(200, api.forgot("  MAIL@example.COM").status());
        JsonObject sent = email.awaitEmail(1);
        assertEquals("Bearer " + EmailFake.API_KEY, email.requests().get(0).getHeader("Authorization"));
        assertTrue(email.requests().get(0).getHeader("Content-Type").startsWith("application/json"));
        assertEquals("AIStone Support <support@aistone.ai>", sent.getString("from"));
        assertEquals("mail@example.com", sent.getString("to"));
        assertEquals("AIStone密码重置", sent.getString("subject"));
        String token = EmailFake.tokenIn(sent);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token).length, "256 random bits");

        List<String> keys = Stores.keys(app.store(), Namespace.RESET_TOKENS);
        assertTrue(keys.contains(sha256(token)), keys.toString());
        for (String row : Stores.snapshot(app.store(), Namespace.RESET_TOKENS)) {
            assertFalse(row.contains(token), "the token itself is never stored");
        }
        KvEntry entry = app.store().get(Namespace.RESET_TOKENS, sha256(token)).orElseThrow();
        JsonObject record = entry.json().orElseThrow();
        assertEquals("mail@example.com", record.getString("email"));
        assertFalse(record.getBoolean("used"));
        Duration ttl = Duration.between(clock.instant(), entry.expiresAt());
        assertTrue(ttl.minus(Duration.ofHours(24)).abs().toMillis() < 1000, "24 hours (millisecond storage): " + ttl);
    }

    @Test
    void aResetSetsTheNewPasswordAndEndsEverySession() {
        String token = api.registered("reset@example.com", "secret1");
        Http.Res res = api.reset(resetTokenFor("reset@example.com"), "brand-new-1");
        assertEquals(200, res.status(), res.toString());
        assertEquals("密码重置成功，请使用新密码登录", res.json().getString("message"));
        assertTrue(res.json().getBoolean("success"));

        assertFailure(api.login("reset@example.com", "secret1"), 401, "邮箱或密码错误");
        assertEquals(200, api.login("reset@example.com", "brand-new-1").status());
        assertEquals("token_revoked", assertFailure(api.validate(token), 401, "token无效或已过期").getString("cause"),
                "the original kept old sessions alive");
        JsonObject record = Stores.user(app.store(), "reset@example.com").orElseThrow();
        assertEquals(1, record.getInt("tokenVersion"));
        assertTrue(record.getBoolean("emailVerified"), "the link proved the mailbox");
        assertTrue(record.containsKey("updatedAt") && record.containsKey("passwordUpdatedAt"));
    }

    @Test
    void aTokenWorksOnceAndItsUsedRecordStillExpires() throws Exception {
        api.registered("once@example.com", "secret1");
        String token = resetTokenFor("once@example.com");
        assertEquals(200, api.reset(token, "first-pass").status());
        assertFailure(api.reset(token, "second-pass"), 400, "该重置链接已被使用");
        assertEquals(200, api.login("once@example.com", "first-pass").status());
        KvEntry used = app.store().get(Namespace.RESET_TOKENS, sha256(token)).orElseThrow();
        assertTrue(used.json().orElseThrow().getBoolean("used"));
        assertNotNull(used.expiresAt(), "the original kept used tokens forever");
    }

    @Test
    void twentyParallelResetsWithOneTokenHaveExactlyOneWinner() throws Exception {
        api.registered("race-reset@example.com", "secret1");
        String token = resetTokenFor("race-reset@example.com");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Res>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                String password = "parallel-" + i;
                calls.add(threads.submit(() -> {
                    go.await();
                    return api.reset(token, password);
                }));
            }
            go.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                Http.Res res = calls.get(i).get();
                if (res.status() == 200) {
                    winners.add(i);
                } else {
                    assertFailure(res, 400, "该重置链接已被使用");
                }
            }
            assertEquals(1, winners.size(), winners.toString());
            assertEquals(200, api.login("race-reset@example.com", "parallel-" + winners.get(0)).status(),
                    "the winner's password is the one stored");
        }
    }

    @Test
    void aTokenExpiresAfter24Hours() {
        api.registered("expiry@example.com", "secret1");
        String token = resetTokenFor("expiry@example.com");
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertFailure(api.reset(token, "too-late-1"), 400, "重置链接无效或已过期");
        assertEquals(200, api.login("expiry@example.com", "secret1").status());
    }

    @Test
    void resetInputErrorsHaveTheOriginalsMessages() {
        assertFailure(api.post("/api/auth/reset-password", "{}"), 400, "缺少必要参数");
        assertFailure(api.post("/api/auth/reset-password", "{\"token\":\"abc\"}"), 400, "缺少必要参数");
        assertFailure(api.post("/api/auth/reset-password", "{\"newPassword\":\"secret1\"}"), 400, "缺少必要参数");
        assertFailure(api.reset("abc", "12345"), 400, "密码长度至少6位");
        assertFailure(api.reset("abc", "x".repeat(1025)), 400, "密码长度不能超过1024位");
        assertFailure(api.reset("no-such-token", "secret1"), 400, "重置链接无效或已过期");
        assertFailure(api.reset("t".repeat(100_000), "secret1"), 400, "重置链接无效或已过期");
        assertFailure(api.post("/api/auth/reset-password", "{\"token\":123,\"newPassword\":\"secret1\"}"), 400, "重置链接无效或已过期");
        assertFailure(api.post("/api/auth/reset-password", "{\"token\":\"abc\",\"newPassword\":1234567}"), 400, "重置失败，请稍后重试");
        for (String body : List.of("", "null", "[]", "7")) {
            Http.Res res = api.post("/api/auth/reset-password", body);
            assertEquals(400, res.status());
            assertEquals("重置密码请求体必须为 JSON", res.json().getString("error"));
        }
    }

    @Test
    void aLinkForADeletedOrReplacedAccountIsUserNotFound() {
        api.registered("gone@example.com", "secret1");
        String token = resetTokenFor("gone@example.com");
        app.store().delete(Namespace.USERS, "gone@example.com");
        assertFailure(api.reset(token, "secret2"), 400, "用户不存在");
        api.registered("gone@example.com", "someone-else");
        assertFailure(api.reset(token, "secret2"), 400, "用户不存在");
        assertEquals(200, api.login("gone@example.com", "someone-else").status(), "the new owner's password is untouched");
    }

    @Test
    void anOriginalMixedCaseRecordIsFoundByForgotAndMovedByReset() {
        Stores.putUser(app.store(), "Erin@Example.com", LoginTest.originalPbkdf2Record("e1", "erin@example.com"));
        String token = resetTokenFor("erin@example.com");
        assertEquals(200, api.reset(token, "erins-new").status());
        assertFalse(Stores.keys(app.store(), Namespace.USERS).contains("Erin@Example.com"));
        assertEquals("e1", Stores.user(app.store(), "erin@example.com").orElseThrow().getString("id"));
        assertEquals(200, api.login("ERIN@example.com", "erins-new").status());
    }

    @Test
    void aResetLiftsTheFailedLoginLock() {
        api.registered("locked@example.com", "secret1");
        for (int i = 0; i < 10; i++) {
            api.login("locked@example.com", "guess-" + i);
        }
        assertEquals(429, api.login("locked@example.com", "secret1").status());
        assertEquals(200, api.reset(resetTokenFor("locked@example.com"), "unlocked-1").status());
        assertEquals(200, api.login("locked@example.com", "unlocked-1").status());
    }

    @Test
    void aFailedSendChangesNothingForTheClientAndIsCounted() {
        api.registered("bounce@example.com", "secret1");
        for (int status : new int[] {500, 422, 401}) {
            double before = Metrics.resetEmails(app.http(), "failed");
            email.answer(status, "{\"statusCode\":" + status + ",\"message\":\"nope\",\"name\":\"application_error\"}");
            Http.Res res = api.forgot("bounce@example.com");
            assertEquals(200, res.status());
            assertEquals(SENT, res.json().getString("message"));
            Waits.until("the failure counted", 15_000, () -> Metrics.resetEmails(app.http(), "failed") >= before + 1);
            clock.advance(Duration.ofHours(1).plusSeconds(1)); // past the per-address limit of 3 an hour
        }
    }

    @Test
    void aBrokenConnectionToTheEmailApiChangesNothingForTheClientAndIsCounted() {
        api.registered("reset-conn@example.com", "secret1");
        for (Fault fault : new Fault[] {Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE}) {
            double before = Metrics.resetEmails(app.http(), "failed");
            email.fail(fault);
            Http.Res res = api.forgot("reset-conn@example.com");
            assertEquals(200, res.status(), fault + ": " + res);
            assertEquals(SENT, res.json().getString("message"));
            Waits.until("the failure counted", 15_000, () -> Metrics.resetEmails(app.http(), "failed") >= before + 1);
            clock.advance(Duration.ofHours(1).plusSeconds(1));
        }
        email.accept();
    }

    @Test
    void aSlowEmailApiDoesNotHoldTheAnswer() {
        api.registered("slow-mail@example.com", "secret1");
        email.slow(20_000);
        double before = Metrics.resetEmails(app.http(), "failed");
        long start = System.nanoTime();
        Http.Res res = api.forgot("slow-mail@example.com");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, res.status());
        assertTrue(millis < 10_000, "answered before the email API did: " + millis + " ms");
        Waits.until("the timed-out send counted", 15_000, () -> Metrics.resetEmails(app.http(), "failed") >= before + 1);
    }

    @Test
    void withoutAnApiKeyNothingIsSentAndTheAnswerIsTheSame() {
        try (TestApp quiet = AuthApi.app().start()) {
            AuthApi quietApi = new AuthApi(quiet);
            quietApi.registered("nokey@example.com", "secret1");
            double before = Metrics.resetEmails(quiet.http(), "not_configured");
            Http.Res res = quietApi.forgot("nokey@example.com");
            assertEquals(200, res.status());
            assertEquals(SENT, res.json().getString("message"));
            assertEquals(before + 1, Metrics.resetEmails(quiet.http(), "not_configured"));
            assertEquals(0, email.requests().size());
        }
    }

    @Test
    void forgotInputErrorsHaveTheOriginalsMessages() {
        assertFailure(api.post("/api/auth/forgot-password", "{}"), 400, "请输入邮箱地址");
        assertFailure(api.post("/api/auth/forgot-password", "{\"email\":\"\"}"), 400, "请输入邮箱地址");
        assertFailure(api.post("/api/auth/forgot-password", "{\"email\":\"not-an-email\"}"), 400, "邮箱格式不正确");
        assertFailure(api.post("/api/auth/forgot-password", "{\"email\":42}"), 400, "邮箱格式不正确");
        for (String body : List.of("", "null", "[1]")) {
            Http.Res res = api.post("/api/auth/forgot-password", body);
            assertEquals(400, res.status());
            assertEquals("忘记密码请求体必须为 JSON", res.json().getString("error"));
        }
    }

    @Test
    void forgotPasswordIsLimitedPerAddressKnownOrNot() {
        api.registered("flood@example.com", "secret1");
        for (String address : List.of("flood@example.com", "no-account@example.com")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, api.forgot(address).status());
            }
            Http.Res limited = api.forgot(address.toUpperCase(java.util.Locale.ROOT));
            assertFailure(limited, 429, "请求过于频繁，请稍后再试");
            long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 3600, "within the hour: " + retryAfter);
        }
        Waits.until("three emails to the known address", 15_000, () -> email.requests().size() >= 3);
        assertEquals(3, email.requests().size(), "the fourth was refused before sending");
    }

    @Test
    void forgotPasswordIsLimitedPerClientAndInvalidRequestsDoNotCount() {
        try (TestApp limited = AuthApi.app().env("FORGOT_PASSWORD_PER_CLIENT", "5").start()) {
            AuthApi limitedApi = new AuthApi(limited);
            for (int i = 0; i < 10; i++) {
                assertEquals(400, limitedApi.post("/api/auth/forgot-password", "{\"email\":\"bad\"}").status());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(200, limitedApi.forgot("client" + i + "@example.com").status(), "request " + i);
            }
            assertFailure(limitedApi.forgot("client-last@example.com"), 429, "请求过于频繁，请稍后再试");
        }
    }
}
