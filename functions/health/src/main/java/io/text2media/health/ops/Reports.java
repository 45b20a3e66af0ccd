package io.text2media.health.ops;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Database;

import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.stream.Stream;

/**
 * The canned reports of db-monitor.sh and perf-report.sh, in SQL that runs unchanged on H2 and PostgreSQL.
 * Every range is a half-open window on {@code ts} (TIMESTAMP WITH TIME ZONE), durations are milliseconds.
 */
public final class Reports {
    private final Database database;
    private final Clock clock;

    public Reports(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    private OffsetDateTime since(Duration window) {
        return OffsetDateTime.now(clock).minus(window);
    }

    /** Latest timestamp per operational table (null for an empty table). */
    public JsonArray latestTimestamps() {
        JsonArrayBuilder rows = Jsons.array();
        for (String[] table : new String[][] {{"request_logs", "ts"}, {"error_logs", "ts"}, {"daily_stats", "updated_at"}}) {
            Object latest = database.execute().get("SELECT MAX(" + table[1] + ") FROM " + table[0]).orElseThrow()
                    .column(1).get(Object.class);
            rows.add(Jsons.object().add("table", table[0]).add("latest", text(instantOf(latest))));
        }
        Object kv = database.execute().get("SELECT MAX(updated_at) FROM kv_entries").orElseThrow().column(1).get(Object.class);
        rows.add(Jsons.object().add("table", "kv_entries")
                .add("latest", text(kv == null ? null : Instant.ofEpochMilli(((Number) kv).longValue()))));
        return rows.build();
    }

    /** Calls, 5xx rate, 4xx rate, p95 and tokens per function over the window, busiest first. */
    public JsonArray functions(Duration window) {
        return grouped("function", "function", window, Ranking.TRAFFIC, 1, 100);
    }

    /** Upstream key aliases by traffic (top 10), with the same figures. */
    public JsonArray keys(Duration window) {
        return grouped("key_id", "key", window, Ranking.TRAFFIC, 1, 10);
    }

    /** Functions with any 5xx and at least {@code minCalls} calls in the window, highest 5xx rate first. */
    public JsonArray functionsByErrorRate(Duration window, long minCalls) {
        return grouped("function", "function", window, Ranking.ERROR_RATE, minCalls, 100);
    }

    /** Key aliases with any 5xx and at least {@code minCalls} calls in the window, highest 5xx rate first (top 10). */
    public JsonArray keysByErrorRate(Duration window, long minCalls) {
        return grouped("key_id", "key", window, Ranking.ERROR_RATE, minCalls, 10);
    }

    /** How a grouped report is ordered: by calls, or by 5xx rate (ties: more calls first) among groups that had any. */
    private enum Ranking {
        TRAFFIC("", "COUNT(*) DESC"),
        ERROR_RATE(" AND SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) > 0",
                "CAST(SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) AS DOUBLE PRECISION) / COUNT(*) DESC, COUNT(*) DESC");

        final String having;
        final String orderBy;

        Ranking(String having, String orderBy) {
            this.having = having;
            this.orderBy = orderBy;
        }
    }

    /**
     * Calls, 5xx, 4xx, p95 and tokens per value of {@code column} ({@code function} or {@code key_id}, never input) over
     * the window; rows without a value are left out.
     */
    private JsonArray grouped(String column, String label, Duration window, Ranking ranking, long minCalls, int limit) {
        String sql = "SELECT " + column + ", COUNT(*) AS requests,"
                + " SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) AS server_errors,"
                + " SUM(CASE WHEN status_code >= 400 AND status_code < 500 THEN 1 ELSE 0 END) AS client_errors,"
                + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms,"
                + " COALESCE(SUM(total_tokens), 0) AS tokens"
                + " FROM request_logs WHERE ts >= :since AND " + column + " IS NOT NULL"
                + " GROUP BY " + column + " HAVING COUNT(*) >= :min" + ranking.having
                + " ORDER BY " + ranking.orderBy + ", " + column + " LIMIT " + limit;
        JsonArrayBuilder out = Jsons.array();
        try (Stream<DbRow> rows = database.execute().createQuery(sql).addParam("since", since(window))
                .addParam("min", minCalls).execute()) {
            rows.forEach(row -> out.add(Jsons.object()
                    .add(label, row.column(1).get(String.class))
                    .add("requests", longOf(row, 2))
                    .add("server_errors", longOf(row, 3))
                    .add("error_rate", rate(longOf(row, 3), longOf(row, 2)))
                    .add("client_error_rate", rate(longOf(row, 4), longOf(row, 2)))
                    .add("p95_ms", round(doubleOf(row, 5)))
                    .add("tokens", longOf(row, 6))));
        }
        return out.build();
    }

    /** Per hour and function: calls, p50, p95 and 5xx rate. */
    public JsonArray hourly(Duration window) {
        return query("""
                SELECT DATE_TRUNC('HOUR', ts) AS hour_start, function, COUNT(*) AS requests,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50_ms,
                       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms,
                       SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) AS server_errors
                FROM request_logs WHERE ts >= :since
                GROUP BY DATE_TRUNC('HOUR', ts), function ORDER BY 1, 2
                """, window, (row, json) -> json
                .add("hour", text(instantOf(row.column(1).get(Object.class))))
                .add("function", row.column(2).get(String.class))
                .add("requests", longOf(row, 3))
                .add("p50_ms", round(doubleOf(row, 4)))
                .add("p95_ms", round(doubleOf(row, 5)))
                .add("error_rate", rate(longOf(row, 6), longOf(row, 3))));
    }

    /** Per function and model: calls, p95, 5xx rate and tokens. */
    public JsonArray models(Duration window) {
        return query("""
                SELECT function, COALESCE(model, '-') AS model, COUNT(*) AS requests,
                       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms,
                       SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) AS server_errors,
                       COALESCE(SUM(total_tokens), 0) AS tokens
                FROM request_logs WHERE ts >= :since
                GROUP BY function, COALESCE(model, '-') ORDER BY COUNT(*) DESC, 1, 2
                """, window, (row, json) -> json
                .add("function", row.column(1).get(String.class))
                .add("model", row.column(2).get(String.class))
                .add("requests", longOf(row, 3))
                .add("p95_ms", round(doubleOf(row, 4)))
                .add("error_rate", rate(longOf(row, 5), longOf(row, 3)))
                .add("tokens", longOf(row, 6)));
    }

    private JsonArray query(String sql, Duration window, RowMapper mapper) {
        JsonArrayBuilder out = Jsons.array();
        try (Stream<DbRow> rows = database.execute().createQuery(sql).addParam("since", since(window)).execute()) {
            rows.forEach(row -> {
                JsonObjectBuilder json = Jsons.object();
                mapper.map(row, json);
                out.add(json);
            });
        }
        return out.build();
    }

    @FunctionalInterface
    private interface RowMapper {
        void map(DbRow row, JsonObjectBuilder json);
    }

    static long longOf(DbRow row, int column) {
        Object v = row.column(column).get(Object.class); // get() refuses SQL NULL
        return v == null ? 0 : ((Number) v).longValue();
    }

    static double doubleOf(DbRow row, int column) {
        Object v = row.column(column).get(Object.class);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : round(part / (double) whole);
    }

    static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** H2 returns OffsetDateTime for timestamp-with-time-zone values, PostgreSQL's driver a Timestamp. */
    static Instant instantOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.time.ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        return Instant.parse(value.toString());
    }

    private static jakarta.json.JsonValue text(Instant instant) {
        return instant == null ? jakarta.json.JsonValue.NULL : Jsons.string(instant.toString());
    }
}
