package io.text2media.health;

import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TcpProxy;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestEnv;
import io.text2media.shared.testing.Waits;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** original-contract.md §17 with design.md §5.13. */
class InternalHealthTest {
    private static final Map<String, String> ALL_REQUIRED = Map.of(
            "POLLINATIONS_API_TOKEN", "sk_test", "DEEPSEEK_API_KEY", "sk-test");

    private static TestApp app(Map<String, String> env) {
        return TestApp.builder().provider(new HealthProvider()).env(env).start();
    }

    @Test
    void theOutboundProxyIsShownWithoutItsCredentials() {
        Map<String, String> env = new java.util.HashMap<>(ALL_REQUIRED);
        env.put("HTTPS_PROXY", "http://ops:s3cret-proxy-pass@proxy.corp:3128");
        env.put("NO_PROXY", "localhost,.internal");
        try (TestApp app = app(env)) {
            Http.Res res = app.http().get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            JsonObject proxy = res.json().getJsonObject("outbound_proxy");
            assertEquals("http://proxy.corp:3128", proxy.getString("https"));
            assertTrue(proxy.isNull("http"));
            assertEquals(List.of("localhost", ".internal"), proxy.getJsonArray("no_proxy").getValuesAs(jakarta.json.JsonString::getString));
            assertFalse(res.body().contains("s3cret") || res.body().contains("ops:"), res.body());
        }
    }

    @Test
    void withoutTheRightTokenItIs401Unauthorized() {
        try (TestApp app = app(ALL_REQUIRED)) {
            Http http = app.http();
            for (Http.Res res : List.of(
                    http.get("/internal/health"),
                    http.get("/internal/health?token=wrong"),
                    http.get("/internal/health", "Authorization", "Bearer wrong"),
                    http.get("/internal/health", "Authorization", "Basic " + TestEnv.HEALTH_TOKEN),
                    http.get("/internal/health?token=" + TestEnv.HEALTH_TOKEN + "%20"))) {
                assertEquals(401, res.status(), res.toString());
                assertEquals("unauthorized", res.json().getString("status"));
                assertEquals("unauthorized", res.json().getString("code"));
                assertTrue(res.json().containsKey("requestId"));
            }
        }
    }

    @Test
    void anUnsetTokenClosesTheEndpointInsteadOfOpeningIt() {
        try (TestApp app = app(Map.of("HEALTH_CHECK_TOKEN", ""))) {
            assertEquals(401, app.http().get("/internal/health").status());
            assertEquals(401, app.http().get("/internal/health?token=").status());
            assertEquals(401, app.http().get("/internal/health", "Authorization", "Bearer ").status());
        }
    }

    @Test
    void bearerIsTrimmedAndTheQueryParameterIsExact() {
        try (TestApp app = app(ALL_REQUIRED)) {
            assertEquals(200, app.http().get("/internal/health", "Authorization", "Bearer  " + TestEnv.HEALTH_TOKEN + " ").status());
            assertEquals(200, app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN).status());
        }
    }

    @Test
    void allRequiredVariablesAndAReadableStoreGive200Ok() {
        try (TestApp app = app(ALL_REQUIRED)) {
            Http.Res res = app.http().get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            assertEquals(200, res.status(), res.toString());
            JsonObject body = res.json();
            assertEquals("ok", body.getString("status"));
            assertTrue(body.getString("timestamp").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), body.getString("timestamp"));
            JsonArray checks = body.getJsonArray("checks");
            assertEquals("config.required_env", checks.getJsonObject(0).getString("name"));
            assertEquals("ok", checks.getJsonObject(0).getString("status"));
            assertEquals(0, checks.getJsonObject(0).getJsonObject("details").getJsonArray("missing").size());
            assertEquals("kv.users", checks.getJsonObject(1).getString("name"));
            assertEquals("ok", checks.getJsonObject(1).getString("status"));
            assertEquals(0, checks.getJsonObject(1).getJsonObject("details").size());
        }
    }

    @Test
    void missingVariablesAreDegraded503NamingThem() {
        try (TestApp app = app(Map.of())) {
            Http.Res res = app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN);
            assertEquals(503, res.status());
            assertEquals("degraded", res.json().getString("status"));
            JsonObject env = res.json().getJsonArray("checks").getJsonObject(0);
            assertEquals("degraded", env.getString("status"));
            assertEquals(List.of("POLLINATIONS_API_TOKEN", "DEEPSEEK_API_KEY"),
                    env.getJsonObject("details").getJsonArray("missing").getValuesAs(jakarta.json.JsonString::getString));
        }
    }

    @Test
    void googleVariablesAreRequiredOnceGoogleIsConfiguredAndAliasesCount() {
        try (TestApp app = app(Map.of("POLLINATIONS_API_KEY", "k", "DEEPSEEK_API_KEY", "k", "GOOGLE_CLIENT_ID", "id"))) {
            JsonObject env = app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN).json()
                    .getJsonArray("checks").getJsonObject(0);
            assertEquals(List.of("GOOGLE_CLIENT_SECRET", "GOOGLE_REDIRECT_URI"),
                    env.getJsonObject("details").getJsonArray("missing").getValuesAs(jakarta.json.JsonString::getString));
        }
        try (TestApp app = app(Map.of("POLLINATIONS_API_TOKEN", "k", "DEEPSEEK_API_KEY", "k", "GOOGLE_CLIENT_ID", "id",
                "GOOGLE_CLIENT_SECRET_NEW", "s", "FRONTEND_URL", "https://aistone.ai"))) {
            assertEquals(200, app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN).status());
        }
    }

    @Test
    void aProbeWritesNothing() {
        try (TestApp app = app(ALL_REQUIRED)) {
            long before = app.store().count(Namespace.USERS);
            for (int i = 0; i < 5; i++) {
                app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN);
            }
            assertEquals(before, app.store().count(Namespace.USERS));
            Long rows = app.context().database().client().execute().get("SELECT COUNT(*) FROM kv_entries")
                    .orElseThrow().column(1).get(Long.class);
            assertEquals(0L, rows);
        }
    }

    @Test
    void anUnreachableStoreIsAnError503WithAReason() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", h2.getPort());
             TestApp app = TestApp.builder().provider(new HealthProvider()).env(ALL_REQUIRED)
                     .env("DB_URL", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:health" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                     .env("DB_CONNECT_TIMEOUT_MS", "500").start()) {
            assertEquals(200, app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN).status());
            proxy.cut();
            long start = System.nanoTime();
            Http.Res res = app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5000, "answered within the read timeout");
            assertEquals(503, res.status());
            assertEquals("error", res.json().getString("status"));
            JsonObject kv = res.json().getJsonArray("checks").getJsonObject(1);
            assertEquals("error", kv.getString("status"));
            assertTrue(kv.getJsonObject("details").getString("reason").length() > 0);
            assertEquals("error", res.json().getJsonObject("database").getString("status"), "a database cut while running");
        } finally {
            h2.stop();
        }
    }

    /** design.md §5.13, ops-reference.md: {@code database.status} is {@code error} when the database cannot be read. */
    @Test
    void anUnreachableDatabaseIsDatabaseStatusErrorAndA503() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try (TcpProxy proxy = TcpProxy.startCut("127.0.0.1", h2.getPort());
             TestApp app = TestApp.builder().provider(new HealthProvider()).env(ALL_REQUIRED).noDatabaseWait()
                     .env("DB_URL", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:away" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                     .env("DB_CONNECT_TIMEOUT_MS", "500").start()) {
            Http.Res down = app.http().get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            assertEquals(503, down.status(), down.toString());
            assertEquals("error", down.json().getString("status"));
            JsonObject database = down.json().getJsonObject("database");
            assertEquals("error", database.getString("status"), database.toString());
            assertTrue(database.getString("reason").length() > 0, database.toString());
            assertFalse(database.containsKey("row_counts"), "no figures it could not read: " + database);

            proxy.restore();
            Waits.until("the database is back", 20_000, () -> app.context().database().isMigrated());
            Http.Res up = app.http().get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            assertEquals(200, up.status(), up.toString());
            assertEquals("ok", up.json().getJsonObject("database").getString("status"));
        } finally {
            h2.stop();
        }
    }

    @Test
    void worseOf() {
        assertEquals("error", InternalHealthService.worse("degraded", "error"));
        assertEquals("degraded", InternalHealthService.worse("ok", "degraded"));
        assertEquals("ok", InternalHealthService.worse("ok", "ok"));
    }
}
