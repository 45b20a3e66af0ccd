package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MetricLines;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.Waits;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The original's [METRIC] events of every auth route (original-contract.md §16.2), and what the logs must never hold:
 * passwords, tokens, reset links, OAuth codes and states, API keys and secrets; emails only masked.
 */
class AuthObservabilityTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Logging.configure("warn");
    }

    private List<JsonObject> metrics() {
        return MetricLines.in(out.toString(StandardCharsets.UTF_8));
    }

    private JsonObject metric(String name, boolean success) {
        return metrics().stream().filter(m -> m.getString("name").equals(name) && m.getBoolean("success") == success)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " success=" + success + " in " + metrics()));
    }

    @Test
    void everyRouteEmitsItsMetricAndNoSecretReachesTheLogs() {
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> secrets = new ArrayList<>();
        try (GoogleFake google = new GoogleFake(); EmailFake email = new EmailFake();
             TestApp app = AuthApi.app().env(google.env()).env(email.env()).env("FRONTEND_URL", EmailFake.FRONTEND)
                     .env("METRICS_ENABLED", "true").env("METRICS_SAMPLE_RATE", "1").env("LOG_LEVEL", "info").start()) {
            AuthApi api = new AuthApi(app);
            String registerToken = api.registered("obs-user@example.com", "first-Secret-1");
            secrets.addAll(List.of("first-Secret-1", "wrong-Secret-2", registerToken, EmailFake.API_KEY, GoogleFake.CLIENT_SECRET));
            assertEquals(401, api.login("obs-user@example.com", "wrong-Secret-2").status());
            String token = api.login("obs-user@example.com", "first-Secret-1").json().getString("token");
            secrets.add(token);
            assertEquals(200, api.validate(token).status());
            assertEquals(200, api.logout(token).status());

            email.answer(500, "{\"message\":\"down\"}");
            assertEquals(200, api.forgot("obs-user@example.com").status());
            Waits.until("the failed send is logged", 15_000, () -> out.toString(StandardCharsets.UTF_8).contains("reset_email_failed"));
            email.accept();
            assertEquals(200, api.forgot("obs-user@example.com").status());
            String resetToken = EmailFake.tokenIn(email.awaitEmail(1)); // accept() cleared the journal
            secrets.add(resetToken);
            assertEquals(200, api.reset(resetToken, "second-Secret-3").status());
            secrets.add("second-Secret-3");

            google.idToken("obs-id-token", GoogleFake.tokeninfo("3001", "obs-google@example.com", "Obs", "true"));
            secrets.add("obs-id-token");
            assertEquals(200, app.http().postJson("/api/auth/google-login", Jsons.object().add("idToken", "obs-id-token").build()).status());
            String state = app.http().get("/api/auth/google/authorize-url").json().getString("state");
            secrets.add(state);
            google.codeAnswer("obs-code", GoogleFake.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}"));
            secrets.add("obs-code");
            Http.Res oauth = app.http().postJson("/api/auth/google-oauth", Jsons.object().add("code", "obs-code").add("state", state).build());
            assertEquals(401, oauth.status());
        }

        for (String name : List.of("auth_register", "auth_login", "auth_validate", "auth_logout", "auth_forgot_password",
                "auth_reset_password", "auth_login_google", "auth_google_authorize_url")) {
            JsonObject m = metric(name, true);
            assertTrue(m.getJsonNumber("dt_ms").longValue() >= 0, m.toString());
            assertTrue(m.getJsonNumber("ts").longValue() > 0, m.toString());
        }
        metric("auth_login", false);
        JsonObject oauth = metric("auth_oauth_google", false);
        assertEquals(400, oauth.getInt("status"));
        assertEquals("invalid_grant", oauth.getString("google_error"));

        String logs = out.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertFalse(logs.contains(secret), "a secret reached the logs: " + secret);
        }
        assertFalse(logs.contains("reset-password?token"), "no reset link in the logs");
        assertFalse(logs.contains("obs-user@example.com"), "emails are masked");
        assertTrue(logs.contains("o***@example.com"), "the masked form is there (login_failed, reset_email_failed)");
    }
}
