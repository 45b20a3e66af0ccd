package io.text2media.shared.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests being served so that shutdown can wait for exactly those. Helidon's own grace period also waits
 * for idle keep-alive connections, which would hold every stop for the whole period; with this count the server
 * is stopped as soon as the last real request is answered.
 */
public final class InFlightRequests {
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Starts a request; false when the process is draining and the request should be turned away. */
    public boolean enter() {
        active.incrementAndGet();
        if (draining.get()) {
            active.decrementAndGet();
            return false;
        }
        return true;
    }

    public void exit() {
        active.decrementAndGet();
    }

    public int active() {
        return active.get();
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Turns new requests away and waits (at most {@code timeout}) until the running ones are answered. */
    public boolean drain(Duration timeout) {
        draining.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return active.get() == 0;
    }
}
