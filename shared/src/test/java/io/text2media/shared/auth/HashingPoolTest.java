package io.text2media.shared.auth;

import io.text2media.shared.config.PasswordSettings;
import io.text2media.shared.testing.Waits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HashingPoolTest {

    @Test
    void aFullQueueRefusesInsteadOfQueueingForever() throws Exception {
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try (HashingPool pool = new HashingPool(new PasswordSettings(10_000, 32, "sha256", 1024, 1, 1))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> running = callers.submit(() -> pool.run(() -> {
                started.countDown();
                release.await();
                return 1;
            }));
            started.await();
            Future<Integer> queued = callers.submit(() -> pool.run(() -> 2));
            Waits.until("the second task is queued", 5_000, () -> pool.queued() == 1);
            assertThrows(RejectedExecutionException.class, () -> pool.run(() -> 3), "one thread busy, one slot taken");
            release.countDown();
            assertEquals(1, running.get());
            assertEquals(2, queued.get());
        } finally {
            callers.shutdownNow();
        }
    }
}
