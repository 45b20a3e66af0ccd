package io.text2media.image;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.Waits;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The generation cache (design.md §5.11): seeded requests only, no upstream call on a hit, TTL, both layers, metrics. */
class ImageCacheTest {
    private static final String SEEDED = "{\"text\":\"a red fox\",\"type\":\"image\",\"seed\":42,\"width\":512}";
    private final FakePollinations fake = new FakePollinations();
    private final MutableClock clock = MutableClock.now();
    private final List<RequestInfo> completed = new CopyOnWriteArrayList<>();
    private TestApp app;

    private TestApp start(Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(fake.env());
        env.putAll(overrides);
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 42})));
        app = TestApp.builder().provider(new ImageProvider()).env(env).clock(clock).start();
        app.context().addRequestListener((req, info, status, bytes) -> {
            if ("/api/generate".equals(info.route())) {
                completed.add(info);
            }
        });
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        fake.close();
    }

    private RequestInfo info(int n) {
        Waits.until("request " + n + " completed", 5000, () -> completed.size() >= n);
        return completed.get(n - 1);
    }

    private static double metric(String text, String result, String layer) {
        return text.lines().filter(l -> l.startsWith("text2media_image_cache_total{") && l.contains("result=\"" + result + "\"")
                        && l.contains("layer=\"" + layer + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theTimeSpentWaitingForTheUpstreamIsRecordedAndAHitWaitsForNone() {
        start(Map.of());
        fake.server.resetAll();
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, 1}).withFixedDelay(300)));
        assertEquals(200, app.http().post("/api/generate", SEEDED).status());
        assertEquals(200, app.http().post("/api/generate", SEEDED).status());
        RequestInfo miss = info(1);
        assertTrue(miss.upstreamMillis() >= 300 && miss.upstreamMillis() <= miss.elapsedMillis(),
                "waited for the upstream: " + miss.upstreamMillis() + " of " + miss.elapsedMillis() + " ms");
        assertEquals(0, info(2).upstreamMillis(), "a cache hit makes no upstream call");
    }

    @Test
    void aSeededRequestIsServedFromTheCacheWithoutAnUpstreamCall() {
        start(Map.of());
        String before = app.http().get("/observe/metrics").body();
        Http.Res first = app.http().post("/api/generate", SEEDED);
        Http.Res second = app.http().post("/api/generate", SEEDED);
        assertEquals(200, first.status(), first.toString());
        assertEquals(200, second.status());
        assertArrayEquals(first.bytes(), second.bytes());
        assertEquals(1, fake.requests());
        assertEquals(Boolean.FALSE, info(1).cacheHit());
        assertEquals(Boolean.TRUE, info(2).cacheHit());
        assertEquals(0, info(2).attempts());
        String after = app.http().get("/observe/metrics").body();
        assertEquals(1.0, metric(after, "hit", "memory") - metric(before, "hit", "memory"));
        assertEquals(1.0, metric(after, "miss", "none") - metric(before, "miss", "none"));
        String sha = java.util.HexFormat.of().formatHex(sha256("/image/a%20red%20fox?width=512&seed=42&model=flux"));
        JsonObject stored = app.store().get(Namespace.IMAGES_CACHE, "gen:" + sha).flatMap(e -> e.json()).orElseThrow();
        assertEquals("image/jpeg", stored.getString("content_type"));
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void requestsWithoutASeedAreNeverCached() {
        start(Map.of());
        app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}");
        app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"seed\":-1}");
        assertEquals(2, fake.requests());
        assertNull(info(1).cacheHit());
        assertNull(info(2).cacheHit());
        assertEquals(0, app.store().count(Namespace.IMAGES_CACHE));
    }

    @Test
    void anyDifferenceInTheParametersIsAnotherEntry() {
        start(Map.of());
        app.http().post("/api/generate", SEEDED);
        app.http().post("/api/generate", SEEDED.replace("42", "43"));
        app.http().post("/api/generate", SEEDED.replace("512", "640"));
        app.http().post("/api/generate", SEEDED.replace("fox", "Fox"));
        app.http().post("/api/generate", SEEDED.replace("}", ",\"model\":\"zimage\"}"));
        assertEquals(5, fake.requests());
    }

    @Test
    void theStoreAnswersWhenTheMemoryFrontIsOff() {
        start(Map.of("IMAGE_CACHE_MEMORY_MB", "0"));
        String before = app.http().get("/observe/metrics").body();
        Http.Res first = app.http().post("/api/generate", SEEDED);
        Http.Res second = app.http().post("/api/generate", SEEDED);
        assertArrayEquals(first.bytes(), second.bytes());
        assertEquals(1, fake.requests());
        String after = app.http().get("/observe/metrics").body();
        assertEquals(1.0, metric(after, "hit", "store") - metric(before, "hit", "store"));
    }

    @Test
    void entriesExpireAfterTheTtl() {
        start(Map.of("IMAGE_CACHE_TTL_SECONDS", "60"));
        app.http().post("/api/generate", SEEDED);
        clock.advance(Duration.ofSeconds(59));
        app.http().post("/api/generate", SEEDED);
        assertEquals(1, fake.requests());
        clock.advance(Duration.ofSeconds(2));
        app.http().post("/api/generate", SEEDED);
        assertEquals(2, fake.requests());
    }

    @Test
    void aTtlOfZeroTurnsTheCacheOff() {
        start(Map.of("IMAGE_CACHE_TTL_SECONDS", "0"));
        app.http().post("/api/generate", SEEDED);
        app.http().post("/api/generate", SEEDED);
        assertEquals(2, fake.requests());
        assertEquals(0, app.store().count(Namespace.IMAGES_CACHE));
    }

    @Test
    void aCacheHitUsesNoQuotaButAMissDoes() {
        start(Map.of("RATE_LIMIT_ANON_PER_MINUTE", "2"));
        assertEquals(200, app.http().post("/api/generate", SEEDED).status());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, app.http().post("/api/generate", SEEDED).status(), "a hit generates nothing: not metered");
        }
        assertEquals(200, app.http().post("/api/generate", SEEDED.replace("42", "43")).status());
        assertEquals(429, app.http().post("/api/generate", SEEDED.replace("42", "44")).status(), "the third generation");
        assertEquals(2, fake.requests());
    }
}
