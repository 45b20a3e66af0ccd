package io.text2media.health.ops;

import io.text2media.shared.store.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Deletes {@code request_logs} older than {@code REQUEST_LOG_RETENTION_DAYS} and {@code error_logs} older than
 * {@code ERROR_LOG_RETENTION_DAYS}, a batch at a time so no statement holds long locks. {@code daily_stats} are kept.
 */
public final class LogRetention {
    static final int BATCH = 1000;
    private final Database database;
    private final Clock clock;

    public LogRetention(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Deletes what is older than the retention of each table; returns the rows deleted. */
    public long purge(int requestLogDays, int errorLogDays) {
        return purge("request_logs", Duration.ofDays(requestLogDays)) + purge("error_logs", Duration.ofDays(errorLogDays));
    }

    long purge(String table, Duration keep) {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(keep);
        long total = 0;
        while (true) {
            long deleted = database.execute().createDelete("DELETE FROM " + table + " WHERE id IN (SELECT id FROM "
                            + table + " WHERE ts < :before ORDER BY ts LIMIT " + BATCH + ")")
                    .addParam("before", before)
                    .execute();
            total += deleted;
            if (deleted < BATCH) {
                return total;
            }
        }
    }
}
