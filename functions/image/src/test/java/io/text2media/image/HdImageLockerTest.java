package io.text2media.image;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HD image locker, the pre-refactor contract of original-contract.md §4.16 and §12, on in-memory H2. */
class HdImageLockerTest {
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, 5};
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 9, 9};
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private TestApp app;
    private String alice;
    private String bob;

    /** Starts the image function (the locker needs no upstream) on the given database. */
    static TestApp start(MutableClock clock, java.util.Map<String, String> env) {
        return TestApp.builder().provider(new ImageProvider()).env(env).clock(clock).start();
    }

    @BeforeEach
    void start() {
        app = start(clock, java.util.Map.of());
        alice = LockerFixture.login(app, "alice-id", "alice@example.com");
        bob = LockerFixture.login(app, "bob-id", "bob@example.com");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    static String saveBody(String prompt, byte[] image) {
        return "{\"prompt\":\"" + prompt + "\",\"data\":\"" + Base64.getEncoder().encodeToString(image)
                + "\",\"width\":1024,\"height\":768,\"seed\":42,\"model\":\"flux\",\"negative\":\"blurry\"}";
    }

    private Http.Res save(String auth, String prompt, byte[] image) {
        return app.http().post("/api/images/save", saveBody(prompt, image), "Authorization", auth);
    }

    @Test
    void everyRouteNeedsALogin() {
        Http http = app.http();
        for (Http.Res res : List.of(
                http.post("/api/images/save", saveBody("x", JPEG)),
                http.get("/api/images/daily"),
                http.get("/api/images/stats", "Authorization", "Bearer invalid"),
                http.get("/api/images/img_1_abc"),
                http.get("/api/images/download/img_1_abc"),
                http.delete("/api/images/img_1_abc"))) {
            assertEquals(401, res.status(), res.toString());
            assertEquals("需要登录", res.json().getString("error"));
        }
    }

    @Test
    void aSavedImageIsListedReadAndDownloaded() {
        Http.Res saved = save(alice, "a fox", JPEG);
        assertEquals(201, saved.status(), saved.toString());
        JsonObject s = saved.json();
        assertTrue(s.getBoolean("success"));
        String id = s.getString("id");
        assertTrue(id.matches("img_\\d+_[a-z0-9]{9}"), id);
        assertEquals("a fox", s.getString("prompt"));
        assertEquals("2026-03-01T10:00:00Z", s.getString("created_at"));
        assertEquals(9, s.getInt("size"), "ceil(base64 length * 3 / 4), the original's estimate: 12 characters");
        assertEquals("HD", s.getString("quality"));

        JsonObject daily = app.http().get("/api/images/daily", "Authorization", alice).json();
        assertTrue(daily.getBoolean("success"));
        assertEquals(1, daily.getInt("count"));
        assertEquals(3, daily.getInt("maxCount"));
        JsonObject listed = daily.getJsonArray("images").getJsonObject(0);
        assertEquals(id, listed.getString("id"));
        assertEquals(1024, listed.getInt("width"));
        assertEquals(42, listed.getInt("seed"));
        assertFalse(listed.containsKey("data"), "the list carries no image data");

        JsonObject one = app.http().get("/api/images/" + id, "Authorization", alice).json();
        assertEquals(Base64.getEncoder().encodeToString(JPEG), one.getString("data"));
        assertEquals("blurry", one.getString("negative"));
        assertEquals("flux", one.getString("model"));
        assertFalse(one.containsKey("success"), "not wrapped, as the original");

        Http.Res download = app.http().get("/api/images/download/" + id, "Authorization", alice);
        assertEquals(200, download.status());
        assertArrayEquals(JPEG, download.bytes());
        assertEquals("image/jpeg", download.header("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"image_" + id + ".jpg\"", download.header("Content-Disposition").orElseThrow());
        assertEquals("no-cache", download.header("Cache-Control").orElseThrow());
    }

    @Test
    void aPngDownloadsWithItsRealType() {
        String id = save(alice, "p", PNG).json().getString("id");
        Http.Res download = app.http().get("/api/images/download/" + id, "Authorization", alice);
        assertEquals("image/png", download.header("Content-Type").orElseThrow());
        assertTrue(download.header("Content-Disposition").orElseThrow().endsWith(".png\""));
        String dataUrl = "{\"prompt\":\"d\",\"data\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(PNG) + "\"}";
        assertEquals(201, app.http().post("/api/images/save", dataUrl, "Authorization", alice).status());
    }

    @Test
    void aFourthImageEvictsTheOldest() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(save(alice, "p" + i, JPEG).json().getString("id"));
            clock.advance(Duration.ofMinutes(1));
        }
        JsonObject daily = app.http().get("/api/images/daily", "Authorization", alice).json();
        assertEquals(3, daily.getInt("count"));
        assertEquals(ids.subList(1, 4), daily.getJsonArray("images").getValuesAs(JsonObject.class).stream()
                .map(o -> o.getString("id")).toList());
        assertEquals(404, app.http().get("/api/images/" + ids.getFirst(), "Authorization", alice).status());
    }

    @Test
    void parallelSavesNeverKeepMoreThanThree() throws Exception {
        List<Future<Http.Res>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(pool.submit(() -> save(alice, "p" + n, JPEG)));
            }
        }
        for (Future<Http.Res> call : calls) {
            assertEquals(201, call.get().status());
        }
        JsonObject daily = app.http().get("/api/images/daily", "Authorization", alice).json();
        assertEquals(3, daily.getInt("count"));
        long stored = app.store().list(io.text2media.shared.store.Namespace.IMAGES_CACHE, "hd_image:alice-id:", null, 100).entries().size();
        assertEquals(3, stored, "evicted images are deleted, not orphaned");
    }

    @Test
    void statsSumTodaysImages() {
        save(alice, "a", JPEG);
        save(alice, "b", PNG);
        JsonObject stats = app.http().get("/api/images/stats", "Authorization", alice).json().getJsonObject("stats");
        assertEquals(2, stats.getInt("totalImages"));
        assertEquals(3, stats.getInt("maxImages"));
        assertEquals(1, stats.getInt("remainingImages"));
        assertEquals(9 + 12, stats.getInt("totalSize"));
        assertEquals(6291456, stats.getInt("maxSize"));
        assertEquals("2026-03-01", stats.getString("today"));
    }

    @Test
    void anotherUsersImageIsNotFound() {
        String id = save(alice, "mine", JPEG).json().getString("id");
        Http.Res get = app.http().get("/api/images/" + id, "Authorization", bob);
        assertEquals(404, get.status());
        assertEquals("图片不存在或已过期", get.json().getString("error"));
        assertEquals(404, app.http().get("/api/images/download/" + id, "Authorization", bob).status());
        Http.Res delete = app.http().delete("/api/images/" + id, "Authorization", bob);
        assertEquals(400, delete.status());
        assertEquals("图片不存在", delete.json().getString("error"));
        assertFalse(delete.json().getBoolean("success"));
        assertEquals(0, app.http().get("/api/images/daily", "Authorization", bob).json().getInt("count"));
        assertEquals(200, app.http().get("/api/images/" + id, "Authorization", alice).status(), "still alice's");
    }

    @Test
    void deletingRemovesTheImageAndItsListing() {
        String id = save(alice, "gone", JPEG).json().getString("id");
        Http.Res deleted = app.http().delete("/api/images/" + id, "Authorization", alice);
        assertEquals(200, deleted.status());
        assertEquals("图片删除成功", deleted.json().getString("message"));
        assertTrue(deleted.json().getBoolean("success"));
        assertEquals(404, app.http().get("/api/images/" + id, "Authorization", alice).status());
        assertEquals(0, app.http().get("/api/images/daily", "Authorization", alice).json().getInt("count"));
        assertEquals(400, app.http().delete("/api/images/" + id, "Authorization", alice).status());
        assertEquals(400, app.http().delete("/api/images/not-an-id", "Authorization", alice).status());
    }

    @Test
    void imagesExpireAfter24HoursAndTheListFollowsTheUtcDay() {
        String id = save(alice, "old", JPEG).json().getString("id");
        clock.advance(Duration.ofHours(14)); // 00:00 UTC passed: a new day's list
        assertEquals(0, app.http().get("/api/images/daily", "Authorization", alice).json().getInt("count"));
        assertEquals(200, app.http().get("/api/images/" + id, "Authorization", alice).status(), "still within 24 h");
        clock.advance(Duration.ofHours(10).plusSeconds(1));
        assertEquals(404, app.http().get("/api/images/" + id, "Authorization", alice).status());
    }

    @Test
    void tooLargeOrBadDataIsA400InTheSaveEnvelope() {
        // The original's estimate counts base64 padding: 2 MiB - 2 bytes is the largest image it accepts.
        byte[] big = new byte[2 * 1024 * 1024 - 1];
        Http.Res tooBig = save(alice, "big", big);
        assertEquals(400, tooBig.status());
        assertEquals("图片太大，请重试（最大2MB）", tooBig.json().getString("error"));
        assertFalse(tooBig.json().getBoolean("success"));

        assertEquals(201, save(alice, "max", new byte[2 * 1024 * 1024 - 2]).status(), "the largest accepted size");

        for (String body : new String[] {"{\"prompt\":\"x\"}", "{\"prompt\":\"x\",\"data\":\"\"}", "{\"prompt\":\"x\",\"data\":\"@@@\"}",
                "{\"prompt\":5,\"data\":\"AAAA\"}", "{\"data\":\"AAAA\",\"width\":\"wide\"}"}) {
            Http.Res res = app.http().post("/api/images/save", body, "Authorization", alice);
            assertEquals(400, res.status(), body + " -> " + res);
            assertFalse(res.json().getBoolean("success"));
            assertTrue(res.json().containsKey("field"));
        }
        Http.Res notJson = app.http().post("/api/images/save", "nope", "Authorization", alice);
        assertEquals(400, notJson.status());
        assertEquals("图片保存请求体必须为 JSON", notJson.json().getString("error"));
    }

    @Test
    void onlyTheSaveRouteAcceptsTheLargerBody() {
        String big = "{\"text\":\"" + "a".repeat(1_100_000) + "\",\"type\":\"image\"}";
        Http.Res res = app.http().post("/api/generate", big);
        assertEquals(413, res.status(), "other routes keep MAX_BODY_BYTES");
        String tooBigForSave = "{\"data\":\"" + "A".repeat(3 * 1024 * 1024 + 10) + "\"}";
        assertEquals(413, app.http().post("/api/images/save", tooBigForSave, "Authorization", alice).status());
    }
}
