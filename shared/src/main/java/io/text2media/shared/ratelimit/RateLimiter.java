package io.text2media.shared.ratelimit;

import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window counters on the store's atomic increment (design.md §5.8), in the RATE_LIMITS namespace. A window
 * starts with its first hit and lasts {@code window}, as the original's did; because the increment is atomic, N
 * parallel hits against a limit of L admit exactly L.
 */
public final class RateLimiter {
    private final KvStore store;
    private final Clock clock;

    public RateLimiter(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts one hit; the result says whether it is within {@code limit} and when the window ends. */
    public Window hit(String key, int limit, Duration window) {
        KvStore.Counter counter = store.increment(Namespace.RATE_LIMITS, key, 1, window);
        return new Window(counter.value(), limit, retryAfter(counter.expiresAt(), window));
    }

    /**
     * Takes back a hit that was refused for another reason, so it does not use up the window. When the window ended
     * in between, the decrement opened a new one at -1, which would grant an extra hit: that is undone to 0.
     */
    public void release(String key, Duration window) {
        if (store.increment(Namespace.RATE_LIMITS, key, -1, window).value() < 0) {
            store.increment(Namespace.RATE_LIMITS, key, 1, window);
        }
    }

    /** The current count without counting (0 when the window is over). */
    public Window peek(String key, int limit, Duration window) {
        return store.get(Namespace.RATE_LIMITS, key)
                .map(e -> new Window(e.counter(), limit, retryAfter(e.expiresAt(), window)))
                .orElse(new Window(0, limit, window));
    }

    public void reset(String key) {
        store.delete(Namespace.RATE_LIMITS, key);
    }

    private Duration retryAfter(Instant end, Duration window) {
        if (end == null) {
            return window;
        }
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** One window's state after a hit. */
    public record Window(long count, int limit, Duration retryAfter) {
        public boolean allowed() {
            return count <= limit;
        }

        /** Whole seconds until the window ends, at least 1 (the original's {@code retry_after}). */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
