package io.text2media.feedback;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

/** Test servers of the feedback function, users with tokens, and the routes' calls. */
final class FeedbackFixture {
    static final String ADMIN_KEY = "admin-key-for-tests-0123456789";

    private FeedbackFixture() {
    }

    static TestApp.Builder builder() {
        return TestApp.builder().provider(new FeedbackProvider()).env("ADMIN_KEY", ADMIN_KEY);
    }

    /** Stores an active user and returns a valid token for it. */
    static String login(TestApp app, String userId, String email) {
        app.store().put(Namespace.USERS, email, Jsons.text(Jsons.object()
                .add("id", userId).add("email", email).add("isActive", true).build()), null);
        return app.context().jwt().issue(userId, email, 0);
    }

    static Http.Res submit(TestApp app, String token, String category, String content) {
        return app.http().postJson("/api/feedback", Jsons.object().add("category", category).add("content", content).build(),
                "Authorization", "Bearer " + token);
    }

    static Http.Res mine(TestApp app, String token) {
        return app.http().get("/api/feedback/my", "Authorization", "Bearer " + token);
    }

    static Http.Res adminList(TestApp app, String query) {
        return app.http().get("/api/admin/feedback" + query, "X-Admin-Key", ADMIN_KEY);
    }

    static Http.Res patch(TestApp app, String id, String body, String... headers) {
        return app.http().send("PATCH", "/api/admin/feedback/" + id, body, headers);
    }
}
