package io.text2media.shared.testing;

import java.util.function.BooleanSupplier;

/** Polls a condition instead of sleeping a guessed time. */
public final class Waits {

    private Waits() {
    }

    public static void until(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
    }
}
