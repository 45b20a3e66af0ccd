package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The auth routes as a test client sees them, and the assertions every test repeats. */
final class AuthApi {
    private final Http http;

    AuthApi(TestApp app) {
        this.http = app.http();
    }

    /**
     * An auth function for one test class. The classes share one server across their tests, and the failure-mode
     * tests (Google answering 500, dropping, hanging) would legitimately open a circuit breaker for the tests that
     * follow: the breaker's volume is set out of their reach. The breaker itself is tested in the shared library.
     */
    static TestApp.Builder app() {
        return TestApp.builder().provider(new AuthProvider()).env("CIRCUIT_BREAKER_VOLUME", "1000");
    }

    Http http() {
        return http;
    }

    Http.Res register(String username, String email, String password) {
        return http.postJson("/api/auth/register", Jsons.object()
                .add("username", username).add("email", email).add("password", password).build());
    }

    /** Registers and returns the token, asserting the 201. */
    String registered(String email, String password) {
        Http.Res res = register("user", email, password);
        assertEquals(201, res.status(), res.toString());
        return res.json().getString("token");
    }

    Http.Res login(String email, String password) {
        return http.postJson("/api/auth/login", Jsons.object().add("email", email).add("password", password).build());
    }

    Http.Res validate(String token) {
        return http.get("/api/auth/validate", "Authorization", "Bearer " + token);
    }

    Http.Res logout(String token) {
        return http.post("/api/auth/logout", null, "Authorization", "Bearer " + token);
    }

    Http.Res forgot(String email) {
        return http.postJson("/api/auth/forgot-password", Jsons.object().add("email", email).build());
    }

    Http.Res reset(String token, String newPassword) {
        return http.postJson("/api/auth/reset-password", Jsons.object().add("token", token).add("newPassword", newPassword).build());
    }

    Http.Res post(String path, String body) {
        return http.post(path, body);
    }

    /** An auth-envelope error: status, {@code success:false}, the exact message, a code and a request id. */
    static JsonObject assertFailure(Http.Res res, int status, String message) {
        assertEquals(status, res.status(), res.toString());
        JsonObject body = res.json();
        assertEquals(false, body.getBoolean("success"), res.toString());
        assertEquals(message, body.getString("error"), res.toString());
        assertEquals(true, body.containsKey("code") && body.containsKey("requestId"), res.toString());
        assertEquals("application/json", res.header("Content-Type").orElse(""));
        return body;
    }
}
