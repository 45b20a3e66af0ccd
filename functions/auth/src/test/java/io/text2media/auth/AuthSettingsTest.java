package io.text2media.auth;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The auth function's settings: the original's names and defaults, new variables, and a clear stop on bad values. */
class AuthSettingsTest {

    private static AuthSettings read(Map<String, String> vars) {
        return AuthSettings.from(Env.of(vars));
    }

    @Test
    void defaultsAreGooglesRealEndpointsAndTheOriginalsRules() {
        AuthSettings s = read(Map.of());
        assertEquals("https://accounts.google.com/o/oauth2/v2/auth", s.google().authUrl().toString());
        assertEquals("https://oauth2.googleapis.com/token", s.google().tokenUrl().toString());
        assertEquals("https://oauth2.googleapis.com/tokeninfo", s.google().tokeninfoUrl().toString());
        assertEquals("https://www.googleapis.com/oauth2/v2/userinfo", s.google().userinfoUrl().toString());
        assertEquals("https://api.resend.com/emails", s.email().apiUrl().toString());
        assertEquals("AIStone Support <support@aistone.ai>", s.email().from());
        assertFalse(s.email().configured());
        assertFalse(s.google().requireState());
        assertEquals(Optional.empty(), s.google().defaultRedirectUri());
        assertEquals(new AuthLimits(10, Duration.ofMinutes(15), 3, 10, Duration.ofHours(1)), s.limits());
        assertEquals(Duration.ofSeconds(10), s.google().timeout());
    }

    @Test
    void theRedirectUriIsDerivedAsTheOriginalDidAndTheAllowListAddsToIt() {
        AuthSettings s = read(Map.of("FRONTEND_URL", "https://example.com/app/",
                "GOOGLE_REDIRECT_URIS", "https://www.example.com/auth/google/callback, https://m.example.com/cb"));
        assertEquals(Optional.of("https://example.com/app/auth/google/callback"), s.google().defaultRedirectUri(),
                "the original's unit-tested derivation");
        assertEquals(Set.of("https://example.com/app/auth/google/callback", "https://www.example.com/auth/google/callback",
                "https://m.example.com/cb"), s.google().allowedRedirectUris());
        assertEquals(Optional.of("https://x.example/cb"),
                read(Map.of("GOOGLE_REDIRECT_URI", " https://x.example/cb ", "FRONTEND_URL", "https://example.com")).google().defaultRedirectUri(),
                "GOOGLE_REDIRECT_URI wins, trimmed");
        assertEquals(Optional.of("https://only.example/cb"), read(Map.of("GOOGLE_REDIRECT_URIS", "https://only.example/cb"))
                .google().defaultRedirectUri(), "with neither, the first allowed one");
    }

    @Test
    void theClientSecretFallsBackToTheNewName() {
        assertEquals(Optional.of("new"), read(Map.of("GOOGLE_CLIENT_SECRET_NEW", "new")).google().clientSecret());
        assertEquals(Optional.of("main"), read(Map.of("GOOGLE_CLIENT_SECRET", "main", "GOOGLE_CLIENT_SECRET_NEW", "new")).google().clientSecret());
        assertFalse(read(Map.of("GOOGLE_CLIENT_SECRET", "main")).google().toString().contains("main"), "never printed");
    }

    @Test
    void invalidValuesStopTheStartNamingTheVariable() {
        Map<String, Map<String, String>> cases = Map.of(
                "GOOGLE_TOKENINFO_URL", Map.of("GOOGLE_TOKENINFO_URL", "not a url"),
                "EMAIL_API_URL", Map.of("EMAIL_API_URL", "ftp://mail.example"),
                "GOOGLE_REDIRECT_URIS", Map.of("GOOGLE_REDIRECT_URIS", "https://ok.example/cb,/relative"),
                "GOOGLE_REDIRECT_URI", Map.of("GOOGLE_REDIRECT_URI", "callback"),
                "OAUTH_REQUIRE_STATE", Map.of("OAUTH_REQUIRE_STATE", "sometimes"),
                "LOGIN_MAX_FAILURES", Map.of("LOGIN_MAX_FAILURES", "0"),
                "FORGOT_PASSWORD_PER_EMAIL", Map.of("FORGOT_PASSWORD_PER_EMAIL", "many"),
                "GOOGLE_TIMEOUT_MS", Map.of("GOOGLE_TIMEOUT_MS", "5"),
                "FRONTEND_URL", Map.of("RESEND_API_KEY", "re_x"),
                "EMAIL_FROM", Map.of("EMAIL_FROM", "a\r\nBcc: x@example.com"));
        cases.forEach((variable, vars) -> {
            SettingsException e = assertThrows(SettingsException.class, () -> read(vars), variable);
            assertEquals(variable, e.variable());
        });
    }

    @Test
    void aBadValueStopsTheFunctionFromStarting() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> AuthApi.app().env("LOGIN_FAILURE_WINDOW_SECONDS", "-1").start().close());
        assertEquals("LOGIN_FAILURE_WINDOW_SECONDS", e.variable());
    }
}
