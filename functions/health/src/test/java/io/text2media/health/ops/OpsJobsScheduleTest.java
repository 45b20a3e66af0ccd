package io.text2media.health.ops;

import io.text2media.health.HealthProvider;
import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.store.Database;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.Waits;

import io.helidon.dbclient.DbRow;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health function's scheduled jobs, started by the function itself with short intervals: nobody calls the rollup
 * or the retention, yet daily_stats appear for the closed day and the current one with the right sums, they follow new
 * rows on the next run, old log rows are purged, and daily_stats rows are kept.
 */
class OpsJobsScheduleTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-10");
    private static final LocalDate YESTERDAY = TODAY.minusDays(1);

    @Test
    void theRollupAndTheRetentionRunOnTheirScheduleOnH2() {
        runsOnItsSchedule(Map.of());
    }

    @Test
    void theRollupAndTheRetentionRunOnTheirScheduleOnPostgres() {
        try (TestDatabases.Schema schema = TestDatabases.postgres()) {
            DatabaseSettings pg = schema.settings();
            runsOnItsSchedule(Map.of("DB_URL", pg.url(), "DB_USER", pg.user(), "DB_PASSWORD", pg.password()));
        }
    }

    private static void runsOnItsSchedule(Map<String, String> databaseEnv) {
        try (TestApp app = TestApp.builder().provider(new HealthProvider()).clock(new MutableClock(NOW)).env(databaseEnv)
                .env("DAILY_STATS_INTERVAL_SECONDS", "1").env("RETENTION_INTERVAL_SECONDS", "1").start()) {
            Database database = app.context().database();
            LogRows rows = new LogRows(database);
            Instant yesterday = YESTERDAY.atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant today = TODAY.atStartOfDay().toInstant(ZoneOffset.UTC);
            rows.insertUsage(yesterday.minusMillis(1), "prompt", 999, 99, 99); // two days ago: neither day's
            rows.insertUsage(yesterday, "prompt", 100, 10, 1);
            rows.insertUsage(yesterday.plusSeconds(3600), "prompt", 250, 20, 2);
            rows.insertUsage(today.minusMillis(1), "prompt", 400, null, 4); // the last millisecond of yesterday
            rows.insertUsage(today, "prompt", 30, 5, 50);
            rows.insertUsage(NOW.minusSeconds(60), "image", 7, null, null);
            UUID old = rows.insertUsage(NOW.minus(Duration.ofDays(31)), "prompt", 1, 1, 1);
            rows.insertError(NOW.minus(Duration.ofDays(91)), old);
            rows.insertError(NOW.minus(Duration.ofDays(89)), old);
            LocalDate longAgo = TODAY.minusDays(200);
            insertDailyStats(database, longAgo, "prompt", 12);

            Waits.until("the scheduled rollup wrote yesterday and today", 20_000, () ->
                    stats(database, YESTERDAY, "prompt").isPresent() && stats(database, TODAY, "prompt").isPresent()
                            && stats(database, TODAY, "image").isPresent());
            Waits.until("the scheduled retention purged the old rows", 20_000, () ->
                    rows.count("SELECT COUNT(*) FROM request_logs") == 6 && rows.count("SELECT COUNT(*) FROM error_logs") == 1);

            Stats closed = stats(database, YESTERDAY, "prompt").orElseThrow();
            assertEquals(new Stats(3, 750, 30, 7, 37), closed, "the closed day: [yesterday, today) only");
            Stats partial = stats(database, TODAY, "prompt").orElseThrow();
            assertEquals(new Stats(1, 30, 5, 50, 55), partial, "the current partial day");
            assertEquals(new Stats(1, 7, 0, 0, 0), stats(database, TODAY, "image").orElseThrow(), "no usage sums to 0");
            assertTrue(stats(database, YESTERDAY.minusDays(1), "prompt").isEmpty(), "only yesterday and today are rolled up");
            assertEquals(1, rows.count("SELECT COUNT(*) FROM error_logs"), "error_logs are kept 90 days");
            assertEquals(0, rows.count("SELECT COUNT(*) FROM request_logs WHERE id = CAST('" + old + "' AS UUID)"),
                    "the 31-day-old row is gone, the other six (within 30 days) are kept");
            assertEquals(Optional.of(new Stats(12, 0, 0, 0, 0)), stats(database, longAgo, "prompt"),
                    "daily_stats are kept whatever their age");

            rows.insertUsage(NOW.minusSeconds(30), "prompt", 70, 1, 1);
            Waits.until("the next scheduled run follows the new row", 20_000, () ->
                    stats(database, TODAY, "prompt").map(Stats::requests).orElse(0L) == 2);
            assertEquals(new Stats(2, 100, 6, 51, 57), stats(database, TODAY, "prompt").orElseThrow());
        }
    }

    record Stats(long requests, long requestBytes, long promptTokens, long completionTokens, long totalTokens) {
    }

    private static Optional<Stats> stats(Database database, LocalDate day, String function) {
        Optional<DbRow> row = database.execute().createGet("SELECT requests, request_bytes, prompt_tokens, completion_tokens, "
                        + "total_tokens FROM daily_stats WHERE stat_day = :day AND function = :fn")
                .addParam("day", day).addParam("fn", function).execute();
        return row.map(r -> new Stats(Reports.longOf(r, 1), Reports.longOf(r, 2), Reports.longOf(r, 3),
                Reports.longOf(r, 4), Reports.longOf(r, 5)));
    }

    private static void insertDailyStats(Database database, LocalDate day, String function, long requests) {
        database.execute().createInsert("INSERT INTO daily_stats (stat_day, function, requests, client_errors, server_errors, "
                        + "p50_ms, p95_ms, request_bytes, response_bytes, prompt_tokens, completion_tokens, total_tokens, "
                        + "cache_hits, cache_misses, distinct_users, updated_at) "
                        + "VALUES (:day, :fn, :n, 0, 0, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, :at)")
                .addParam("day", day).addParam("fn", function).addParam("n", requests)
                .addParam("at", OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC)).execute();
    }
}
