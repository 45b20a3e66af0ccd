package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import com.github.tomakehurst.wiremock.http.Fault;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/auth/google-login, the ID-token flow: original-contract.md §4.6 with design.md §5.7. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoogleLoginTest {
    /** Every field a Google sign-in writes, whichever flow (design.md §5.7: one record shape). */
    static final Set<String> GOOGLE_RECORD_FIELDS = Set.of("id", "username", "email", "passwordHash", "salt", "createdAt",
            "lastLoginAt", "isActive", "authProvider", "emailVerified", "tokenVersion", "googleInfo");
    static final Set<String> GOOGLE_INFO_FIELDS = Set.of("id", "name", "picture", "locale", "lastUpdated");

    private GoogleFake google;
    private TestApp app;
    private AuthApi api;

    @BeforeAll
    void start() {
        google = new GoogleFake();
        app = AuthApi.app().env(google.env()).start();
        api = new AuthApi(app);
    }

    @AfterAll
    void stop() {
        app.close();
        google.close();
    }

    @BeforeEach
    void resetFake() {
        google.reset();
    }

    private Http.Res signIn(String idToken) {
        return api.http().postJson("/api/auth/google-login", Jsons.object().add("idToken", idToken).build());
    }

    @Test
    void aNewGoogleUserGetsTheOriginalsAnswerAndTheCommonRecordShape() {
        google.idToken("id-token-new", GoogleFake.tokeninfo("1001", "New.User@Gmail.com", "New User", "true"));
        Http.Res res = signIn("id-token-new");
        assertEquals(200, res.status(), res.toString());
        assertEquals("Google登录成功", res.json().getString("message"));
        JsonObject user = res.json().getJsonObject("user");
        assertEquals(Set.of("id", "username", "email", "createdAt", "lastLoginAt", "authProvider", "avatar"), user.keySet());
        assertEquals("new.user@gmail.com", user.getString("email"));
        assertEquals("New User", user.getString("username"));
        assertEquals("google", user.getString("authProvider"));
        assertEquals("https://lh3.googleusercontent.com/a/1001", user.getString("avatar"));
        assertTrue(user.getString("id").matches("[0-9a-f]{32}"));

        JsonObject record = Stores.user(app.store(), "new.user@gmail.com").orElseThrow();
        assertEquals(GOOGLE_RECORD_FIELDS, record.keySet());
        assertEquals(GOOGLE_INFO_FIELDS, record.getJsonObject("googleInfo").keySet());
        assertTrue(record.isNull("passwordHash"));
        assertTrue(record.getBoolean("emailVerified"));
        assertEquals(200, api.validate(res.json().getString("token")).status());
    }

    @Test
    void googleNamesAreCleanedToTheUsernameRulesAndMissingOnesFallBackToTheLocalPart() {
        google.idToken("t-name-evil", GoogleFake.tokeninfo("1013", "evil@gmail.com", "  \u202Eevil\u0000 " + "n".repeat(80), "true"));
        google.idToken("t-name-none", Jsons.object(GoogleFake.tokeninfo("1014", "local.part@gmail.com", "x", "true")).remove("name").build());
        String evil = signIn("t-name-evil").json().getJsonObject("user").getString("username");
        assertEquals("evil " + "n".repeat(45), evil, "format and control characters dropped, cut to 50");
        assertEquals("local.part", signIn("t-name-none").json().getJsonObject("user").getString("username"));
    }

    @Test
    void theIdTokenIsSentUrlEncoded() {
        google.idToken("abc&x=1+2", GoogleFake.tokeninfo("1002", "enc@gmail.com", "Enc", "true"));
        assertEquals(200, signIn("abc&x=1+2").status(), "the original sent it raw, cutting it at the '&'");
        assertEquals(1, google.tokeninfoRequests().size());
    }

    @Test
    void anUnverifiedPasswordAccountLosesItsPasswordAndItsSessions() {
        String oldToken = api.registered("victim@gmail.com", "attacker-pass");
        google.idToken("id-token-victim", GoogleFake.tokeninfo("1003", "victim@gmail.com", "Victim", "true"));
        Http.Res res = signIn("id-token-victim");
        assertEquals(200, res.status(), res.toString());
        assertEquals("google", res.json().getJsonObject("user").getString("authProvider"));

        assertEquals("token_revoked", assertFailure(api.validate(oldToken), 401, "token无效或已过期").getString("cause"));
        assertFailure(api.login("victim@gmail.com", "attacker-pass"), 401, "邮箱或密码错误");
        assertEquals(200, api.validate(res.json().getString("token")).status());
        JsonObject record = Stores.user(app.store(), "victim@gmail.com").orElseThrow();
        assertTrue(record.isNull("passwordHash"));
        assertFalse(record.containsKey("passwordIterations"));
        assertEquals(1, record.getInt("tokenVersion"));
        assertTrue(record.getBoolean("emailVerified"));
    }

    @Test
    void aVerifiedPasswordAccountKeepsItsPasswordAndSessions() {
        String token = api.registered("verified@gmail.com", "own-pass-1");
        JsonObject record = Stores.user(app.store(), "verified@gmail.com").orElseThrow();
        Stores.putUser(app.store(), "verified@gmail.com", Jsons.object(record).add("emailVerified", true).build());
        google.idToken("id-token-verified", GoogleFake.tokeninfo("1004", "verified@gmail.com", "Verified", "true"));
        Http.Res res = signIn("id-token-verified");
        assertEquals(200, res.status());
        assertEquals("email", res.json().getJsonObject("user").getString("authProvider"), "the original's answer for a password user");
        assertEquals(record.getString("id"), res.json().getJsonObject("user").getString("id"));
        assertEquals(200, api.validate(token).status());
        assertEquals(200, api.login("verified@gmail.com", "own-pass-1").status());
    }

    @Test
    void aDisabledAccountStaysDisabledAndNothingIsWritten() {
        Stores.putUser(app.store(), "banned@gmail.com", Jsons.object().add("id", "b1").add("username", "b")
                .add("email", "banned@gmail.com").add("isActive", false).build());
        List<String> before = Stores.snapshot(app.store(), Namespace.USERS);
        google.idToken("id-token-banned", GoogleFake.tokeninfo("1005", "banned@gmail.com", "Banned", "true"));
        assertFailure(signIn("id-token-banned"), 401, "账户已被禁用");
        assertEquals(before, Stores.snapshot(app.store(), Namespace.USERS), "the original re-enabled the account");
    }

    @Test
    void linkingIsCaseInsensitiveAndMovesAnOriginalMixedCaseRecord() {
        Stores.putUser(app.store(), "Fay@Example.com", Jsons.object(LoginTest.originalPbkdf2Record("f1", "fay@example.com"))
                .add("emailVerified", true).build());
        google.idToken("id-token-fay", GoogleFake.tokeninfo("1006", "FAY@example.com", "Fay", "true"));
        Http.Res res = signIn("id-token-fay");
        assertEquals(200, res.status(), res.toString());
        assertEquals("f1", res.json().getJsonObject("user").getString("id"));
        List<String> keys = Stores.keys(app.store(), Namespace.USERS);
        assertTrue(keys.contains("fay@example.com") && !keys.contains("Fay@Example.com"), keys.toString());
        assertEquals("1006", Stores.user(app.store(), "fay@example.com").orElseThrow().getJsonObject("googleInfo").getString("id"));
    }

    @Test
    void parallelFirstSignInsCreateOneAccount() throws Exception {
        google.idToken("id-token-twin", GoogleFake.tokeninfo("1007", "twin@gmail.com", "Twin", "true"));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Res>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                calls.add(threads.submit(() -> {
                    go.await();
                    return signIn("id-token-twin");
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Http.Res> call : calls) {
                Http.Res res = call.get();
                assertEquals(200, res.status(), res.toString());
                ids.add(res.json().getJsonObject("user").getString("id"));
            }
            assertEquals(1, ids.size());
        }
    }

    @Test
    void googleRefusingOrFailingIsVerificationFailedNeverA500() {
        google.idTokenAnswer("t-400", GoogleFake.json(400, "{\"error\":\"invalid_token\",\"error_description\":\"Invalid Value\"}"));
        google.idTokenAnswer("t-500", GoogleFake.json(500, "{\"error\":\"internal_failure\"}"));
        google.idTokenAnswer("t-html", aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>oops</html>"));
        google.idTokenAnswer("t-reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        google.idToken("t-aud", Jsons.object(GoogleFake.tokeninfo("1008", "aud@gmail.com", "Aud", "true"))
                .add("aud", "someone-else.apps.googleusercontent.com").build());
        for (String token : List.of("t-400", "t-500", "t-html", "t-reset", "t-aud", "t-unknown-404")) {
            assertFailure(signIn(token), 401, "Google登录验证失败");
        }
        assertTrue(Stores.user(app.store(), "aud@gmail.com").isEmpty());
    }

    @Test
    void aSlowGoogleIsCutOffByTheTimeout() {
        google.idTokenAnswer("t-slow", GoogleFake.json(200, Jsons.text(GoogleFake.tokeninfo("1009", "slow@gmail.com", "S", "true")))
                .withFixedDelay(20_000));
        long start = System.nanoTime();
        assertFailure(signIn("t-slow"), 401, "Google登录验证失败");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "bounded by GOOGLE_TIMEOUT_MS, not by Google: " + millis + " ms");
    }

    @Test
    void anUnverifiedOrMissingEmailIsRefused() {
        google.idToken("t-unverified", GoogleFake.tokeninfo("1010", "unv@gmail.com", "U", "false"));
        google.idToken("t-no-email", Jsons.object(GoogleFake.tokeninfo("1011", "x@gmail.com", "N", "true")).remove("email").build());
        google.idToken("t-bool", Jsons.object(GoogleFake.tokeninfo("1012", "bool@gmail.com", "B", "true"))
                .add("email_verified", true).build());
        assertFailure(signIn("t-unverified"), 401, "Google账户邮箱未验证");
        assertFailure(signIn("t-no-email"), 401, "Google账户邮箱未验证");
        assertEquals(200, signIn("t-bool").status(), "a JSON boolean true is verified too");
    }

    @Test
    void badInputAndMissingConfigurationHaveTheOriginalsAnswers() {
        assertFailure(api.post("/api/auth/google-login", "{}"), 401, "缺少Google ID token");
        assertFailure(api.post("/api/auth/google-login", "{\"idToken\":\"\"}"), 401, "缺少Google ID token");
        assertFailure(api.post("/api/auth/google-login", "{\"idToken\":42}"), 401, "Google登录验证失败");
        assertFailure(api.post("/api/auth/google-login", "{\"idToken\":{\"a\":1}}"), 401, "Google登录验证失败");
        for (String body : List.of("", "null", "[]")) {
            Http.Res res = api.post("/api/auth/google-login", body);
            assertEquals(400, res.status());
            assertEquals("Google 登录请求体必须为 JSON", res.json().getString("error"));
        }
        assertEquals(0, google.tokeninfoRequests().size());
        try (TestApp unconfigured = AuthApi.app().start()) {
            Http.Res res = new AuthApi(unconfigured).post("/api/auth/google-login", "{\"idToken\":\"x\"}");
            JsonObject body = assertFailure(res, 401, "服务器配置错误，请联系管理员");
            assertEquals(List.of("GOOGLE_CLIENT_ID 未配置"), body.getJsonArray("configErrors").getValuesAs(jakarta.json.JsonString::getString));
        }
    }
}
