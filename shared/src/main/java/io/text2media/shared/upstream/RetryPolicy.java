package io.text2media.shared.upstream;

import io.text2media.shared.config.UpstreamSettings;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How one upstream is called: total attempts, the first backoff delay (doubling, with jitter), the timeout of one
 * attempt and the deadline of the whole call including every sleep.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration attemptTimeout, Duration deadline) {

    public static RetryPolicy from(UpstreamSettings settings) {
        return new RetryPolicy(settings.maxAttempts(), settings.initialDelay(), settings.attemptTimeout(), settings.deadline());
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialDelay, attemptTimeout, deadline);
    }

    public RetryPolicy withTimeouts(Duration attempt, Duration overall) {
        return new RetryPolicy(maxAttempts, initialDelay, attempt, overall);
    }

    /**
     * The pause before attempt {@code nextAttempt} (2, 3, ...): initialDelay × 2^(n-2), with "equal jitter" (between half
     * and all of it) so that callers who failed together do not retry together.
     */
    public Duration backoff(int nextAttempt) {
        long base = initialDelay.toMillis() << Math.min(20, Math.max(0, nextAttempt - 2));
        if (base <= 1) {
            return Duration.ofMillis(base);
        }
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
