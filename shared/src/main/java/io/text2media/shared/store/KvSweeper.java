package io.text2media.shared.store;

import io.text2media.shared.observe.Log;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes expired KV entries on a schedule. Reads already ignore them; this only keeps the table small. */
public final class KvSweeper implements AutoCloseable {
    private static final Log LOG = Log.of(KvSweeper.class);
    private final ScheduledExecutorService scheduler;

    private KvSweeper(KvStore store, Duration interval) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kv-sweeper").factory());
        scheduler.scheduleWithFixedDelay(() -> sweep(store), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static KvSweeper start(KvStore store, Duration interval) {
        return new KvSweeper(store, interval);
    }

    private static void sweep(KvStore store) {
        if (!store.database().isMigrated()) {
            return;
        }
        try {
            long removed = store.sweepExpired();
            if (removed > 0) {
                LOG.debug("kv_swept", "removed", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("kv_sweep_failed", "reason", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
