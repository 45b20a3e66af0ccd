package io.text2media.health;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestEnv;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /internal/health's metrics and database blocks, after a known burst of calls; and the same figures in Prometheus. */
class HealthMetricsTest {

    @Test
    void metricsAndRowCountsMatchTheCallsThatWereMade() {
        try (TestApp app = TestApp.builder().provider(new HealthProvider(), new ProbeFunction()).start()) {
            Http http = app.http();
            for (int i = 0; i < 10; i++) {
                assertEquals(201, http.post("/probe/kv/k" + i, "{\"i\":" + i + "}").status());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(400, http.post("/probe/echo", "[]").status());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(500, http.get("/probe/boom").status());
            }
            assertEquals(404, http.get("/missing").status());
            assertEquals(409, http.get("/probe/conflict").status());
            http.get("/observe/health"); // not a function call: not counted
            app.awaitIdle(); // a row is queued just after its response is sent
            assertTrue(app.context().opsLogWriter().flush(Duration.ofSeconds(30)), "the log writer caught up");
            assertEquals(20L, app.context().database().execute()
                    .get("SELECT COUNT(*) FROM request_logs").orElseThrow().column(1).get(Long.class));

            Http.Res res = http.get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            JsonObject body = res.json();
            assertTrue(body.containsKey("version"));
            assertTrue(body.getJsonNumber("uptime").longValue() >= 0);
            JsonObject m = body.getJsonObject("metrics");
            assertEquals(20, m.getInt("requests_total"));
            assertEquals(20 / 60.0, m.getJsonNumber("requests_per_second").doubleValue(), 0.001);
            assertEquals(3 / 20.0, m.getJsonNumber("error_rate").doubleValue(), 1e-4);
            assertEquals(7 / 20.0, m.getJsonNumber("client_error_rate").doubleValue(), 1e-4);
            assertTrue(m.getJsonNumber("average_response_time").doubleValue() >= 0);
            assertTrue(m.getJsonNumber("p95_response_time").doubleValue() > 0);
            assertEquals(JsonValue.NULL, m.get("cache_hit_rate"), "no cache was involved");
            assertEquals(JsonValue.NULL, m.get("active_api_keys"), "no key pool in this process");
            assertEquals("health,probe", m.getString("scope"));

            JsonObject db = body.getJsonObject("database");
            assertEquals("ok", db.getString("status"));
            List<String> tables = db.getJsonArray("tables").getValuesAs(jakarta.json.JsonString::getString);
            assertTrue(tables.containsAll(List.of("kv_entries", "request_logs", "error_logs", "daily_stats", "schema_version")), tables.toString());
            assertEquals(20, db.getJsonObject("row_counts").getInt("request_logs"));
            assertEquals(3, db.getJsonObject("row_counts").getInt("error_logs"));
            assertEquals(10, db.getJsonObject("row_counts").getInt("kv_entries"));

            String prometheus = http.get("/observe/metrics", "Accept", "text/plain").body();
            // By now the health call itself (503: the Pollinations and DeepSeek keys are not set) is in the window too.
            double expected = (3 + 1) / 21.0;
            assertTrue(prometheus.lines().anyMatch(l -> l.startsWith("text2media_error_rate{")
                            && Math.abs(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) - expected) < 1e-9),
                    "the same window in Prometheus: " + prometheus.lines().filter(l -> l.startsWith("text2media_error_rate")).toList());
        }
    }

    @Test
    void aKeyPoolInTheProcessIsReported() {
        try (TestApp app = TestApp.builder().provider(new HealthProvider()).start()) {
            app.context().provide(io.text2media.shared.observe.KeyPoolStatus.class, new io.text2media.shared.observe.KeyPoolStatus() {
                @Override
                public int activeKeys() {
                    return 3;
                }

                @Override
                public int healthyKeys() {
                    return 2;
                }

                @Override
                public JsonObject describe() {
                    return JsonValue.EMPTY_JSON_OBJECT;
                }
            });
            JsonObject m = app.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN).json().getJsonObject("metrics");
            assertEquals(3, m.getInt("active_api_keys"));
            assertEquals(2, m.getInt("healthy_api_keys"));
        }
    }
}
