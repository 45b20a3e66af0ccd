package io.text2media.auth;

import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key flows on PostgreSQL (the cluster's store): register with its race, login with the original's mixed-case
 * record and the lockout counter, password reset with its single use, logout. Skipped without a local server, failed
 * under CI=true.
 */
class AuthPostgresTest {

    @Test
    void registerLoginResetAndLogoutOnPostgres() throws Exception {
        try (TestDatabases.Schema schema = TestDatabases.postgres(); EmailFake email = new EmailFake();
             TestApp app = AuthApi.app().env(email.env())
                     .env("DB_URL", schema.settings().url())
                     .env("DB_USER", schema.settings().user())
                     .env("DB_PASSWORD", schema.settings().password())
                     .start()) {
            assertTrue(app.context().database().type().contains("postgres"), app.context().database().type());
            AuthApi api = new AuthApi(app);

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 20; i++) {
                    calls.add(threads.submit(() -> {
                        go.await();
                        return api.register("pg", "PG@Example.com", "secret1").status();
                    }));
                }
                go.countDown();
                int created = 0;
                for (Future<Integer> call : calls) {
                    created += call.get() == 201 ? 1 : 0;
                }
                assertEquals(1, created);
            }

            String token = api.login("pg@example.com", "secret1").json().getString("token");
            assertEquals(200, api.validate(token).status());

            Stores.putUser(app.store(), "Orig@Example.com", LoginTest.originalPbkdf2Record("o1", "orig@example.com"));
            assertEquals(200, api.login("orig@example.com", "secret1").status());
            assertTrue(Stores.keys(app.store(), Namespace.USERS).contains("orig@example.com"));

            for (int i = 0; i < 10; i++) {
                assertEquals(401, api.login("orig@example.com", "bad-" + i).status());
            }
            assertEquals(429, api.login("orig@example.com", "secret1").status());

            assertEquals(200, api.forgot("pg@example.com").status());
            String resetToken = EmailFake.tokenIn(email.awaitEmail(1));
            List<Future<Http.Res>> resets = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 10; i++) {
                    String password = "pg-new-" + i;
                    resets.add(threads.submit(() -> {
                        start.await();
                        return api.reset(resetToken, password);
                    }));
                }
                start.countDown();
                int ok = 0;
                for (Future<Http.Res> reset : resets) {
                    Http.Res res = reset.get();
                    if (res.status() == 200) {
                        ok++;
                    } else {
                        assertFailure(res, 400, "该重置链接已被使用");
                    }
                }
                assertEquals(1, ok);
            }
            assertEquals(401, api.validate(token).status(), "the reset ended the session");
            assertEquals(401, api.login("pg@example.com", "secret1").status());

            String fresh = api.registered("pg-out@example.com", "secret1");
            assertEquals(200, api.logout(fresh).status());
            assertEquals(401, api.validate(fresh).status());
        }
    }
}
