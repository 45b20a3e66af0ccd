package io.text2media.bench;

import io.text2media.auth.AuthProvider;
import io.text2media.shared.auth.PasswordHash;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonValue;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * The auth function as the auth benchmarks run it: alone, on H2 in memory, with the production PBKDF2 default of
 * 600000 iterations (the test harness lowers it), and accounts seeded straight into the store so that setting up
 * does not cost one 600000-iteration hash per account.
 */
final class AuthBenchApp implements AutoCloseable {
    static final int ITERATIONS = 600_000;
    static final String PASSWORD = "bench-password-1";
    private final TestApp app;

    AuthBenchApp() {
        this.app = TestApp.builder().provider(new AuthProvider())
                .env("PBKDF2_ITERATIONS", Integer.toString(ITERATIONS))
                .env("LOG_LEVEL", "warn")
                .start();
    }

    /** Accounts {@code bench-<i>@example.com}, all with {@link #PASSWORD} (one hash, shared). */
    void seedAccounts(int count) {
        PasswordHash hash = app.context().passwords().hash(PASSWORD);
        for (int i = 0; i < count; i++) {
            String email = email(i);
            String record = Jsons.text(hash.writeTo(Jsons.object().add("id", String.format("%032x", i + 1)).add("username", "bench" + i)
                            .add("email", email))
                    .add("createdAt", "2026-01-01T00:00:00.000Z").add("lastLoginAt", JsonValue.NULL)
                    .add("isActive", true).add("emailVerified", false).add("tokenVersion", 0).build());
            app.store().put(Namespace.USERS, email, record, null);
        }
    }

    static String email(int i) {
        return "bench-" + i + "@example.com";
    }

    HttpRequest login(int account) {
        return io.text2media.bench.LoadGenerator.post(uri("/api/auth/login"),
                "{\"email\":\"" + email(account) + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    /** A token of account 0, from a real login. */
    String token() {
        return app.http().post("/api/auth/login", "{\"email\":\"" + email(0) + "\",\"password\":\"" + PASSWORD + "\"}")
                .json().getString("token");
    }

    HttpRequest validate(String token) {
        return HttpRequest.newBuilder(uri("/api/auth/validate")).header("Authorization", "Bearer " + token)
                .timeout(java.time.Duration.ofSeconds(30)).GET().build();
    }

    URI uri(String path) {
        return app.uri(path);
    }

    int hashThreads() {
        return app.context().settings().passwords().hashThreads();
    }

    @Override
    public void close() {
        app.close();
    }
}
