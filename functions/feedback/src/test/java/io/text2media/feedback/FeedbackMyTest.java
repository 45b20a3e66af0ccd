package io.text2media.feedback;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/feedback/my: every row of original-contract.md §4.13. */
class FeedbackMyTest {

    private static void record(TestApp app, String id, JsonObject value) {
        app.store().put(Namespace.FEEDBACK, id, Jsons.text(value), null);
    }

    @Test
    void withoutATokenIt401NeedsLogin() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            Http.Res res = app.http().get("/api/feedback/my");
            assertEquals(401, res.status());
            assertEquals("需要登录", res.json().getString("error"));
            assertEquals(401, app.http().get("/api/feedback/my", "Authorization", "Bearer x.y.z").status());
        }
    }

    @Test
    void noListIsAnEmptySuccess() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            Http.Res res = FeedbackFixture.mine(app, token);
            assertEquals(200, res.status());
            assertEquals(Jsons.object().add("success", true).add("feedbacks", Jsons.array()).add("count", 0).build(),
                    Jsons.object(res.json()).remove("requestId").build());
        }
    }

    @Test
    void theListOrderIsKeptMissingRecordsAreSkippedAndStatusDefaultsToPending() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            record(app, "feedback_u1_300", Jsons.object().add("id", "feedback_u1_300").add("userId", "u1").add("email", "a@example.com")
                    .add("category", "bug").add("content", "newest").add("created_at", "2026-01-03T00:00:00.000Z").build());
            record(app, "feedback_u1_100", Jsons.object().add("id", "feedback_u1_100").add("userId", "u1")
                    .add("category", "other").add("content", "oldest").add("created_at", "2026-01-01T00:00:00.000Z")
                    .add("status", "processed").build());
            app.store().put(Namespace.FEEDBACK, "user_feedback:u1",
                    "[\"feedback_u1_300\",\"feedback_u1_200\",\"feedback_u1_100\"]", null);

            JsonObject body = FeedbackFixture.mine(app, token).json();
            assertTrue(body.getBoolean("success"));
            assertEquals(2, body.getInt("count"));
            JsonArray list = body.getJsonArray("feedbacks");
            assertEquals("newest", list.getJsonObject(0).getString("content"));
            assertEquals("pending", list.getJsonObject(0).getString("status"), "a record without status is pending");
            assertFalse(list.getJsonObject(0).containsKey("email"), "no email in the user's own list");
            assertEquals("oldest", list.getJsonObject(1).getString("content"));
            assertEquals("processed", list.getJsonObject(1).getString("status"));
        }
    }

    @Test
    void anotherUsersRecordInTheListIsNotShown() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            record(app, "feedback_u2_1", Jsons.object().add("id", "feedback_u2_1").add("userId", "u2").add("content", "bob's").build());
            app.store().put(Namespace.FEEDBACK, "user_feedback:u1", "[\"feedback_u2_1\"]", null);
            assertEquals(0, FeedbackFixture.mine(app, token).json().getInt("count"));
        }
    }

    @Test
    void aBrokenListIsTheOriginals400() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            app.store().put(Namespace.FEEDBACK, "user_feedback:u1", "{\"not\":\"a list\"}", null);
            Http.Res res = FeedbackFixture.mine(app, token);
            assertEquals(400, res.status());
            assertFalse(res.json().getBoolean("success"));
            assertEquals("获取反馈列表失败", res.json().getString("error"));

            assertEquals(201, FeedbackFixture.submit(app, token, "bug", "fresh").status(), "a submission repairs the list");
            assertEquals(1, FeedbackFixture.mine(app, token).json().getInt("count"));
        }
    }
}
