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
        return window(store.increment(Namespace.RATE_LIMITS, key, 1, window), limit, window);
    }

    /**
     * A short window and a daily quota counted in one transaction, one commit where {@link #hit} and {@link #release}
     * make two or three: the window is hit first; a hit over it is not counted against the day ({@code day()} is null);
     * a hit over the day gives its window slot back.
     */
    public WindowAndDay hitWindowAndDay(String windowKey, int windowLimit, Duration window,
                                        String dayKey, int dayLimit, Duration dayTtl) {
        return store.counters(tx -> {
            Window shortWindow = window(tx.add(Namespace.RATE_LIMITS, windowKey, 1, window), windowLimit, window);
            if (!shortWindow.allowed()) {
                return new WindowAndDay(shortWindow, null);
            }
            Window day = window(tx.add(Namespace.RATE_LIMITS, dayKey, 1, dayTtl), dayLimit, dayTtl);
            if (!day.allowed()) {
                tx.add(Namespace.RATE_LIMITS, windowKey, -1, window); // same transaction: the window cannot have ended
            }
            return new WindowAndDay(shortWindow, day);
        });
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

    private Window window(KvStore.Counter counter, int limit, Duration window) {
        return new Window(counter.value(), limit, retryAfter(counter.expiresAt(), window));
    }

    private Duration retryAfter(Instant end, Duration window) {
        if (end == null) {
            return window;
        }
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Both states after {@link #hitWindowAndDay}; {@code day} is null when the window refused the hit. */
    public record WindowAndDay(Window window, Window day) {
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
