package io.text2media.health.ops;

import io.text2media.shared.store.Database;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Computes {@code daily_stats} for one UTC day with one SQL upsert: {@code MERGE ... USING (SELECT ... GROUP BY
 * function)} over the half-open range {@code [day, day + 1)} of {@code request_logs}. Standard MERGE runs on H2 2.x
 * and PostgreSQL 15; {@code percentile_cont} exists in both. Re-running a day replaces its figures, so the closed day
 * and the current partial one are simply recomputed on a schedule.
 */
public final class DailyStatsRollup {
    static final String MERGE = """
            MERGE INTO daily_stats d
            USING (
                SELECT function,
                       COUNT(*) AS requests,
                       SUM(CASE WHEN status_code >= 400 AND status_code < 500 THEN 1 ELSE 0 END) AS client_errors,
                       SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) AS server_errors,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50_ms,
                       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms,
                       SUM(request_bytes) AS request_bytes,
                       SUM(response_bytes) AS response_bytes,
                       COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
                       COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
                       COALESCE(SUM(total_tokens), 0) AS total_tokens,
                       SUM(CASE WHEN cache_hit = TRUE THEN 1 ELSE 0 END) AS cache_hits,
                       SUM(CASE WHEN cache_hit = FALSE THEN 1 ELSE 0 END) AS cache_misses,
                       COUNT(DISTINCT user_id) AS distinct_users
                FROM request_logs
                WHERE ts >= :start AND ts < :end
                GROUP BY function
            ) s
            ON (d.stat_day = :day AND d.function = s.function)
            WHEN MATCHED THEN UPDATE SET
                requests = s.requests, client_errors = s.client_errors, server_errors = s.server_errors,
                p50_ms = s.p50_ms, p95_ms = s.p95_ms, request_bytes = s.request_bytes, response_bytes = s.response_bytes,
                prompt_tokens = s.prompt_tokens, completion_tokens = s.completion_tokens, total_tokens = s.total_tokens,
                cache_hits = s.cache_hits, cache_misses = s.cache_misses, distinct_users = s.distinct_users,
                updated_at = :now
            WHEN NOT MATCHED THEN INSERT (stat_day, function, requests, client_errors, server_errors, p50_ms, p95_ms,
                request_bytes, response_bytes, prompt_tokens, completion_tokens, total_tokens, cache_hits, cache_misses,
                distinct_users, updated_at)
            VALUES (:day, s.function, s.requests, s.client_errors, s.server_errors, s.p50_ms, s.p95_ms,
                s.request_bytes, s.response_bytes, s.prompt_tokens, s.completion_tokens, s.total_tokens, s.cache_hits,
                s.cache_misses, s.distinct_users, :now)
            """;

    private final Database database;
    private final Clock clock;

    public DailyStatsRollup(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Recomputes one UTC day; returns the number of (day, function) rows written. */
    public long rollup(LocalDate day) {
        OffsetDateTime start = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        return database.execute().createDmlStatement(MERGE)
                .addParam("start", start)
                .addParam("end", start.plusDays(1))
                .addParam("day", day)
                .addParam("now", OffsetDateTime.now(clock))
                .execute();
    }

    /** The closed day (yesterday) and the current partial one. */
    public long rollupRecent() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return rollup(today.minusDays(1)) + rollup(today);
    }
}
