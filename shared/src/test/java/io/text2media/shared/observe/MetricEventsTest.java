package io.text2media.shared.observe;

import io.text2media.shared.config.ObserveSettings;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.testing.MetricLines;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("success", true);
        fields.put("dt_ms", 42);
        events.record("auth_login", fields);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheOriginalsRawLineWhenEnabledSampledAndInfo() {
        String text = run("info", true, 1.0);
        assertEquals("[METRIC] {\"name\":\"auth_login\",\"ts\":1700000000123,\"success\":true,\"dt_ms\":42}\n", text,
                "the original's raw line, not a JSON log line");
        List<JsonObject> metrics = MetricLines.in(text);
        assertEquals(1, metrics.size(), text);
        JsonObject metric = metrics.getFirst();
        assertEquals("auth_login", metric.getString("name"));
        assertEquals(1_700_000_000_123L, metric.getJsonNumber("ts").longValue());
        assertEquals(42, metric.getInt("dt_ms"));
        assertTrue(metric.getBoolean("success"));
    }

    @Test
    void goesToStdoutByDefault() {
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Logging.configure("info");
            new MetricEvents(new ObserveSettings("info", true, 1.0), clock).record("prompt_optimize", Map.of("success", false));
        } finally {
            System.setOut(before);
        }
        assertEquals("prompt_optimize", MetricLines.in(out.toString(StandardCharsets.UTF_8)).getFirst().getString("name"));
    }

    @Test
    void needsAllThreeConditionsLikeTheOriginal() {
        assertEquals("", run("info", false, 1.0), "disabled");
        assertEquals("", run("info", true, 0.0), "the default sample rate of 0 never samples");
        assertEquals("", run("warn", true, 1.0), "below info");
        assertEquals(1, MetricLines.in(run("debug", true, 1.0)).size(), "debug is at or above info");
    }

    @Test
    void aLoweredLogLevelStopsTheLinesAtOnce() {
        String before = run("info", true, 1.0);
        Logging.changeLevel("error");
        new MetricEvents(new ObserveSettings("info", true, 1.0), clock).record("auth_login", Map.of());
        assertEquals(before, out.toString(StandardCharsets.UTF_8), "nothing more at error level");
    }

    @Test
    void aFractionalRateSamplesAboutThatShare() {
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        MetricEvents events = new MetricEvents(new ObserveSettings("info", true, 0.25), clock);
        IntStream.range(0, 4000).forEach(i -> events.record("generate_image", Map.of("success", true)));
        int lines = MetricLines.in(out.toString(StandardCharsets.UTF_8)).size();
        assertTrue(lines > 800 && lines < 1200, "about a quarter of 4000: " + lines);
    }

    @Test
    void linesNeverInterleaveWithJsonLogLines() throws Exception {
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        MetricEvents events = new MetricEvents(new ObserveSettings("info", true, 1.0), clock);
        Log log = Log.of(MetricEventsTest.class);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    events.record("feedback_submit", Map.of("success", true, "dt_ms", i));
                    log.info("something_else", "i", i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int metrics = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("[METRIC] ")) {
                metrics++;
            } else {
                assertTrue(Jsons.parseObject(line).isPresent(), "every other line is one whole JSON log line: " + line);
            }
        }
        assertEquals(2000, metrics);
        assertEquals(2000, MetricLines.in(text).size());
    }

    @Test
    void fieldsNamedLikeSecretsAreRedactedEvenOutsideTheJsonFormatter() {
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("api_key", "sk-live-123");
        fields.put("email", "alice@example.com");
        new MetricEvents(new ObserveSettings("info", true, 1.0), clock).record("x", fields);
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("sk-live-123") || text.contains("alice@"), text);
    }
}
