package io.text2media.shared.observe;

import io.text2media.shared.config.ObserveSettings;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricEventsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

    @AfterEach
    void restore() {
        Logging.configure("warn");
    }

    private String run(String level, boolean enabled, double rate) {
        Logging.configure(level, new PrintStream(out, true, StandardCharsets.UTF_8));
        MetricEvents events = new MetricEvents(new ObserveSettings(level, enabled, rate), clock);
        events.record("auth_login", Map.of("success", true, "dt_ms", 42));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheOriginalsLineWhenEnabledSampledAndInfo() {
        String text = run("info", true, 1.0);
        JsonObject line = Jsons.parseObject(text.trim()).orElseThrow();
        String event = line.getString("event");
        assertTrue(event.startsWith("[METRIC] "), event);
        JsonObject metric = Jsons.parseObject(event.substring("[METRIC] ".length())).orElseThrow();
        assertEquals("auth_login", metric.getString("name"));
        assertEquals(1_700_000_000_123L, metric.getJsonNumber("ts").longValue());
        assertEquals(42, metric.getInt("dt_ms"));
        assertTrue(metric.getBoolean("success"));
    }

    @Test
    void needsAllThreeConditionsLikeTheOriginal() {
        assertEquals("", run("info", false, 1.0), "disabled");
        assertEquals("", run("info", true, 0.0), "the default sample rate of 0 never samples");
        assertEquals("", run("warn", true, 1.0), "below info");
    }
}
