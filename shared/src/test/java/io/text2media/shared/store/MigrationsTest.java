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
