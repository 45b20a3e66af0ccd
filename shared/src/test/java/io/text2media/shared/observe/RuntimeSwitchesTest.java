package io.text2media.shared.observe;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestEnv;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emergency switches: LOG_LEVEL and METRICS_ENABLED change in a running function, token-gated, validated, logged. */
class RuntimeSwitchesTest {
    private static final String AUTH = "Bearer " + TestEnv.HEALTH_TOKEN;

    @AfterEach
    void restoreLogging() {
        Logging.configure(System.getenv().getOrDefault("TEST_LOG_LEVEL", "warn"));
    }

    private static TestApp start(Path dir) {
        return TestApp.builder().provider(new ProbeFunction()).env("LOG_LEVEL", "warn")
                .env("RUNTIME_OVERRIDES_FILE", dir.resolve("runtime.env").toString()).start();
    }

    @Test
    void aBodySetsTheSwitchesAndTheAnswerSaysWhatChanged(@TempDir Path dir) {
        try (TestApp app = start(dir)) {
            Http http = app.http();
            Http.Res res = http.post("/internal/config/reload", "{\"LOG_LEVEL\":\"debug\",\"METRICS_ENABLED\":true,\"METRICS_SAMPLE_RATE\":1}",
                    "Authorization", AUTH);
            assertEquals(200, res.status(), res.toString());
            JsonObject body = res.json();
            assertEquals("debug", body.getJsonObject("current").getString("LOG_LEVEL"));
            assertEquals("warn -> debug", body.getJsonObject("changed").getString("LOG_LEVEL"));
            assertEquals("false -> true", body.getJsonObject("changed").getString("METRICS_ENABLED"));
            assertEquals("debug", Logging.level(), "the process logs at debug now");
            assertTrue(app.context().metricEvents().enabled());
            assertEquals(1.0, app.context().metricEvents().sampleRate());

            Http.Res back = http.post("/internal/config/reload", "{\"LOG_LEVEL\":null,\"METRICS_ENABLED\":null}", "Authorization", AUTH);
            assertEquals(200, back.status());
            assertEquals("warn", Logging.level(), "null returns a switch to its start-up value");
            assertTrue(!app.context().metricEvents().enabled());
        }
    }

    @Test
    void withoutABodyTheOverridesFileIsReadAndAMissingSwitchReturnsToItsStartValue(@TempDir Path dir) throws Exception {
        try (TestApp app = start(dir)) {
            Files.writeString(dir.resolve("runtime.env"), "# incident 42\nLOG_LEVEL=error\nMETRICS_ENABLED='true'\nJWT_SECRET=ignored\n");
            Http.Res res = app.http().post("/internal/config/reload", null, "Authorization", AUTH);
            assertEquals(200, res.status(), res.toString());
            assertEquals("error", Logging.level());
            assertTrue(app.context().metricEvents().enabled());

            Files.writeString(dir.resolve("runtime.env"), "METRICS_ENABLED=true\n");
            app.http().post("/internal/config/reload", null, "Authorization", AUTH);
            assertEquals("warn", Logging.level(), "LOG_LEVEL left the file: back to the start-up value");
            Files.delete(dir.resolve("runtime.env"));
            app.http().post("/internal/config/reload", null, "Authorization", AUTH);
            assertTrue(!app.context().metricEvents().enabled(), "no file: everything back to start-up");
        }
    }

    @Test
    void refusedWithoutTheTokenAndForBadOrUnknownSwitches(@TempDir Path dir) {
        try (TestApp app = start(dir)) {
            Http http = app.http();
            assertEquals(401, http.post("/internal/config/reload", "{\"LOG_LEVEL\":\"debug\"}").status());
            assertEquals(401, http.post("/internal/config/reload?token=" + TestEnv.HEALTH_TOKEN, "{\"LOG_LEVEL\":\"debug\"}").status(),
                    "not in a query string: it would land in access logs");
            Http.Res bad = http.post("/internal/config/reload", "{\"LOG_LEVEL\":\"loud\"}", "Authorization", AUTH);
            assertEquals(400, bad.status());
            assertEquals("LOG_LEVEL", bad.json().getString("field"));
            Http.Res unknown = http.post("/internal/config/reload", "{\"JWT_SECRET\":\"x\"}", "Authorization", AUTH);
            assertEquals(400, unknown.status());
            assertEquals("JWT_SECRET", unknown.json().getString("field"));
            assertEquals(400, http.post("/internal/config/reload", "[1]", "Authorization", AUTH).status());
            assertEquals(400, http.post("/internal/config/reload", "{\"METRICS_SAMPLE_RATE\":[]}", "Authorization", AUTH).status());
            assertEquals("warn", Logging.level(), "a refused change changes nothing");
        }
    }
}
