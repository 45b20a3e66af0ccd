package io.text2media.shared.ratelimit;

import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Fixed-window counters on the store's atomic increment (design.md §5.8), in the RATE_LIMITS namespace. A window
 * starts with its first hit and lasts {@code window}, as the original's did; because the increment is atomic, N
 * parallel hits against a limit of L admit exactly L.
 */
public final class RateLimiter {
    private static final Duration MINUTE = Duration.ofMinutes(1);

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
     * A short window and a daily quota counted in one transaction, one commit where separate hits make two or three:
     * the window is hit first; a hit over it is not counted against the day ({@code day()} is null);
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
     * The usual pair (original-contract.md §11): a per-minute rate and a per-UTC-day budget under {@code base}
     * ({@code base:minute}, {@code base:day:2026-05-06}), counted as {@link #hitWindowAndDay} does. The day's key names
     * the day, so it is never reused; its entry is kept an hour past midnight so that it cannot expire while an
     * instance whose clock is a little behind still counts into it.
     */
    public MinuteAndDay hitMinuteAndDay(String base, int perMinute, int perDay) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Duration untilMidnight = Duration.between(clock.instant(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        WindowAndDay hit = hitWindowAndDay(base + ":minute", perMinute, MINUTE,
                base + ":day:" + today, perDay, untilMidnight.plusHours(1));
        return new MinuteAndDay(hit.window(), hit.day(), untilMidnight);
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

    /** Both states after {@link #hitMinuteAndDay} ({@code day} null when the minute refused), and the time to midnight. */
    public record MinuteAndDay(Window minute, Window day, Duration untilMidnight) {
        /** Whole seconds until the day's budget renews at UTC midnight, at least 1. */
        public long secondsUntilMidnight() {
            return wholeSeconds(untilMidnight);
        }
    }

    /** One window's state after a hit. */
    public record Window(long count, int limit, Duration retryAfter) {
        public boolean allowed() {
            return count <= limit;
        }

        /** Whole seconds until the window ends, at least 1 (the original's {@code retry_after}). */
        public long retryAfterSeconds() {
            return wholeSeconds(retryAfter);
        }
    }

    /** Whole seconds, rounded up, at least 1: what a client is told to wait. */
    private static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
