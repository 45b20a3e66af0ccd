package io.text2media.feedback;

import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.Waits;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-user id list under concurrent additions: compare-and-set never loses one. */
class UserFeedbackListTest {
    private final Database database = Database.open(TestDatabases.h2());
    private final UserFeedbackList lists = new UserFeedbackList(new KvStore(database, Clock.systemUTC()));

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void concurrentAdditionsAreAllKept() throws Exception {
        Waits.until("migrated", 15_000, database::isMigrated);
        int n = 20;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "feedback_u1_" + i;
                done.add(pool.submit(() -> {
                    go.await();
                    lists.prepend("u1", id);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        List<String> ids = lists.read("u1");
        assertEquals(n, ids.size());
        assertEquals(n, new HashSet<>(ids).size());
    }

    @Test
    void theNewestComesFirstAndOnlyTwentyAreKept() {
        Waits.until("migrated", 15_000, database::isMigrated);
        for (int i = 1; i <= 25; i++) {
            lists.prepend("u1", "id" + i);
        }
        List<String> ids = lists.read("u1");
        assertEquals(20, ids.size());
        assertEquals("id25", ids.getFirst());
        assertEquals("id6", ids.getLast());
    }
}
