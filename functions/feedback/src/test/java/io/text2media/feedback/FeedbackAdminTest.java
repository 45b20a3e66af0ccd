package io.text2media.feedback;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvImport;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/admin/feedback (original-contract.md §4.14) and PATCH /api/admin/feedback/{id}. */
class FeedbackAdminTest {
    private static final String ROUTE = "/api/admin/feedback";

    private static void assertForbidden(Http.Res res) {
        assertEquals(403, res.status(), res.toString());
        assertEquals("管理员权限验证失败", res.json().getString("error"));
        assertEquals("forbidden", res.json().getString("code"));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void anUnsetAdminKeyRefusesEverything() {
        try (TestApp app = FeedbackFixture.builder().env("ADMIN_KEY", null).start()) {
            assertForbidden(app.http().get(ROUTE));
            assertForbidden(app.http().get(ROUTE + "?admin_key="));
            assertForbidden(app.http().get(ROUTE + "?admin_key=undefined"));
            assertForbidden(app.http().get(ROUTE, "X-Admin-Key", ""));
        }
    }

    @Test
    void theKeyIsAcceptedInTheQueryXAdminKeyOrBearer() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String key = FeedbackFixture.ADMIN_KEY;
            assertEquals(200, app.http().get(ROUTE + "?admin_key=" + q(key)).status());
            assertEquals(200, app.http().get(ROUTE, "X-Admin-Key", key).status());
            assertEquals(200, app.http().get(ROUTE, "Authorization", "Bearer " + key).status());
            assertForbidden(app.http().get(ROUTE));
            assertForbidden(app.http().get(ROUTE + "?admin_key=" + q(key + "x")));
            assertForbidden(app.http().get(ROUTE + "?admin_key=" + q(key.substring(1))));
            assertForbidden(app.http().get(ROUTE, "X-Admin-Key", key.toUpperCase()));
            assertForbidden(app.http().get(ROUTE, "Authorization", "Basic " + key));
        }
    }

    @Test
    void theListIgnoresTheOriginalsTimerKeysAndAnythingThatIsNotARecord() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            app.store().put(Namespace.FEEDBACK, "feedback_rate_limit:u9", "\"1767225600000\"", Duration.ofMinutes(10));
            app.store().put(Namespace.FEEDBACK, "feedback_u1_1767225600000", Jsons.text(Jsons.object()
                    .add("id", "feedback_u1_1767225600000").add("userId", "u1").add("email", "a@example.com")
                    .add("category", "bug").add("content", "real").add("created_at", "2026-01-01T00:00:00.000Z")
                    .add("status", "pending").build()), null);
            app.store().put(Namespace.FEEDBACK, "feedback_u2_1767225600001", "\"not an object\"", null);
            app.store().put(Namespace.FEEDBACK, "feedback_notes", "{\"a\":1}", null);
            Http.Res res = FeedbackFixture.adminList(app, "");
            assertEquals(200, res.status(), "the original broke on exactly this: " + res);
            assertEquals(1, res.json().getInt("count"));
            assertEquals("real", res.json().getJsonArray("feedbacks").getJsonObject(0).getString("content"));
        }
    }

    @Test
    void todayCountsUtcDatesAndUnknownDatesSortLast() {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-10T23:30:00Z"));
        try (TestApp app = FeedbackFixture.builder().clock(clock).start()) {
            put(app, "feedback_a_1", "2026-05-10T00:00:00.000Z", "processed");
            put(app, "feedback_b_2", "2026-05-10T23:00:00.000Z", null);
            put(app, "feedback_c_3", "2026-05-09T23:59:59.999Z", "pending");
            put(app, "feedback_d_4", "garbage", "pending");
            JsonObject body = FeedbackFixture.adminList(app, "").json();
            JsonObject stats = body.getJsonObject("stats");
            assertEquals(4, stats.getInt("total"));
            assertEquals(2, stats.getInt("today"));
            assertEquals(1, stats.getInt("processed"));
            assertEquals(3, stats.getInt("pending"), "a record without status counts as pending");
            List<String> order = body.getJsonArray("feedbacks").getValuesAs(JsonObject.class).stream()
                    .map(f -> f.getString("id")).toList();
            assertEquals(List.of("feedback_b_2", "feedback_a_1", "feedback_c_3", "feedback_d_4"), order);
        }
    }

    @Test
    void aStoredDateBeyondAnyClockSortsLastInsteadOfBreakingTheList() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            put(app, "feedback_a_1", "+999999999-12-31T23:59:59.000Z", "pending");
            put(app, "feedback_b_2", "-999999999-01-01T00:00:00.000Z", "pending");
            put(app, "feedback_c_3", "2026-05-10T00:00:00.000Z", "pending");
            Http.Res res = FeedbackFixture.adminList(app, "?limit=2");
            assertEquals(200, res.status(), res.toString());
            assertEquals("feedback_c_3", res.json().getJsonArray("feedbacks").getJsonObject(0).getString("id"));
            assertEquals(3, res.json().getJsonObject("stats").getInt("total"));
            String cursor = res.json().getString("nextCursor");
            assertEquals(1, FeedbackFixture.adminList(app, "?limit=2&cursor=" + cursor).json().getInt("count"));
        }
    }

    @Test
    void everyEntryIsReachableBeyondTheFirstThousandKeys() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            int n = 1205;
            for (int i = 0; i < n; i++) {
                put(app, "feedback_u" + i + "_" + (1_700_000_000_000L + i), Instant.ofEpochMilli(1_700_000_000_000L + i).toString(), "pending");
            }
            assertEquals(n, FeedbackFixture.adminList(app, "").json().getInt("count"), "the original read only 1000 keys");
            Set<String> ids = new HashSet<>();
            String cursor = null;
            do {
                JsonObject page = FeedbackFixture.adminList(app, "?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).json();
                page.getJsonArray("feedbacks").getValuesAs(JsonObject.class).forEach(f -> ids.add(f.getString("id")));
                cursor = page.get("nextCursor") instanceof JsonString s ? s.getString() : null;
            } while (cursor != null);
            assertEquals(n, ids.size());
        }
    }

    @Test
    void badPagingParametersAre400() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            for (String query : List.of("?limit=0", "?limit=1001", "?limit=ten", "?limit=-1", "?cursor=%25%25", "?cursor=bm9wZQ", "?cursor=MTIz")) {
                Http.Res res = FeedbackFixture.adminList(app, query);
                assertEquals(400, res.status(), query + " " + res);
                assertEquals("分页参数无效", res.json().getString("error"));
                assertFalse(res.json().getBoolean("success"));
            }
            assertForbidden(app.http().get(ROUTE + "?limit=0"));
        }
    }

    @Test
    void patchSetsTheStatusAndValidatesEverything() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            put(app, "feedback_u1_5", "2026-01-01T00:00:00.000Z", "pending");
            String admin = FeedbackFixture.ADMIN_KEY;
            assertForbidden(FeedbackFixture.patch(app, "feedback_u1_5", "{\"status\":\"processed\"}"));
            assertForbidden(FeedbackFixture.patch(app, "feedback_u1_5", "{\"status\":\"processed\"}", "X-Admin-Key", "wrong"));
            for (String body : List.of("{\"status\":\"done\"}", "{\"status\":1}", "{}", "{\"status\":null}")) {
                Http.Res res = FeedbackFixture.patch(app, "feedback_u1_5", body, "X-Admin-Key", admin);
                assertEquals(400, res.status(), body);
                assertEquals("状态无效，只能为 pending 或 processed", res.json().getString("error"));
            }
            for (String body : List.of("", "null", "[]", "{")) {
                Http.Res res = FeedbackFixture.patch(app, "feedback_u1_5", body, "X-Admin-Key", admin);
                assertEquals(400, res.status(), body);
                assertEquals("反馈更新请求体必须为 JSON", res.json().getString("error"));
            }
            for (String id : List.of("feedback_u1_6", "user_feedback:u1", "submit_timer:u1", "feedback_rate_limit:u1")) {
                Http.Res res = FeedbackFixture.patch(app, q(id), "{\"status\":\"processed\"}", "X-Admin-Key", admin);
                assertEquals(404, res.status(), id + " " + res);
                assertEquals("反馈不存在", res.json().getString("error"));
            }
            Http.Res ok = FeedbackFixture.patch(app, "feedback_u1_5", "{\"status\":\"processed\"}", "Authorization", "Bearer " + admin);
            assertEquals(200, ok.status(), ok.toString());
            JsonObject updated = ok.json().getJsonObject("feedback");
            assertEquals("processed", updated.getString("status"));
            assertTrue(updated.containsKey("updated_at"));
            assertEquals("feedback_u1_5", updated.getString("id"));
            assertEquals(1, FeedbackFixture.adminList(app, "").json().getJsonObject("stats").getInt("processed"));
            assertEquals(200, FeedbackFixture.patch(app, "feedback_u1_5", "{\"status\":\"pending\"}", "X-Admin-Key", admin).status());
            assertEquals(0, FeedbackFixture.adminList(app, "").json().getJsonObject("stats").getInt("processed"));
            assertEquals(404, app.http().get(ROUTE + "/feedback_u1_5", "X-Admin-Key", admin).status(), "GET on an id is no route");
        }
    }

    @Test
    void dataImportedFromTheOriginalIsListed() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            String record = Jsons.text(Jsons.object().add("id", "feedback_abc_1760000000000").add("userId", "abc")
                    .add("email", "old@example.com").add("category", "feature").add("content", "from the worker")
                    .add("created_at", "2025-10-09T08:53:20.000Z").add("status", "pending").build());
            JsonArray export = Jsons.array()
                    .add(Jsons.object().add("key", "feedback_abc_1760000000000").add("value", record))
                    .add(Jsons.object().add("key", "user_feedback:abc").add("value", "[\"feedback_abc_1760000000000\"]"))
                    .add(Jsons.object().add("key", "feedback_rate_limit:abc").add("value", "1760000000000")
                            .add("expiration", Instant.now().getEpochSecond() + 300))
                    .build();
            new KvImport(app.store(), app.context().clock()).load(Namespace.FEEDBACK, export, false);

            JsonObject list = FeedbackFixture.adminList(app, "").json();
            assertEquals(1, list.getInt("count"));
            assertEquals("old@example.com", list.getJsonArray("feedbacks").getJsonObject(0).getString("email"));
            String token = FeedbackFixture.login(app, "abc", "old@example.com");
            JsonObject mine = FeedbackFixture.mine(app, token).json();
            assertEquals("from the worker", mine.getJsonArray("feedbacks").getJsonObject(0).getString("content"));
            assertEquals(201, FeedbackFixture.submit(app, token, "bug", "new one").status(), "the original's timer was not imported");
            assertEquals(2, FeedbackFixture.mine(app, token).json().getInt("count"));
        }
    }

    private static void put(TestApp app, String id, String createdAt, String status) {
        var json = Jsons.object().add("id", id).add("userId", "u").add("email", "u@example.com")
                .add("category", "bug").add("content", "c").add("created_at", createdAt);
        if (status != null) {
            json.add("status", status);
        }
        app.store().put(Namespace.FEEDBACK, id, Jsons.text(json.build()), null);
    }
}
