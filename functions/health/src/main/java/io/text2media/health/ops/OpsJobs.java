package io.text2media.health.ops;

import io.text2media.shared.config.ObserveSettings;
import io.text2media.shared.observe.Log;
import io.text2media.shared.store.Database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled operations work, run by the health function's process (the operations function; one per
 * deployment, so the jobs do not run once per function): the daily rollup every {@code DAILY_STATS_INTERVAL_SECONDS}
 * and the retention purge every {@code RETENTION_INTERVAL_SECONDS}. Failures are logged and retried next time.
 */
public final class OpsJobs implements AutoCloseable {
    private static final Log LOG = Log.of(OpsJobs.class);
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ops-jobs").factory());

    public OpsJobs(Database database, DailyStatsRollup rollup, LogRetention retention, ObserveSettings settings,
                   Duration rollupInterval, Duration retentionInterval) {
        scheduler.scheduleWithFixedDelay(() -> run("daily_stats_rollup", database, rollup::rollupRecent),
                Math.min(30, rollupInterval.toSeconds()), rollupInterval.toSeconds(), TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("log_retention", database,
                        () -> retention.purge(settings.requestLogRetentionDays(), settings.errorLogRetentionDays())),
                Math.min(60, retentionInterval.toSeconds()), retentionInterval.toSeconds(), TimeUnit.SECONDS);
    }

    private static void run(String job, Database database, java.util.function.LongSupplier work) {
        if (!database.isMigrated()) {
            return;
        }
        try {
            long rows = work.getAsLong();
            LOG.debug("ops_job_done", "job", job, "rows", rows);
        } catch (RuntimeException e) {
            LOG.warn("ops_job_failed", "job", job, "reason", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
