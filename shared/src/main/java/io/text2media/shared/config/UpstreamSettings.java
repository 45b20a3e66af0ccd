package io.text2media.shared.config;

import java.time.Duration;

/**
 * The shared upstream policy (design.md §5.9): total attempts, first backoff delay, per-attempt timeout, overall
 * deadline and the circuit breaker. The original's names are kept: RETRY_MAX_ATTEMPTS wins over FETCH_RETRY_MAX.
 */
public record UpstreamSettings(int maxAttempts, Duration initialDelay, Duration connectTimeout,
                               Duration attemptTimeout, Duration deadline,
                               int breakerVolume, int breakerErrorRatio, Duration breakerDelay) {

    static UpstreamSettings from(Env env) {
        int attempts = aliased(env, 3, 1, 10, "RETRY_MAX_ATTEMPTS", "FETCH_RETRY_MAX");
        int delay = aliased(env, 500, 0, 60_000, "RETRY_INITIAL_DELAY_MS", "FETCH_RETRY_INITIAL_DELAY_MS");
        Duration timeout = Duration.ofMillis(env.longValue("UPSTREAM_TIMEOUT_MS", 60_000, 100, 600_000));
        Duration deadline = Duration.ofMillis(env.longValue("UPSTREAM_DEADLINE_MS", 120_000, 100, 1_800_000));
        if (deadline.compareTo(timeout) < 0) {
            throw new SettingsException("UPSTREAM_DEADLINE_MS", "must not be shorter than UPSTREAM_TIMEOUT_MS");
        }
        return new UpstreamSettings(attempts, Duration.ofMillis(delay),
                Duration.ofMillis(env.longValue("UPSTREAM_CONNECT_TIMEOUT_MS", 5_000, 100, 60_000)),
                timeout, deadline,
                env.integer("CIRCUIT_BREAKER_VOLUME", 10, 2, 1000),
                env.integer("CIRCUIT_BREAKER_ERROR_RATIO", 60, 1, 100),
                Duration.ofMillis(env.longValue("CIRCUIT_BREAKER_DELAY_MS", 30_000, 100, 3_600_000)));
    }

    private static int aliased(Env env, int defaultValue, int min, int max, String... names) {
        for (String name : names) {
            if (env.isSet(name)) {
                return env.integer(name, defaultValue, min, max);
            }
        }
        return defaultValue;
    }
}
