package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;

import com.github.tomakehurst.wiremock.http.Fault;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/auth/google-oauth and GET /api/auth/google/authorize-url: original-contract.md §4.7, §9.1 with design.md §5.7. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoogleOAuthTest {
    private static final String WWW_CALLBACK = "https://www.app.example.com/auth/google/callback";
    private final MutableClock clock = MutableClock.now();
    private GoogleFake google;
    private TestApp app;
    private AuthApi api;

    @BeforeAll
    void start() {
        google = new GoogleFake();
        app = AuthApi.app().clock(clock).env(google.env()).env("GOOGLE_REDIRECT_URIS", WWW_CALLBACK).start();
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

    private Http.Res exchange(AuthApi on, String code, String state, String redirectUri) {
        var body = Jsons.object().add("code", code);
        if (state != null) {
            body.add("state", state);
        }
        if (redirectUri != null) {
            body.add("redirectUri", redirectUri);
        }
        return on.http().postJson("/api/auth/google-oauth", body.build());
    }

    private Http.Res exchange(String code) {
        return exchange(api, code, "k3j4h5g6f7d8s", null); // the original frontend's own kind of state
    }

    private Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    private JsonObject authorizeUrl(String query) {
        Http.Res res = api.http().get("/api/auth/google/authorize-url" + query);
        assertEquals(200, res.status(), res.toString());
        return res.json();
    }

    @Test
    void theCodeIsExchangedOnceWithTheOriginalsFormAndTheUserSignedIn() {
        google.codeFor("code-new", GoogleFake.userinfo("2001", "Oauth.New@Gmail.com", "OAuth New", true));
        Http.Res res = exchange("code-new");
        assertEquals(200, res.status(), res.toString());
        assertEquals("Google登录成功", res.json().getString("message"));
        JsonObject user = res.json().getJsonObject("user");
        assertEquals(Set.of("id", "username", "email", "createdAt", "lastLoginAt", "authProvider", "avatar"), user.keySet());
        assertEquals("oauth.new@gmail.com", user.getString("email"));
        assertEquals("google", user.getString("authProvider"));
        assertEquals(200, api.validate(res.json().getString("token")).status());

        assertEquals(1, google.tokenRequests().size());
        String body = google.tokenRequests().get(0).getBodyAsString();
        assertEquals(List.of("client_id", "client_secret", "code", "grant_type", "redirect_uri"), List.copyOf(form(body).keySet()),
                "the original's field order");
        assertEquals(Map.of("client_id", GoogleFake.CLIENT_ID, "client_secret", GoogleFake.CLIENT_SECRET, "code", "code-new",
                "grant_type", "authorization_code", "redirect_uri", GoogleFake.CALLBACK), form(body));
        assertTrue(google.tokenRequests().get(0).getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
    }

    @Test
    void bothGoogleFlowsWriteTheSameRecordShape() {
        google.codeFor("code-shape", GoogleFake.userinfo("2002", "shape@gmail.com", "Shape", true));
        assertEquals(200, exchange("code-shape").status());
        JsonObject record = Stores.user(app.store(), "shape@gmail.com").orElseThrow();
        assertEquals(GoogleLoginTest.GOOGLE_RECORD_FIELDS, record.keySet());
        assertEquals(GoogleLoginTest.GOOGLE_INFO_FIELDS, record.getJsonObject("googleInfo").keySet());
        assertTrue(record.getString("id").matches("[0-9a-f]{32}"), "not the original's UUID");
        assertTrue(record.isNull("passwordHash") && record.isNull("salt") && !record.containsKey("password"));
        assertEquals("2002", record.getJsonObject("googleInfo").getString("id"));
        assertEquals("en", record.getJsonObject("googleInfo").getString("locale"));
    }

    @Test
    void tokenEndpointErrorsMapToTheOriginalsMessagesWithGooglesFields() {
        record Case(String code, int status, String body, String message, String googleError, String description) {
        }
        List<Case> cases = List.of(
                new Case("c-grant", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}",
                        "授权码无效或已过期，请重新登录", "invalid_grant", "Bad Request"),
                new Case("c-mismatch", 400, "{\"error\":\"redirect_uri_mismatch\",\"error_description\":\"Bad Request\"}",
                        "回调地址不匹配（redirect_uri_mismatch）", "redirect_uri_mismatch", "Bad Request"),
                new Case("c-client", 401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}",
                        "客户端ID或密钥无效（invalid_client）", "invalid_client", "Unauthorized"),
                new Case("c-other", 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type: \"}",
                        "Google授权失败，请重试", "unsupported_grant_type", "Invalid grant_type: "),
                new Case("c-html", 400, "<html><body>Bad Request</body></html>", "Google授权失败，请重试", null, null),
                new Case("c-500", 500, "{\"error\":\"internal_failure\"}", "Google授权失败，请重试", null, null),
                new Case("c-503", 503, "Service Unavailable", "Google授权失败，请重试", null, null));
        for (Case c : cases) {
            google.reset();
            google.codeAnswer(c.code(), GoogleFake.json(c.status(), c.body()));
            JsonObject body = assertFailure(exchange(c.code()), 401, c.message());
            assertEquals(c.status(), body.getInt("status"), c.code());
            assertEquals(c.googleError == null ? null : c.googleError, body.isNull("google_error") ? null : body.getString("google_error"));
            assertEquals(c.description == null ? null : c.description,
                    body.isNull("google_error_description") ? null : body.getString("google_error_description"));
            assertEquals(1, google.tokenRequests().size(), c.code() + ": a code is single-use, never retried");
        }
    }

    @Test
    void noAnswerFromTheTokenEndpointIsTheCatchAllNeverA500OrAHang() {
        google.codeAnswer("c-slow", GoogleFake.json(200, "{\"access_token\":\"late\"}").withFixedDelay(20_000));
        google.codeAnswer("c-reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        google.codeAnswer("c-empty", aResponse().withFault(Fault.EMPTY_RESPONSE));
        google.codeAnswer("c-not-json", aResponse().withStatus(200).withBody("access_token=abc"));
        google.codeAnswer("c-no-token", GoogleFake.json(200, "{\"token_type\":\"Bearer\"}"));
        for (String code : List.of("c-slow", "c-reset", "c-empty", "c-not-json", "c-no-token")) {
            long start = System.nanoTime();
            assertFailure(exchange(code), 401, "Google登录失败，请稍后重试");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, code + " answered in " + millis + " ms");
        }
        assertEquals(5, google.tokenRequests().size(), "one attempt each");
    }

    @Test
    void userinfoFailuresHaveTheOriginalsMessages() {
        google.code("c-ui-401", "at-401");
        google.userAnswer("at-401", GoogleFake.json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication "
                + "credentials.\",\"status\":\"UNAUTHENTICATED\"}}"));
        google.code("c-ui-500", "at-500");
        google.userAnswer("at-500", GoogleFake.json(500, "{}"));
        assertFailure(exchange("c-ui-401"), 401, "获取用户信息失败");
        assertFailure(exchange("c-ui-500"), 401, "获取用户信息失败");

        google.code("c-ui-slow", "at-slow");
        google.userAnswer("at-slow", GoogleFake.json(200, "{}").withFixedDelay(20_000));
        google.code("c-ui-html", "at-html");
        google.userAnswer("at-html", aResponse().withStatus(200).withBody("<html/>"));
        assertFailure(exchange("c-ui-slow"), 401, "Google登录失败，请稍后重试");
        assertFailure(exchange("c-ui-html"), 401, "Google登录失败，请稍后重试");

        google.codeFor("c-ui-unverified", GoogleFake.userinfo("2003", "unv@gmail.com", "U", false));
        google.codeFor("c-ui-no-email", Jsons.object(GoogleFake.userinfo("2004", "x@gmail.com", "N", true)).remove("email").build());
        google.codeFor("c-ui-string-false", Jsons.object(GoogleFake.userinfo("2005", "sf@gmail.com", "S", true))
                .add("verified_email", "false").build());
        assertFailure(exchange("c-ui-unverified"), 401, "Google账户邮箱未验证");
        assertFailure(exchange("c-ui-no-email"), 401, "Google账户邮箱未验证");
        assertFailure(exchange("c-ui-string-false"), 401, "Google账户邮箱未验证");
        assertTrue(Stores.user(app.store(), "unv@gmail.com").isEmpty());
    }

    @Test
    void aDisabledAccountStaysDisabled() {
        Stores.putUser(app.store(), "off@gmail.com", Jsons.object().add("id", "o1").add("email", "off@gmail.com")
                .add("isActive", false).build());
        List<String> before = Stores.snapshot(app.store(), Namespace.USERS);
        google.codeFor("c-off", GoogleFake.userinfo("2006", "off@gmail.com", "Off", true));
        assertFailure(exchange("c-off"), 401, "账户已被禁用");
        assertEquals(before, Stores.snapshot(app.store(), Namespace.USERS));
    }

    @Test
    void anUnverifiedPasswordAccountLosesItsPasswordThroughTheCodeFlowToo() {
        String oldToken = api.registered("pre@gmail.com", "planted-1");
        google.codeFor("c-pre", GoogleFake.userinfo("2007", "pre@gmail.com", "Pre", true));
        assertEquals(200, exchange("c-pre").status());
        assertEquals(401, api.validate(oldToken).status());
        assertFailure(api.login("pre@gmail.com", "planted-1"), 401, "邮箱或密码错误");
    }

    @Test
    void earlyFailuresHaveTheOriginalsAnswersAndCallNothing() {
        assertFailure(api.post("/api/auth/google-oauth", "{}"), 401, "缺少授权码");
        assertFailure(api.post("/api/auth/google-oauth", "{\"code\":\"\"}"), 401, "缺少授权码");
        assertFailure(api.post("/api/auth/google-oauth", "{\"code\":7}"), 401, "缺少授权码");
        for (String body : List.of("", "null", "[]", "true")) {
            Http.Res res = api.post("/api/auth/google-oauth", body);
            assertEquals(400, res.status(), "the original answered null with a 401");
            assertEquals("Google OAuth 请求体必须为 JSON", res.json().getString("error"));
        }
        assertEquals(0, google.tokenRequests().size());
    }

    @Test
    void missingConfigurationListsEveryProblemInTheOriginalsWords() {
        try (TestApp bare = AuthApi.app().start()) {
            JsonObject body = assertFailure(new AuthApi(bare).post("/api/auth/google-oauth", "{\"code\":\"x\"}"), 401,
                    "服务器配置错误，请联系管理员");
            assertEquals(List.of("GOOGLE_CLIENT_ID 未配置", "GOOGLE_CLIENT_SECRET 未配置", "GOOGLE_REDIRECT_URI 未配置，且 FRONTEND_URL 也为空"),
                    body.getJsonArray("configErrors").getValuesAs(JsonString::getString));
            assertEquals(503, bare.http().get("/api/auth/google/authorize-url").status());
        }
    }

    @Test
    void theSecretFallsBackToGoogleClientSecretNewAndTheRedirectUriToGoogleRedirectUri() {
        Map<String, String> env = new LinkedHashMap<>(google.env());
        env.remove("GOOGLE_CLIENT_SECRET");
        env.put("GOOGLE_CLIENT_SECRET_NEW", "the-new-secret");
        env.put("GOOGLE_REDIRECT_URI", "  https://login.example.com/cb  ");
        try (TestApp other = AuthApi.app().env(env).start()) {
            google.codeFor("c-new-secret", GoogleFake.userinfo("2008", "ns@gmail.com", "NS", true));
            assertEquals(200, exchange(new AuthApi(other), "c-new-secret", null, null).status());
            Map<String, String> form = form(google.tokenRequests().get(0).getBodyAsString());
            assertEquals("the-new-secret", form.get("client_secret"));
            assertEquals("https://login.example.com/cb", form.get("redirect_uri"));
        }
    }

    @Test
    void authorizeUrlGivesGooglesUrlWithASignedState() {
        JsonObject res = authorizeUrl("");
        String state = res.getString("state");
        assertTrue(state.startsWith("t2m1."), state);
        assertEquals(GoogleFake.CALLBACK, res.getString("redirectUri"));
        assertEquals(600, res.getInt("expiresIn"));
        URI url = URI.create(res.getString("url"));
        assertEquals("https://accounts.example.test/o/oauth2/v2/auth", url.getScheme() + "://" + url.getHost() + url.getPath());
        Map<String, String> query = form(url.getRawQuery());
        assertEquals(Map.of("client_id", GoogleFake.CLIENT_ID, "redirect_uri", GoogleFake.CALLBACK, "response_type", "code",
                "scope", "openid email profile", "prompt", "select_account", "state", state), query);

        google.codeFor("c-signed", GoogleFake.userinfo("2009", "signed@gmail.com", "Signed", true));
        assertEquals(200, exchange(api, "c-signed", state, null).status());
    }

    @Test
    void aForgedExpiredOrMisdirectedStateIsRefusedBeforeTheCodeIsSpent() {
        String state = authorizeUrl("").getString("state");
        int at = state.length() - 5;
        String forged = state.substring(0, at) + (state.charAt(at) == 'A' ? 'B' : 'A') + state.substring(at + 1);
        String otherPayload = state.replaceFirst("^t2m1\\.\\d+", "t2m1.9999999999");
        String misdirected = authorizeUrl("?redirectUri=" + URLEncoder.encode(WWW_CALLBACK, StandardCharsets.UTF_8)).getString("state");
        google.codeFor("c-state", GoogleFake.userinfo("2010", "state@gmail.com", "State", true));
        for (String bad : List.of(forged, otherPayload, misdirected, "t2m1.", "t2m1.x.y.z")) {
            assertEquals("invalid_state", assertFailure(exchange(api, "c-state", bad, null), 401, "登录状态无效或已过期，请重新登录")
                    .getString("code"), bad);
        }
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertFailure(exchange(api, "c-state", state, null), 401, "登录状态无效或已过期，请重新登录");
        assertEquals(0, google.tokenRequests().size(), "the code was not sent to Google");
    }

    @Test
    void aClientChosenRedirectUriMustBeOnTheAllowList() {
        String state = authorizeUrl("?redirectUri=" + URLEncoder.encode(WWW_CALLBACK, StandardCharsets.UTF_8)).getString("state");
        google.codeFor("c-www", GoogleFake.userinfo("2011", "www@gmail.com", "Www", true));
        assertEquals(200, exchange(api, "c-www", state, WWW_CALLBACK).status());
        assertEquals(WWW_CALLBACK, form(google.tokenRequests().get(0).getBodyAsString()).get("redirect_uri"));

        assertFailure(exchange(api, "c-www", null, "https://evil.example/auth/google/callback"), 401, "回调地址不匹配（redirect_uri_mismatch）");
        assertFailure(exchange(api, "c-www", null, "{}"), 401, "回调地址不匹配（redirect_uri_mismatch）");
        assertEquals(1, google.tokenRequests().size());
        Http.Res refused = api.http().get("/api/auth/google/authorize-url?redirectUri=" + URLEncoder.encode("https://evil.example/cb",
                StandardCharsets.UTF_8));
        assertFailure(refused, 400, "回调地址不匹配（redirect_uri_mismatch）");
    }

    @Test
    void withOauthRequireStateOnlyServerIssuedStatesAreAccepted() {
        try (TestApp strict = AuthApi.app().env(google.env()).env("OAUTH_REQUIRE_STATE", "true").start()) {
            AuthApi strictApi = new AuthApi(strict);
            google.codeFor("c-strict", GoogleFake.userinfo("2012", "strict@gmail.com", "Strict", true));
            assertFailure(exchange(strictApi, "c-strict", null, null), 401, "登录状态无效或已过期，请重新登录");
            assertFailure(exchange(strictApi, "c-strict", "k3j4h5g6f7d8s", null), 401, "登录状态无效或已过期，请重新登录");
            assertEquals(0, google.tokenRequests().size());
            String state = strict.http().get("/api/auth/google/authorize-url").json().getString("state");
            assertEquals(200, exchange(strictApi, "c-strict", state, null).status());
        }
    }
}
