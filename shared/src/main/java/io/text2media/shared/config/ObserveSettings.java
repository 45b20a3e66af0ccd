package io.text2media.shared.config;

import java.time.Duration;
import java.util.Set;

/**
 * Logging, the original's sampled {@code [METRIC]} lines (original-contract.md §16), and the request log: a bounded
 * queue drained in JDBC batches by a writer that may use at most {@code REQUEST_LOG_CPU_PERCENT} of the machine, and
 * how long its rows are kept.
 */
public record ObserveSettings(String logLevel, boolean metricsEnabled, double metricsSampleRate,
                              boolean requestLogEnabled, int requestLogQueueSize, int requestLogBatchSize,
                              Duration requestLogFlushInterval, int requestLogCpuPercent,
                              int requestLogRetentionDays, int errorLogRetentionDays) {
    /**
     * Rows per JDBC batch: a ceiling, not a wait (a batch is also written once its first row has waited
     * {@code REQUEST_LOG_FLUSH_MS}), so light traffic still gets small, prompt batches. 1000 rather than the "e.g. 100"
     * of ops-reference.md because it is the size the request-log benchmark (make bench) measured the writer with.
     */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_QUEUE_SIZE = 10_000;

    /** Only what the log and metric lines need (tests, tools). */
    public ObserveSettings(String logLevel, boolean metricsEnabled, double metricsSampleRate) {
        this(logLevel, metricsEnabled, metricsSampleRate, true, DEFAULT_QUEUE_SIZE, DEFAULT_BATCH_SIZE, Duration.ofSeconds(1),
                3, 30, 90);
    }

    /** The settings a running process may change (LOG_LEVEL, METRICS_ENABLED, METRICS_SAMPLE_RATE), validated. */
    public record Switches(String logLevel, boolean metricsEnabled, double metricsSampleRate) {
    }

    /** Reads and validates the runtime switches from {@code env}; an invalid value throws {@link SettingsException}. */
    public static Switches switches(Env env) {
        ObserveSettings s = from(env);
        return new Switches(s.logLevel(), s.metricsEnabled(), s.metricsSampleRate());
    }

    static ObserveSettings from(Env env) {
        return new ObserveSettings(
                env.oneOf("LOG_LEVEL", "info", Set.of("error", "warn", "info", "debug")),
                env.bool("METRICS_ENABLED", false),
                env.decimal("METRICS_SAMPLE_RATE", 0, 0, 1),
                env.bool("REQUEST_LOG_ENABLED", true),
                env.integer("REQUEST_LOG_QUEUE_SIZE", DEFAULT_QUEUE_SIZE, 100, 1_000_000),
                env.integer("REQUEST_LOG_BATCH_SIZE", DEFAULT_BATCH_SIZE, 1, 10_000),
                Duration.ofMillis(env.longValue("REQUEST_LOG_FLUSH_MS", 1000, 10, 60_000)),
                env.integer("REQUEST_LOG_CPU_PERCENT", 3, 1, 100),
                env.integer("REQUEST_LOG_RETENTION_DAYS", 30, 1, 3650),
                env.integer("ERROR_LOG_RETENTION_DAYS", 90, 1, 3650));
    }
}
