package io.text2media.health.ops;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.MutableClock;

import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operations SQL (rollup, retention, reports, backup and restore), run against each real database by a subclass. */
abstract class OpsStoreContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:30:00Z"));
    protected Database database;
    protected LogRows rows;

    protected abstract DatabaseSettings settings();

    @BeforeEach
    void open() {
        database = Database.open(settings());
        rows = new LogRows(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void theRollupCountsOneUtcDayPerFunctionAndCanBeRepeated() {
        Instant day = Instant.parse("2026-03-09T00:00:00Z");
        rows.insert(day.minusMillis(1), "auth", 200, 5, "u1", null, null, null, null); // previous day: excluded
        for (int i = 1; i <= 20; i++) {
            int status = i <= 2 ? 503 : i <= 5 ? 404 : 200;
            rows.insert(day.plusSeconds(i * 60L), "image", status, i * 10, i % 2 == 0 ? "u1" : "u2",
                    i <= 12 ? Boolean.valueOf(i <= 9) : null, "flux", null, null);
        }
        rows.insert(day.plus(Duration.ofHours(23)).plusSeconds(3599), "prompt", 200, 100, null, false, "m", "key-1", 40);
        rows.insert(day.plus(Duration.ofDays(1)), "prompt", 200, 100, null, null, "m", "key-1", 40); // next day: excluded

        DailyStatsRollup rollup = new DailyStatsRollup(database, clock);
        assertEquals(2, rollup.rollup(LocalDate.parse("2026-03-09")));
        assertEquals(2, rollup.rollup(LocalDate.parse("2026-03-09")), "repeating replaces the figures");
        assertEquals(2, rows.count("SELECT COUNT(*) FROM daily_stats WHERE stat_day = DATE '2026-03-09'"));

        Map<String, Object> image = stats("image");
        assertEquals(20L, image.get("requests"));
        assertEquals(3L, image.get("client_errors"));
        assertEquals(2L, image.get("server_errors"));
        assertEquals(105.0, (Double) image.get("p50_ms"), 0.001, "median of 10..200");
        assertEquals(190.5, (Double) image.get("p95_ms"), 0.001, "interpolated 95th percentile");
        assertEquals(2000L, image.get("response_bytes"));
        assertEquals(9L, image.get("cache_hits"));
        assertEquals(3L, image.get("cache_misses"));
        assertEquals(2L, image.get("distinct_users"));
        Map<String, Object> prompt = stats("prompt");
        assertEquals(1L, prompt.get("requests"));
        assertEquals(40L, prompt.get("total_tokens"));
        assertEquals(20L, prompt.get("prompt_tokens"));
        assertEquals(0L, prompt.get("distinct_users"));
    }

    private Map<String, Object> stats(String function) {
        try (Stream<DbRow> r = database.execute().createQuery("SELECT requests, client_errors, server_errors, p50_ms, p95_ms, "
                        + "response_bytes, cache_hits, cache_misses, distinct_users, total_tokens, prompt_tokens FROM daily_stats "
                        + "WHERE stat_day = :day AND function = :fn")
                .addParam("day", LocalDate.parse("2026-03-09")).addParam("fn", function).execute()) {
            DbRow row = r.findFirst().orElseThrow();
            String[] names = {"requests", "client_errors", "server_errors", "p50_ms", "p95_ms", "response_bytes", "cache_hits",
                    "cache_misses", "distinct_users", "total_tokens", "prompt_tokens"};
            Map<String, Object> m = new java.util.HashMap<>();
            for (int i = 0; i < names.length; i++) {
                Number n = (Number) row.column(i + 1).get(Object.class);
                m.put(names[i], names[i].endsWith("_ms") ? (Object) n.doubleValue() : (Object) n.longValue());
            }
            return m;
        }
    }

    @Test
    void retentionDeletesOnlyWhatIsOlderInBatches() {
        Instant now = clock.instant();
        for (int i = 0; i < LogRetention.BATCH + 5; i++) {
            rows.insert(now.minus(Duration.ofDays(31)).minusSeconds(i), "auth", 200, 1, null, null, null, null, null);
        }
        java.util.UUID young = rows.insert(now.minus(Duration.ofDays(29)), "auth", 200, 1, null, null, null, null, null);
        rows.insertError(now.minus(Duration.ofDays(91)), young);
        rows.insertError(now.minus(Duration.ofDays(89)), young);
        long deleted = new LogRetention(database, clock).purge(30, 90);
        assertEquals(LogRetention.BATCH + 5 + 1, deleted);
        assertEquals(1, rows.count("SELECT COUNT(*) FROM request_logs"));
        assertEquals(1, rows.count("SELECT COUNT(*) FROM error_logs"));
    }

    @Test
    void reportsGroupByHourFunctionModelAndKey() {
        Instant now = clock.instant();
        rows.insert(now.minus(Duration.ofMinutes(10)), "prompt", 200, 100, null, null, "deepseek", "key-1", 30);
        rows.insert(now.minus(Duration.ofMinutes(20)), "prompt", 502, 300, null, null, "deepseek", "key-2", null);
        rows.insert(now.minus(Duration.ofMinutes(40)), "image", 200, 50, null, true, "flux", null, null);
        rows.insert(now.minus(Duration.ofHours(30)), "image", 200, 50, null, true, "flux", null, null); // outside 24 h
        Reports reports = new Reports(database, clock);

        JsonArray hourly = reports.hourly(Duration.ofHours(24));
        assertEquals(2, hourly.size(), hourly.toString());
        JsonObject first = hourly.getJsonObject(0);
        assertEquals("2026-03-10T11:00:00Z", first.getString("hour"));
        assertEquals("image", first.getString("function"));
        JsonObject prompt = hourly.getJsonObject(1);
        assertEquals("2026-03-10T12:00:00Z", prompt.getString("hour"));
        assertEquals(2, prompt.getInt("requests"));
        assertEquals(0.5, prompt.getJsonNumber("error_rate").doubleValue(), 1e-9);

        JsonArray models = reports.models(Duration.ofHours(24));
        assertEquals("prompt", models.getJsonObject(0).getString("function"));
        assertEquals("deepseek", models.getJsonObject(0).getString("model"));
        assertEquals(30, models.getJsonObject(0).getInt("tokens"));

        JsonArray keys = reports.keys(Duration.ofHours(24));
        assertEquals(2, keys.size());
        assertEquals(List.of("key-1", "key-2"), keys.stream().map(k -> k.asJsonObject().getString("key")).sorted().toList());

        JsonArray functions = reports.functions(Duration.ofHours(24));
        assertEquals("prompt", functions.getJsonObject(0).getString("function"), "busiest first");
        assertEquals(3, reports.hourly(Duration.ofDays(2)).size(), "a longer window reaches the older row");
    }

    @Test
    void dbMonitorAndPerfReportCommandsAnswerWithExitCodesForCron() {
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            rows.insert(now.minusSeconds(60 + i), "image", i < 3 ? 500 : 200, 900, null, null, "flux", null, null);
        }
        Run monitor = ops("db-monitor", "--json");
        assertEquals(1, monitor.code(), "30% of 5xx is above the 5% default: " + monitor.out());
        JsonObject report = Jsons.parseObject(monitor.out().trim()).orElseThrow();
        assertEquals(0.3, report.getJsonNumber("error_rate").doubleValue(), 1e-9);
        assertTrue(report.getJsonObject("database").getJsonObject("row_counts").getInt("request_logs") >= 10);
        assertEquals(0, ops("db-monitor", "--max-error-rate", "0.5").code());
        assertTrue(ops("db-monitor").out().contains("functions, last 24 h"));

        assertEquals(0, ops("perf-report", "--hours", "2").code());
        assertEquals(1, ops("perf-report", "--max-p95-ms", "500", "--json").code(), "p95 of 900 ms crosses 500");
        assertEquals(2, ops("perf-report", "--hours").code(), "usage");
        assertEquals(2, ops("frobnicate").code());
    }

    @Test
    void dbMonitorRanksKeysAndFunctionsByErrorRateAmongThoseWithEnoughCalls() {
        Instant now = Instant.now();
        calls(now, "prompt", "key-a", 30, 3);    // 10%
        calls(now, "prompt", "key-b", 25, 10);   // 40%
        calls(now, "prompt", "key-c", 5, 5);     // 100%, but only 5 calls
        calls(now, "prompt", "key-d", 40, 0);    // busiest, never fails
        calls(now, "image", null, 50, 25);       // 50%
        Reports reports = new Reports(database, clock(now));
        Duration day = Duration.ofHours(24);

        assertEquals(List.of("key-d", "key-a", "key-b", "key-c"), names(reports.keys(day), "key"), "by traffic");
        assertEquals(List.of("key-b", "key-a"), names(reports.keysByErrorRate(day, 20), "key"),
                "by 5xx rate, at least 20 calls, only keys that failed");
        assertEquals(List.of("key-c", "key-b", "key-a"), names(reports.keysByErrorRate(day, 5), "key"));
        assertEquals(0.4, reports.keysByErrorRate(day, 20).getJsonObject(0).getJsonNumber("error_rate").doubleValue(), 1e-9);
        assertEquals(List.of("prompt", "image"), names(reports.functions(day), "function"));
        assertEquals(List.of("image", "prompt"), names(reports.functionsByErrorRate(day, 20), "function"));

        Run monitor = ops("db-monitor", "--json", "--min-calls", "20", "--max-error-rate", "1");
        assertEquals(0, monitor.code(), monitor.err());
        JsonObject report = Jsons.parseObject(monitor.out().trim()).orElseThrow();
        assertEquals(List.of("key-b", "key-a"), names(report.getJsonArray("keys_by_error_rate"), "key"));
        assertEquals(List.of("image", "prompt"), names(report.getJsonArray("functions_by_error_rate"), "function"));
        String text = ops("db-monitor", "--max-error-rate", "1").out();
        assertTrue(text.contains("upstream keys, last 24 h (by 5xx rate, at least " + DbMonitorCommand.DEFAULT_MIN_CALLS
                + " calls):"), text);
    }

    /** {@code n} calls of one function (and key) a minute ago, the first {@code failures} of them 502s. */
    private void calls(Instant now, String function, String key, int n, int failures) {
        for (int i = 0; i < n; i++) {
            rows.insert(now.minusSeconds(60), function, i < failures ? 502 : 200, 10, null, null, "m", key, null);
        }
    }

    private static java.time.Clock clock(Instant now) {
        return java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
    }

    private static List<String> names(JsonArray rows, String field) {
        return rows.stream().map(r -> r.asJsonObject().getString(field)).toList();
    }

    @Test
    void anUnexpectedSqlFailureIsExitFourNotTheAlertCode() {
        database.execute().dml("DROP TABLE request_logs");
        for (String command : List.of("db-monitor", "perf-report", "rollup")) {
            Run run = ops(command);
            assertEquals(4, run.code(), command + ": " + run.err());
            assertTrue(run.err().contains("ops: " + command + " failed: "), run.err());
        }
    }

    @Test
    void aRestoreOfABackupReproducesEveryRow(@TempDir Path dir) throws Exception {
        KvStore kv = new KvStore(database, clock);
        kv.put(Namespace.USERS, "a@b.co", "{\"id\":\"u1\",\"username\":\"张三\"}", null);
        kv.put(Namespace.RESET_TOKENS, "hash", "{\"email\":\"a@b.co\"}", Duration.ofHours(24));
        kv.increment(Namespace.RATE_LIMITS, "gen:anon:1.2.3.4:minute", 3, Duration.ofMinutes(1));
        java.util.UUID id = rows.insert(clock.instant(), "prompt", 502, 12, "u1", true, "m", "key-1", 7);
        rows.insertError(clock.instant(), id);
        new DailyStatsRollup(database, clock).rollupRecent();
        List<String> before = snapshot();

        Path file = dir.resolve("backup.dump");
        Run backup = ops("backup", file.toString());
        assertEquals(0, backup.code(), backup.err());
        assertTrue(java.nio.file.Files.size(file) > 0);

        kv.delete(Namespace.USERS, "a@b.co");
        kv.put(Namespace.FEEDBACK, "new", "{}", null);
        database.execute().dml("DELETE FROM request_logs");
        database.execute().dml("DELETE FROM daily_stats");
        assertNotEquals(before, snapshot());

        assertEquals(2, ops("restore", file.toString()).code(), "a restore needs --yes when nobody can be asked");
        Run restore = ops("restore", file.toString(), "--yes");
        assertEquals(0, restore.code(), restore.err());
        reopen();
        assertEquals(before, snapshot(), "every row of every table is back");
    }

    /** The restore replaced the tables under the pool; a fresh pool sees them as a new process would. */
    private void reopen() {
        database.close();
        database = Database.open(settings());
        rows = new LogRows(database);
    }

    /** Every row of every table, as text, in a stable order. */
    private List<String> snapshot() {
        DatabaseOverview overview = new DatabaseOverview(database, Duration.ofSeconds(10));
        List<String> all = new ArrayList<>();
        for (String table : overview.tables()) {
            try (Stream<DbRow> rs = database.execute().query("SELECT * FROM " + table)) {
                rs.forEach(row -> {
                    StringBuilder line = new StringBuilder(table).append(':');
                    row.forEach(c -> line.append(normalise(c.get(Object.class))).append('|'));
                    all.add(line.toString());
                });
            }
        }
        all.sort(String::compareTo);
        return all;
    }

    private static String normalise(Object value) {
        if (value instanceof java.time.OffsetDateTime || value instanceof java.sql.Timestamp) {
            return String.valueOf(Reports.instantOf(value));
        }
        return String.valueOf(value);
    }

    record Run(int code, String out, String err) {
    }

    protected Run ops(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DatabaseSettings s = settings();
        Env env = Env.of(Map.of("DB_URL", s.url(), "DB_USER", s.user(), "DB_PASSWORD", s.password()));
        int code = OpsCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
