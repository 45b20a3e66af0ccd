package io.text2media.auth;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/auth/logout (new, design.md §5.4): a token-version bump revokes every earlier token of the account. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogoutTest {
    private TestApp app;
    private AuthApi api;

    @BeforeAll
    void start() {
        app = AuthApi.app().start();
        api = new AuthApi(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void logoutRevokesThisAndEveryEarlierTokenButNotLaterLogins() {
        String fromRegister = api.registered("out@example.com", "secret1");
        String fromLogin = api.login("out@example.com", "secret1").json().getString("token");
        assertEquals(200, api.validate(fromLogin).status());

        Http.Res res = api.logout(fromLogin);
        assertEquals(200, res.status(), res.toString());
        assertTrue(res.json().getBoolean("success"));
        assertEquals("已退出登录", res.json().getString("message"));
        assertEquals(1, Stores.user(app.store(), "out@example.com").orElseThrow().getInt("tokenVersion"));

        for (String old : new String[] {fromRegister, fromLogin}) {
            assertEquals("token_revoked", assertFailure(api.validate(old), 401, "token无效或已过期").getString("cause"));
        }
        String fresh = api.login("out@example.com", "secret1").json().getString("token");
        assertEquals(200, api.validate(fresh).status(), "a login after the logout works");
        assertEquals(200, api.logout(fresh).status());
        assertEquals(2, Stores.user(app.store(), "out@example.com").orElseThrow().getInt("tokenVersion"));
        assertEquals(401, api.validate(fresh).status());
    }

    @Test
    void aTokenThatDoesNotValidateCannotLogOut() {
        assertEquals("no_authorization_token",
                assertFailure(api.http().post("/api/auth/logout", ""), 401, "缺少认证token").getString("cause"));
        assertEquals("jwt_invalid_or_expired",
                assertFailure(api.logout("not.a.token"), 401, "token无效或已过期").getString("cause"));
        String token = api.registered("twice@example.com", "secret1");
        assertEquals(200, api.logout(token).status());
        assertEquals("token_revoked", assertFailure(api.logout(token), 401, "token无效或已过期").getString("cause"));
        assertEquals(1, Stores.user(app.store(), "twice@example.com").orElseThrow().getInt("tokenVersion"),
                "a revoked token bumps nothing");
    }

    @Test
    void theCookieWorksForLogoutToo() {
        String token = api.registered("cookie@example.com", "secret1");
        assertEquals(200, api.http().post("/api/auth/logout", null, "Cookie", "auth_token=" + token).status());
        assertEquals(401, api.validate(token).status());
    }
}
