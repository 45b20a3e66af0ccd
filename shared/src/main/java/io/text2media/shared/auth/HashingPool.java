package io.text2media.shared.auth;

import io.text2media.shared.config.PasswordSettings;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Password hashing runs here, on a few platform threads with a bounded queue, not on the request's virtual thread:
 * a flood of logins then waits in this queue (or is refused with 503 when it is full) while every other route keeps
 * its CPU. The caller's virtual thread just parks on the result.
 */
public final class HashingPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public HashingPool(PasswordSettings settings) {
        this.executor = new ThreadPoolExecutor(settings.hashThreads(), settings.hashThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.hashQueue()),
                // Below normal priority: the carrier threads that answer every other route come first.
                r -> {
                    Thread t = Thread.ofPlatform().daemon().name("password-hash").unstarted(r);
                    t.setPriority(Thread.NORM_PRIORITY - 2);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs the work on the pool and waits; {@link java.util.concurrent.RejectedExecutionException} when the queue is full. */
    public <T> T run(Callable<T> work) {
        Future<T> future = executor.submit(work);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
