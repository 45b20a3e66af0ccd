package io.text2media.shared.observe;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over from the request threads to the one log writer, without a lock: every call offers a row,
 * and with thousands of calls a second on virtual threads a lock-based queue (ArrayBlockingQueue) made them wait for
 * each other. Many producers, one consumer; a full queue refuses the row at once. The consumer parks while the
 * queue is empty and the producer that makes it non-empty wakes it.
 */
final class RowQueue {
    private final ConcurrentLinkedQueue<OpsRow> rows = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private volatile Thread consumer;

    RowQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean hasRoom() {
        return size.get() < capacity;
    }

    /** Adds the row, or returns false at once when the queue is full. */
    boolean offer(OpsRow row) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        rows.add(row);
        Thread waiting = consumer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
        return true;
    }

    /** The next row, waiting at most {@code timeout} for one; null when none came. Consumer only. */
    OpsRow poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            OpsRow row = rows.poll();
            if (row != null) {
                size.decrementAndGet();
                return row;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            consumer = Thread.currentThread();
            if (rows.isEmpty()) { // a row offered before this check has already unparked us, or is seen here
                LockSupport.parkNanos(this, left);
            }
            consumer = null;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Moves up to {@code max} waiting rows into {@code into}; returns how many. Consumer only. */
    int drainTo(Collection<OpsRow> into, int max) {
        int moved = 0;
        OpsRow row;
        while (moved < max && (row = rows.poll()) != null) {
            size.decrementAndGet();
            into.add(row);
            moved++;
        }
        return moved;
    }

    int size() {
        return size.get();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }
}
