package io.text2media.feedback;

import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feedback flows end to end on one database: submit (and its undo), the user's list, the admin list and update,
 * the 10-minute limit, concurrent submissions and concurrent list additions. Run on H2 and on PostgreSQL by the
 * subclasses.
 */
abstract class FeedbackFlowsContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-04-02T09:30:00.123Z"));

    /** A server of the feedback function on the database under test. */
    protected abstract TestApp.Builder builder();

    protected TestApp start() {
        return builder().clock(clock).start();
    }

    @Test
    void aSubmissionIsStoredInTheOriginalsLayoutAndListed() {
        try (TestApp app = start()) {
            String token = FeedbackFixture.login(app, "u1", "alice@example.com");
            Http.Res res = FeedbackFixture.submit(app, token, "bug", "  The <b>button</b> is broken  ");
            assertEquals(201, res.status(), res.toString());
            JsonObject body = res.json();
            assertTrue(body.getBoolean("success"));
            assertEquals("反馈提交成功，感谢您的建议！", body.getString("message"));
            String id = "feedback_u1_" + clock.millis();
            assertEquals(id, body.getString("feedbackId"));

            JsonObject record = app.store().get(Namespace.FEEDBACK, id).flatMap(KvEntry::json).orElseThrow();
            assertEquals(id, record.getString("id"));
            assertEquals("u1", record.getString("userId"));
            assertEquals("alice@example.com", record.getString("email"));
            assertEquals("bug", record.getString("category"));
            assertEquals("The button is broken", record.getString("content"));
            assertEquals("2026-04-02T09:30:00.123Z", record.getString("created_at"));
            assertEquals("pending", record.getString("status"));
            assertEquals(7, record.size());
            assertEquals(null, app.store().get(Namespace.FEEDBACK, id).orElseThrow().expiresAt(), "records never expire");
            assertEquals("[\"" + id + "\"]", app.store().get(Namespace.FEEDBACK, "user_feedback:u1").orElseThrow().value());

            Http.Res mine = FeedbackFixture.mine(app, token);
            assertEquals(200, mine.status());
            assertEquals(1, mine.json().getInt("count"));
            JsonObject item = mine.json().getJsonArray("feedbacks").getJsonObject(0);
            assertEquals(id, item.getString("id"));
            assertEquals("The button is broken", item.getString("content"));
            assertEquals("pending", item.getString("status"));
            assertEquals(5, item.size(), "id, category, content, created_at, status: " + item);
        }
    }

    @Test
    void theAdminListWorksRightAfterASubmissionAndCountsStats() {
        try (TestApp app = start()) {
            String alice = FeedbackFixture.login(app, "u1", "alice@example.com");
            String bob = FeedbackFixture.login(app, "u2", "bob@example.com");
            assertEquals(201, FeedbackFixture.submit(app, alice, "bug", "first").status());
            clock.advance(Duration.ofSeconds(5));
            assertEquals(201, FeedbackFixture.submit(app, bob, "feature", "second").status());

            Http.Res list = FeedbackFixture.adminList(app, "");
            assertEquals(200, list.status(), "the original answered 400 here for 10 minutes: " + list);
            JsonObject body = list.json();
            assertTrue(body.getBoolean("success"));
            assertEquals(2, body.getInt("count"));
            JsonArray feedbacks = body.getJsonArray("feedbacks");
            assertEquals("second", feedbacks.getJsonObject(0).getString("content"), "newest first");
            assertEquals("bob@example.com", feedbacks.getJsonObject(0).getString("email"), "full records for admins");
            assertEquals("first", feedbacks.getJsonObject(1).getString("content"));
            JsonObject stats = body.getJsonObject("stats");
            assertEquals(2, stats.getInt("total"));
            assertEquals(2, stats.getInt("pending"));
            assertEquals(0, stats.getInt("processed"));
            assertEquals(2, stats.getInt("today"));

            String id = feedbacks.getJsonObject(1).getString("id");
            Http.Res patched = FeedbackFixture.patch(app, id, "{\"status\":\"processed\"}", "X-Admin-Key", FeedbackFixture.ADMIN_KEY);
            assertEquals(200, patched.status(), patched.toString());
            assertEquals("processed", patched.json().getJsonObject("feedback").getString("status"));
            JsonObject after = FeedbackFixture.adminList(app, "").json().getJsonObject("stats");
            assertEquals(1, after.getInt("processed"));
            assertEquals(1, after.getInt("pending"));
            assertEquals("processed", FeedbackFixture.mine(app, alice).json().getJsonArray("feedbacks")
                    .getJsonObject(0).getString("status"), "the user sees it too");
        }
    }

    @Test
    void aSecondSubmissionWithinTenMinutesIsRefusedWithTheMinutesLeft() {
        try (TestApp app = start()) {
            String token = FeedbackFixture.login(app, "u1", "alice@example.com");
            assertEquals(201, FeedbackFixture.submit(app, token, "other", "one").status());
            Http.Res again = FeedbackFixture.submit(app, token, "other", "two");
            assertEquals(400, again.status());
            assertFalse(again.json().getBoolean("success"));
            assertEquals("请等待10分钟后再提交反馈", again.json().getString("error"));

            clock.advance(Duration.ofSeconds(90));
            assertEquals("请等待9分钟后再提交反馈", FeedbackFixture.submit(app, token, "other", "two").json().getString("error"));
            clock.advance(Duration.ofSeconds(60 * 8 + 29));
            assertEquals("请等待1分钟后再提交反馈", FeedbackFixture.submit(app, token, "other", "two").json().getString("error"));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(201, FeedbackFixture.submit(app, token, "other", "two").status());

            String other = FeedbackFixture.login(app, "u2", "bob@example.com");
            assertEquals(201, FeedbackFixture.submit(app, other, "other", "bob is not limited by alice").status());
        }
    }

    @Test
    void concurrentSubmissionsOfOneUserLetExactlyOneThrough() throws Exception {
        try (TestApp app = start()) {
            String token = FeedbackFixture.login(app, "u1", "alice@example.com");
            int n = 16;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Res>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
                for (int i = 0; i < n; i++) {
                    String content = "parallel " + i;
                    Callable<Http.Res> call = () -> {
                        go.await();
                        return FeedbackFixture.submit(app, token, "bug", content);
                    };
                    results.add(pool.submit(call));
                }
                go.countDown();
                int created = 0;
                int refused = 0;
                for (Future<Http.Res> f : results) {
                    Http.Res res = f.get();
                    if (res.status() == 201) {
                        created++;
                    } else {
                        assertEquals(400, res.status(), res.toString());
                        assertTrue(res.json().getString("error").startsWith("请等待"), res.toString());
                        refused++;
                    }
                }
                assertEquals(1, created);
                assertEquals(n - 1, refused);
            }
            assertEquals(1, FeedbackFixture.mine(app, token).json().getInt("count"));
            assertEquals(1, FeedbackFixture.adminList(app, "").json().getJsonObject("stats").getInt("total"));
        }
    }

    @Test
    void whenTheUsersListCannotBeWrittenTheRecordAndTheTimerAreGivenBack() {
        try (TestApp app = start()) {
            String token = FeedbackFixture.login(app, "u1", "alice@example.com");
            // the database refuses the list (not an outage): the record is already written, the list write fails
            app.store().database().execute()
                    .dml("ALTER TABLE kv_entries ADD CONSTRAINT reject_user_lists CHECK (k NOT LIKE 'user_feedback:%')");
            Http.Res failed = FeedbackFixture.submit(app, token, "bug", "lost?");
            assertEquals(500, failed.status(), failed.toString());
            assertEquals("internal_error", failed.json().getString("code"));
            assertTrue(app.store().get(Namespace.FEEDBACK, "feedback_u1_" + clock.millis()).isEmpty(), "the record is removed");
            assertTrue(app.store().get(Namespace.FEEDBACK, "submit_timer:u1").isEmpty(), "the timer is given back");
            assertEquals(0, FeedbackFixture.adminList(app, "").json().getJsonObject("stats").getInt("total"));

            app.store().database().execute().dml("ALTER TABLE kv_entries DROP CONSTRAINT reject_user_lists");
            assertEquals(201, FeedbackFixture.submit(app, token, "bug", "again").status(), "the user may retry at once");
            assertEquals(1, FeedbackFixture.mine(app, token).json().getInt("count"));
        }
    }

    @Test
    void concurrentAdditionsToOneUsersListAreAllKept() throws Exception {
        try (TestApp app = start()) {
            UserFeedbackList lists = new UserFeedbackList(app.store());
            int n = UserFeedbackList.MAX;
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
            assertEquals(n, ids.size(), ids.toString());
            assertEquals(n, new HashSet<>(ids).size(), "no addition lost, none twice: " + ids);
        }
    }

    @Test
    void theUsersListKeepsTheTwentyNewest() {
        try (TestApp app = start()) {
            String token = FeedbackFixture.login(app, "u1", "alice@example.com");
            for (int i = 1; i <= 21; i++) {
                assertEquals(201, FeedbackFixture.submit(app, token, "other", "note " + i).status());
                clock.advance(Duration.ofMinutes(10));
            }
            JsonObject mine = FeedbackFixture.mine(app, token).json();
            assertEquals(20, mine.getInt("count"));
            assertEquals("note 21", mine.getJsonArray("feedbacks").getJsonObject(0).getString("content"));
            assertEquals("note 2", mine.getJsonArray("feedbacks").getJsonObject(19).getString("content"));
            assertEquals(21, FeedbackFixture.adminList(app, "").json().getJsonObject("stats").getInt("total"),
                    "the admin still sees every record");
        }
    }

    @Test
    void theAdminPagesThroughEveryEntryWithACursor() {
        try (TestApp app = start()) {
            for (int i = 0; i < 7; i++) {
                String token = FeedbackFixture.login(app, "user" + i, "user" + i + "@example.com");
                assertEquals(201, FeedbackFixture.submit(app, token, "feature", "idea " + i).status());
                clock.advance(Duration.ofSeconds(1));
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Http.Res res = FeedbackFixture.adminList(app, "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
                assertEquals(200, res.status(), res.toString());
                JsonObject body = res.json();
                assertEquals(7, body.getJsonObject("stats").getInt("total"), "stats cover everything on every page");
                body.getJsonArray("feedbacks").getValuesAs(JsonObject.class).forEach(f -> seen.add(f.getString("content")));
                cursor = body.get("nextCursor") instanceof JsonString s ? s.getString() : null;
                pages++;
            } while (cursor != null);
            assertEquals(3, pages);
            assertEquals(List.of("idea 6", "idea 5", "idea 4", "idea 3", "idea 2", "idea 1", "idea 0"), seen);
            assertEquals(JsonValue.NULL, FeedbackFixture.adminList(app, "").json().get("nextCursor"), "no limit: everything at once");
        }
    }
}
