package io.text2media.shared.observe;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.ObserveSettings;
import io.text2media.shared.config.SettingsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emergency switches of a running function: {@code LOG_LEVEL}, {@code METRICS_ENABLED} and
 * {@code METRICS_SAMPLE_RATE} change without a restart, on {@code SIGHUP} or through the token-gated
 * {@code POST /internal/config/reload}. The new values come from the overrides file ({@code RUNTIME_OVERRIDES_FILE},
 * default {@code <DATA_DIR>/runtime.env}, KEY=value lines; a switch missing from it returns to its start-up value) or
 * from the request's body. Values are validated as at start-up; every change is logged with its old and new value.
 * Nothing else can be changed at run time: other settings need a restart (a deploy).
 */
public final class RuntimeSwitches {
    public static final List<String> NAMES = List.of("LOG_LEVEL", "METRICS_ENABLED", "METRICS_SAMPLE_RATE");
    private static final Log LOG = Log.of(RuntimeSwitches.class);

    private final Env startEnv;
    private final Path overridesFile;
    private final MetricEvents metricEvents;

    public RuntimeSwitches(Env startEnv, MetricEvents metricEvents) {
        this.startEnv = startEnv;
        this.metricEvents = metricEvents;
        this.overridesFile = startEnv.optional("RUNTIME_OVERRIDES_FILE").map(Path::of)
                .orElse(Path.of(startEnv.optional("DATA_DIR").orElse("./data"), "runtime.env"));
    }

    public Path overridesFile() {
        return overridesFile;
    }

    /** The values in force now. */
    public Map<String, String> current() {
        Map<String, String> now = new LinkedHashMap<>();
        now.put("LOG_LEVEL", Logging.level());
        now.put("METRICS_ENABLED", String.valueOf(metricEvents.enabled()));
        now.put("METRICS_SAMPLE_RATE", String.valueOf(metricEvents.sampleRate()));
        return now;
    }

    /** Re-reads the overrides file (absent: every switch back to its start-up value) and applies it. */
    public Map<String, String> reloadFile(String source) {
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.isRegularFile(overridesFile)) {
            try {
                for (String line : Files.readAllLines(overridesFile)) {
                    String trimmed = line.trim();
                    int eq = trimmed.indexOf('=');
                    if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 1) {
                        continue;
                    }
                    String name = trimmed.substring(0, eq).trim();
                    if (NAMES.contains(name)) {
                        values.put(name, unquote(trimmed.substring(eq + 1).trim()));
                    } else {
                        LOG.warn("runtime_switch_ignored", "name", name, "file", overridesFile.toString(),
                                "reason", "only LOG_LEVEL, METRICS_ENABLED and METRICS_SAMPLE_RATE change at run time");
                    }
                }
            } catch (IOException e) {
                throw new SettingsException("RUNTIME_OVERRIDES_FILE", "cannot read " + overridesFile);
            }
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String name : NAMES) {
            wanted.put(name, Optional.ofNullable(values.get(name)).or(() -> startEnv.optional(name)).orElse(""));
        }
        return apply(wanted, source);
    }

    /**
     * Applies the given switches (the others keep their current value; a null value returns one to its start-up
     * value); an unknown name or an invalid value throws
     * {@link SettingsException} naming the variable, and nothing changes. Returns what changed: name to "old -> new".
     */
    public synchronized Map<String, String> apply(Map<String, String> values, String source) {
        for (String name : values.keySet()) {
            if (!NAMES.contains(name)) {
                throw new SettingsException(name, "cannot change at run time (only " + String.join(", ", NAMES) + ")");
            }
        }
        Map<String, String> before = current();
        Map<String, String> merged = new LinkedHashMap<>(before);
        values.forEach((k, v) -> merged.put(k, v != null ? v : startEnv.optional(k).orElse(""))); // null: back to start-up
        ObserveSettings.Switches next = ObserveSettings.switches(Env.of(merged));
        Map<String, String> changed = new LinkedHashMap<>();
        if (!next.logLevel().equals(before.get("LOG_LEVEL"))) {
            changed.put("LOG_LEVEL", before.get("LOG_LEVEL") + " -> " + next.logLevel());
        }
        if (next.metricsEnabled() != metricEvents.enabled()) {
            changed.put("METRICS_ENABLED", metricEvents.enabled() + " -> " + next.metricsEnabled());
        }
        if (next.metricsSampleRate() != metricEvents.sampleRate()) {
            changed.put("METRICS_SAMPLE_RATE", metricEvents.sampleRate() + " -> " + next.metricsSampleRate());
        }
        // Logged at WARN under whichever level lets it through: a switch to "error" must still leave a trace.
        boolean loggedBefore = !before.get("LOG_LEVEL").equals("error");
        if (loggedBefore) {
            log(changed, source);
        }
        metricEvents.switchTo(next.metricsEnabled(), next.metricsSampleRate());
        if (changed.containsKey("LOG_LEVEL")) {
            Logging.changeLevel(next.logLevel());
        }
        if (!loggedBefore) {
            log(changed, source);
        }
        return changed;
    }

    private static void log(Map<String, String> changed, String source) {
        LOG.warn("runtime_switches_changed", "source", source, "changes", changed.isEmpty() ? "none" : changed.toString());
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
