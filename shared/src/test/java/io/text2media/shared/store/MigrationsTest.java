package io.text2media.shared.store;

import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationsTest {

    @Test
    void filesAreListedInOrderAndSplitIntoStatements() {
        List<Migrations.Migration> all = Migrations.load();
        assertFalse(all.isEmpty());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).version(), "versions are 1..n without gaps");
        }
        Migrations.Migration first = all.getFirst();
        assertTrue(first.statements().getFirst().startsWith("CREATE TABLE IF NOT EXISTS kv_entries"));
        assertTrue(first.statements().stream().noneMatch(s -> s.endsWith(";")));
    }

    @Test
    void applyingTwiceIsHarmlessAndRecordedOnce() {
        try (Database db = Database.open(TestDatabases.h2())) {
            Migrations.apply(db.client());
            long rows = db.client().execute().get("SELECT COUNT(*) FROM schema_version").orElseThrow().column(1).get(Long.class);
            assertEquals(Migrations.load().size(), rows);
        }
    }

    /** The indexes MONITORING.md lists for request_logs, with their columns in order, on each database. */
    @Test
    void requestLogsHaveTheReportIndexesOnH2() {
        try (Database db = Database.open(TestDatabases.h2())) {
            assertEquals(List.of("ts"), h2IndexColumns(db, "REQUEST_LOGS_TS"));
            assertEquals(List.of("function", "ts"), h2IndexColumns(db, "REQUEST_LOGS_FUNCTION_TS"));
            assertEquals(List.of("key_id", "ts"), h2IndexColumns(db, "REQUEST_LOGS_KEY_TS"));
        }
    }

    @Test
    void requestLogsHaveTheReportIndexesOnPostgres() {
        try (TestDatabases.Schema schema = TestDatabases.postgres(); Database db = Database.open(schema.settings())) {
            assertEquals("(ts)", pgIndexColumns(db, "request_logs_ts"));
            assertEquals("(function, ts)", pgIndexColumns(db, "request_logs_function_ts"));
            assertEquals("(key_id, ts)", pgIndexColumns(db, "request_logs_key_ts"));
        }
    }

    private static List<String> h2IndexColumns(Database db, String index) {
        try (var rows = db.execute().createQuery("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS "
                + "WHERE INDEX_NAME = :name AND TABLE_NAME = 'REQUEST_LOGS' ORDER BY ORDINAL_POSITION")
                .addParam("name", index).execute()) {
            return rows.map(r -> r.column(1).get(String.class).toLowerCase(java.util.Locale.ROOT)).toList();
        }
    }

    /** The column list of a PostgreSQL index definition, e.g. {@code (key_id, ts)}. */
    private static String pgIndexColumns(Database db, String index) {
        String definition = db.execute().createGet("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                        + "AND tablename = 'request_logs' AND indexname = :name").addParam("name", index).execute()
                .orElseThrow(() -> new AssertionError("no index " + index)).column(1).get(String.class);
        return definition.substring(definition.lastIndexOf('('));
    }

    @Test
    void processesMigratingOnePostgresDatabaseTogetherConverge() throws Exception {
        try (TestDatabases.Schema schema = TestDatabases.postgres()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Database>> opened = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return Database.open(schema.settings());
                }));
            }
            go.countDown();
            for (Future<Database> f : opened) {
                Database db = f.get();
                assertTrue(db.isMigrated());
                db.close();
            }
            pool.shutdown();
        }
    }
}
