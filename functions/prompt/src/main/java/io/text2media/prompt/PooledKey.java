package io.text2media.prompt;

import java.time.Instant;

/**
 * One key's state in the pool. Mutated only under the pool's lock. The secret never leaves through
 * {@link #toString()}: only the alias identifies the key in logs, health details and metrics.
 */
final class PooledKey {
    /** Where a key stands; {@link KeyPool} moves it between states. */
    enum State {
        HEALTHY, COOLDOWN, OPEN, HALF_OPEN, DISABLED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final double SUCCESS_ALPHA = 0.2;
    private static final double LATENCY_ALPHA = 0.3;

    final String alias;
    final String secret;
    State state = State.HEALTHY;
    /** why the key is not healthy (an outcome label), or null. */
    String reason;
    /** when a cool-down or an open circuit ends. */
    Instant until;
    int consecutiveFailures;
    /** 429s in a row: each doubles the next cool-down. */
    int rateLimitStreak;
    /** circuits opened in a row: each failed trial doubles the next open period. */
    int opens;
    boolean trialInFlight;
    int inFlight;
    double successEwma = 1.0;
    /** NaN until the first measured call. */
    double latencyEwmaMs = Double.NaN;
    long calls;
    long failures;

    PooledKey(String alias, String secret) {
        this.alias = alias;
        this.secret = secret;
    }

    void recordSuccessRate(boolean success) {
        successEwma = SUCCESS_ALPHA * (success ? 1.0 : 0.0) + (1 - SUCCESS_ALPHA) * successEwma;
    }

    void recordLatency(double millis) {
        latencyEwmaMs = Double.isNaN(latencyEwmaMs) ? millis : LATENCY_ALPHA * millis + (1 - LATENCY_ALPHA) * latencyEwmaMs;
    }

    @Override
    public String toString() {
        return "PooledKey[" + alias + ", " + state + "]";
    }
}
