package io.text2media.shared.observe;

import io.text2media.shared.config.ObserveSettings;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObjectBuilder;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The original's sampled metric lines (original-contract.md §16.2): the raw line
 * {@code [METRIC] {"name":...,"ts":<epoch ms>,...}} on the log output (stdout), not wrapped in a JSON log line, so
 * pipelines that matched the original's output with {@code ^\[METRIC\] } still find them. Written only when
 * {@code METRICS_ENABLED=true}, a random draw falls under {@code METRICS_SAMPLE_RATE}, and the log level is info or
 * debug (read per line, so a changed level applies at once). Prometheus metrics are separate and always on.
 */
public final class MetricEvents {
    public static final String PREFIX = "[METRIC] ";
    private static final Log LOG = Log.of(MetricEvents.class);
    private volatile boolean enabled;
    private volatile double sampleRate;
    private final Clock clock;

    public MetricEvents(ObserveSettings settings, Clock clock) {
        this.enabled = settings.metricsEnabled();
        this.sampleRate = settings.metricsSampleRate();
        this.clock = clock;
    }

    /** The emergency switch: turns the lines on or off (and changes their sample rate) in a running process. */
    public void switchTo(boolean on, double rate) {
        this.enabled = on;
        this.sampleRate = rate;
    }

    public boolean enabled() {
        return enabled;
    }

    public double sampleRate() {
        return sampleRate;
    }

    /** Records one event, e.g. {@code record("auth_login", Map.of("success", true, "dt_ms", 42))}. */
    public void record(String name, Map<String, ?> fields) {
        if (!enabled || sampleRate <= 0 || !LOG.isInfo() || ThreadLocalRandom.current().nextDouble() >= sampleRate) {
            return;
        }
        Logging.printLine(PREFIX + Jsons.text(json(name, fields).build()));
    }

    private JsonObjectBuilder json(String name, Map<String, ?> fields) {
        JsonObjectBuilder json = Jsons.object().add("name", name).add("ts", clock.millis());
        fields.forEach((k, raw) -> {
            // The line bypasses the JSON formatter, so it gets the formatter's redaction here.
            Object v = JsonLogFormatter.safeValue(k, raw);
            if (v instanceof Boolean b) {
                json.add(k, b);
            } else if (v instanceof Integer || v instanceof Long) {
                json.add(k, ((Number) v).longValue());
            } else if (v instanceof Number n) {
                json.add(k, n.doubleValue());
            } else if (v != null) {
                json.add(k, String.valueOf(v));
            }
        });
        return json;
    }
}
