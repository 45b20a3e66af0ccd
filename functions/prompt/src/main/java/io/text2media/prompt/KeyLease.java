package io.text2media.prompt;

import java.time.Duration;

/**
 * One key lent to one upstream call. Settle it exactly once with the call's outcome; closing an unsettled lease counts
 * as "nothing sent", so a key is never left marked in flight.
 */
final class KeyLease implements AutoCloseable {
    private final KeyPool pool;
    private final PooledKey key;
    private final long startNanos;
    private boolean settled;

    KeyLease(KeyPool pool, PooledKey key) {
        this.pool = pool;
        this.key = key;
        this.startNanos = pool.ticks();
    }

    String alias() {
        return key.alias;
    }

    /** The key itself, only for the Authorization header. */
    String secret() {
        return key.secret;
    }

    void settle(KeyOutcome outcome) {
        settle(outcome, null);
    }

    /** {@code retryAfter}: what the upstream asked for with a 429, or null. */
    void settle(KeyOutcome outcome, Duration retryAfter) {
        if (settled) {
            return;
        }
        settled = true;
        pool.settle(key, outcome, Duration.ofNanos(pool.ticks() - startNanos), retryAfter);
    }

    @Override
    public void close() {
        settle(KeyOutcome.NOT_SENT);
    }
}
