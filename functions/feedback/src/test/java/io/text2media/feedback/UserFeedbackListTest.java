package io.text2media.feedback;

import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.Waits;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-user id list: order and length (concurrent additions: {@link FeedbackFlowsContract}, on H2 and PostgreSQL). */
class UserFeedbackListTest {
    private final Database database = Database.open(TestDatabases.h2());
    private final UserFeedbackList lists = new UserFeedbackList(new KvStore(database, Clock.systemUTC()));

    @AfterEach
    void close() {
        database.close();
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
