package io.text2media.feedback;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MetricLines;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/feedback: every row of original-contract.md §4.12 and the validation improvements. */
class FeedbackSubmitTest {
    private static final String ROUTE = "/api/feedback";

    private static void assertFailure(Http.Res res, int status, String message, String code) {
        assertEquals(status, res.status(), res.toString());
        JsonObject body = res.json();
        assertFalse(body.getBoolean("success"), res.toString());
        assertEquals(message, body.getString("error"));
        assertEquals(code, body.getString("code"));
    }

    @Test
    void aBadBodyIs400EvenWithoutAToken() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            for (String body : List.of("", "{", "null", "[]", "7", "\"x\"")) {
                Http.Res res = app.http().post(ROUTE, body);
                assertEquals(400, res.status(), body);
                assertEquals("反馈请求体必须为 JSON", res.json().getString("error"));
            }
        }
    }

    @Test
    void withoutAValidTokenIt401NeedsLogin() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String body = "{\"category\":\"bug\",\"content\":\"x\"}";
            String valid = FeedbackFixture.login(app, "u1", "a@example.com");
            for (String[] headers : List.of(new String[0],
                    new String[] {"Authorization", "Bearer nope"},
                    new String[] {"Authorization", "Basic " + valid},
                    new String[] {"Authorization", "Bearer " + app.context().jwt().issue("ghost", "ghost@example.com", 0)})) {
                Http.Res res = app.http().post(ROUTE, body, headers);
                assertEquals(401, res.status(), res.toString());
                assertEquals("需要登录", res.json().getString("error"));
            }
            assertEquals(201, app.http().post(ROUTE, body, "Cookie", "theme=dark; auth_token=" + valid).status(),
                    "the original's cookie fallback still works");
        }
    }

    @Test
    void missingOrFalsyFieldsUseTheOriginalsMessage() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            for (String body : List.of("{}", "{\"category\":\"bug\"}", "{\"content\":\"x\"}",
                    "{\"category\":\"\",\"content\":\"x\"}", "{\"category\":\"bug\",\"content\":\"\"}",
                    "{\"category\":null,\"content\":\"x\"}", "{\"category\":\"bug\",\"content\":0}")) {
                assertFailure(app.http().post(ROUTE, body, "Authorization", "Bearer " + token), 400,
                        "缺少必要参数：category 和 content", "missing_fields");
            }
        }
    }

    @Test
    void aContentThatIsNotTextIsAClear400NotAGeneric500() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            for (String body : List.of("{\"category\":\"bug\",\"content\":42}", "{\"category\":\"bug\",\"content\":{\"a\":1}}",
                    "{\"category\":\"bug\",\"content\":[\"x\"]}", "{\"category\":\"bug\",\"content\":true}")) {
                assertFailure(app.http().post(ROUTE, body, "Authorization", "Bearer " + token), 400,
                        "反馈内容必须为文本", "invalid_content");
            }
        }
    }

    @Test
    void categoriesAreLimitedToTheFourTheUiOffers() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            for (String body : List.of("{\"category\":\"spam\",\"content\":\"x\"}", "{\"category\":1,\"content\":\"x\"}",
                    "{\"category\":{\"a\":1},\"content\":\"x\"}", "{\"category\":[\"bug\"],\"content\":\"x\"}")) {
                assertFailure(app.http().post(ROUTE, body, "Authorization", "Bearer " + token), 400,
                        "反馈类型无效，可选值：bug、feature、improvement、other", "invalid_category");
            }
            Http.Res ok = app.http().post(ROUTE, "{\"category\":\" Improvement \",\"content\":\"x\"}", "Authorization", "Bearer " + token);
            assertEquals(201, ok.status());
            String id = ok.json().getString("feedbackId");
            assertEquals("improvement", app.store().get(Namespace.FEEDBACK, id).flatMap(KvEntry::json).orElseThrow().getString("category"));
        }
    }

    @Test
    void htmlIsRemovedWithScriptContentsAndWhatIsLeftMustNotBeEmpty() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            assertFailure(FeedbackFixture.submit(app, token, "bug", "  <p> </p><script>alert(1)</script>  "), 400,
                    "反馈内容不能为空", "empty_content");
            Http.Res ok = FeedbackFixture.submit(app, token, "bug", "<script>steal()</script>Hello <b>there</b><style>*{}</style>");
            assertEquals(201, ok.status());
            JsonObject record = app.store().get(Namespace.FEEDBACK, ok.json().getString("feedbackId"))
                    .flatMap(KvEntry::json).orElseThrow();
            assertEquals("Hello there", record.getString("content"));
        }
    }

    @Test
    void theLengthIsCheckedAfterRemovingHtml() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String a = FeedbackFixture.login(app, "u1", "a@example.com");
            String b = FeedbackFixture.login(app, "u2", "b@example.com");
            String c = FeedbackFixture.login(app, "u3", "c@example.com");
            assertFailure(FeedbackFixture.submit(app, a, "bug", "x".repeat(1001)), 400, "反馈内容不能超过1000字符", "content_too_long");
            assertEquals(201, FeedbackFixture.submit(app, b, "bug", "<i>" + "x".repeat(1000) + "</i>").status(),
                    "1007 characters sent, 1000 stored: the original refused this");
            assertEquals(201, FeedbackFixture.submit(app, c, "bug", "猫".repeat(1000)).status());
            assertEquals(201, FeedbackFixture.submit(app, a, "bug", "x".repeat(1000)).status(),
                    "a refused submission did not start the 10-minute timer");
        }
    }

    @Test
    void theTimerCannotBeMistakenForARecord() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            assertEquals(201, FeedbackFixture.submit(app, token, "bug", "x").status());
            List<String> keys = app.store().list(Namespace.FEEDBACK, "", null, 100).entries().stream().map(KvEntry::key).toList();
            assertEquals(3, keys.size(), keys.toString());
            assertEquals(1, keys.stream().filter(k -> k.startsWith("feedback_")).count(), keys.toString());
            assertTrue(keys.contains("submit_timer:u1"), keys.toString());
            assertTrue(app.store().get(Namespace.FEEDBACK, "submit_timer:u1").orElseThrow().expiresAt() != null, "600 s TTL");
        }
    }

    @Test
    void aDisabledAccountCannotSubmit() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            app.store().put(Namespace.USERS, "a@example.com", Jsons.text(Jsons.object()
                    .add("id", "u1").add("email", "a@example.com").add("isActive", false).build()), null);
            assertEquals(401, FeedbackFixture.submit(app, token, "bug", "x").status());
        }
    }

    @Test
    void metricEventsAreTheOriginals() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        try (TestApp app = FeedbackFixture.builder().env("METRICS_ENABLED", "true").env("METRICS_SAMPLE_RATE", "1").start()) {
            String token = FeedbackFixture.login(app, "u1", "a@example.com");
            FeedbackFixture.submit(app, token, "bug", "secret user text");
            FeedbackFixture.mine(app, token);
            FeedbackFixture.adminList(app, "");
            FeedbackFixture.submit(app, token, "bug", "again");
            FeedbackFixture.patch(app, "feedback_u1_1", "{\"status\":\"processed\"}", "X-Admin-Key", FeedbackFixture.ADMIN_KEY);
            String log = out.toString(StandardCharsets.UTF_8);
            List<JsonObject> metrics = MetricLines.in(log);
            assertTrue(metrics.stream().anyMatch(m -> "feedback_not_found".equals(m.getString("error", null))), log);
            for (String name : List.of("feedback_submit", "feedback_list_my", "feedback_admin_list", "feedback_admin_update")) {
                assertTrue(metrics.stream().anyMatch(m -> m.getString("name").equals(name)), name + " in " + log);
            }
            assertTrue(metrics.stream().anyMatch(m -> "too_soon".equals(m.getString("error", null))), log);
            assertFalse(log.contains("secret user text"), "feedback text is not logged at info");
            assertFalse(log.contains(token), "tokens never logged");
        } finally {
            Logging.configure("warn");
        }
    }
}
