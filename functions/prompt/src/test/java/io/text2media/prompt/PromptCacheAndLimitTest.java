package io.text2media.prompt;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.MetricLines;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestEnv;
import io.text2media.shared.testing.Waits;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answer cache (same text and language within the TTL) and the rate limits of both prompt routes. */
class PromptCacheAndLimitTest {
    private static final String OPTIMIZE = "/api/prompts/optimize";
    private static final String TRANSLATE = "/api/translate";
    private final FakeLlm fake = new FakeLlm();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @AfterEach
    void stop() {
        fake.close();
    }

    private TestApp.Builder cached() {
        return PromptApps.builder(fake, "sk-1").clock(clock).env("PROMPT_CACHE_TTL_SECONDS", "60");
    }

    @Test
    void theSameTextIsAnsweredFromTheCacheWithinTheTtl() {
        fake.answers("sk-1", "a cute cat, 高清");
        try (TestApp app = cached().start()) {
            List<RequestInfo> seen = new CopyOnWriteArrayList<>();
            app.context().addRequestListener((request, info, status, bytes) -> seen.add(info));
            Http.Res first = app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            Http.Res second = app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            assertEquals(200, second.status());
            assertEquals(first.json(), second.json());
            assertEquals(1, fake.calls(), "the second answer came from the cache");
            Waits.until("two requests logged", 5000, () -> seen.size() == 2);
            assertEquals(Boolean.FALSE, seen.get(0).cacheHit());
            assertEquals(Boolean.TRUE, seen.get(1).cacheHit());
            assertEquals(null, seen.get(1).upstream(), "no upstream call on a hit");

            app.http().post(OPTIMIZE, "{\"text\":\"狗\"}");
            assertEquals(2, fake.calls(), "another text is another entry");

            clock.advance(Duration.ofSeconds(61));
            app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            assertEquals(3, fake.calls(), "expired after the TTL");
        }
    }

    @Test
    void theLanguageAndTheRouteArePartOfTheKey() {
        fake.answers("sk-1", "cat");
        try (TestApp app = cached().start()) {
            app.http().post(TRANSLATE, "{\"text\":\"猫\"}");
            app.http().post(TRANSLATE, "{\"text\":\"猫\",\"target_language\":\"en\"}");
            assertEquals(1, fake.calls(), "absent and en are both English");
            app.http().post(TRANSLATE, "{\"text\":\"猫\",\"target_language\":\"ja\"}");
            assertEquals(2, fake.calls());
            app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            assertEquals(3, fake.calls(), "optimize and translate never share answers");
        }
    }

    @Test
    void theStoreTierIsSharedByInstancesAndHoldsNoPlainText() {
        fake.answers("sk-1", "a cat");
        String db = TestEnv.h2MemoryUrl();
        try (TestApp one = cached().env("DB_URL", db).start();
             TestApp two = cached().env("DB_URL", db).start()) {
            assertEquals(200, one.http().post(OPTIMIZE, "{\"text\":\"秘密的猫\"}").status());
            assertEquals(200, two.http().post(OPTIMIZE, "{\"text\":\"秘密的猫\"}").status());
            assertEquals(1, fake.calls(), "the second instance found the answer in the store");
            var page = one.store().list(Namespace.STATE, AnswerCache.KEY_PREFIX, null, 10);
            assertEquals(1, page.entries().size());
            assertFalse(page.entries().getFirst().key().contains("秘密"), "keyed by a hash");
        }
    }

    @Test
    void failuresAndEmptyAnswersAreNotCached() {
        fake.status("sk-1", 500);
        try (TestApp app = cached().env("RETRY_MAX_ATTEMPTS", "1").start()) {
            assertEquals(502, app.http().post(OPTIMIZE, "{\"text\":\"猫\"}").status());
            fake.answers("sk-1", "");
            assertEquals(502, app.http().post(OPTIMIZE, "{\"text\":\"猫\"}").status());
            fake.answers("sk-1", "a cat");
            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"猫\"}").status());
            assertEquals(3, fake.calls());
        }
    }

    @Test
    void aZeroTtlDisablesTheCache() {
        fake.answers("sk-1", "a cat");
        try (TestApp app = PromptApps.builder(fake, "sk-1").env("PROMPT_CACHE_TTL_SECONDS", "0").start()) {
            app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            assertEquals(2, fake.calls());
            assertEquals(0, app.store().count(Namespace.STATE));
        }
    }

    @Test
    void anonymousCallersAreLimitedPerMinuteAcrossBothRoutes() {
        fake.answers("sk-1", "a cat");
        try (TestApp app = PromptApps.builder(fake, "sk-1").clock(clock)
                .env("PROMPT_RATE_LIMIT_ANON_PER_MINUTE", "2").start()) {
            assertEquals(400, app.http().post(OPTIMIZE, "{}").status(), "invalid requests are not counted");
            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"猫\"}").status());
            assertEquals(200, app.http().post(TRANSLATE, "{\"text\":\"猫\"}").status());
            Http.Res limited = app.http().post(TRANSLATE, "{\"text\":\"狗\"}");
            assertEquals(429, limited.status());
            assertEquals("请求过于频繁，请稍后再试", limited.json().getString("error"));
            assertEquals("rate_limited", limited.json().getString("code"));
            assertEquals(60, limited.json().getInt("retry_after"));
            assertEquals("60", limited.header("Retry-After").orElseThrow());
            assertEquals(2, fake.calls(), "a refused request costs nothing upstream");

            clock.advance(Duration.ofSeconds(61));
            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"鸟\"}").status());
        }
    }

    @Test
    void theDayBudgetEndsAtUtcMidnight() {
        fake.answers("sk-1", "a cat");
        clock.set(Instant.parse("2026-03-01T23:00:00Z"));
        try (TestApp app = PromptApps.builder(fake, "sk-1").clock(clock)
                .env("PROMPT_RATE_LIMIT_ANON_PER_DAY", "2").start()) {
            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"1\"}").status());
            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"2\"}").status());
            Http.Res limited = app.http().post(OPTIMIZE, "{\"text\":\"3\"}");
            assertEquals(429, limited.status());
            assertEquals("今日AI文本服务次数已用完，请明天再试", limited.json().getString("error"));
            assertEquals(3600, limited.json().getInt("retry_after"));
            clock.set(Instant.parse("2026-03-02T00:00:01Z"));
            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"4\"}").status());
        }
    }

    @Test
    void aValidTokenGetsTheUserLimitsAndAnInvalidOneIsAnonymous() {
        fake.answers("sk-1", "a cat");
        try (TestApp app = PromptApps.builder(fake, "sk-1").clock(clock)
                .env("PROMPT_RATE_LIMIT_ANON_PER_MINUTE", "1")
                .env("PROMPT_RATE_LIMIT_USER_PER_MINUTE", "3").start()) {
            app.store().put(Namespace.USERS, "u@example.com", Jsons.text(Jsons.object()
                    .add("id", "user-1").add("email", "u@example.com").add("isActive", true).build()), null);
            String token = app.context().jwt().issue("user-1", "u@example.com", 0);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"u" + i + "\"}", "Authorization", "Bearer " + token).status());
            }
            assertEquals(429, app.http().post(OPTIMIZE, "{\"text\":\"u4\"}", "Authorization", "Bearer " + token).status());

            assertEquals(200, app.http().post(OPTIMIZE, "{\"text\":\"a1\"}", "Authorization", "Bearer not-a-token").status(),
                    "the user's use does not count against the address");
            assertEquals(429, app.http().post(OPTIMIZE, "{\"text\":\"a2\"}").status());
        }
    }

    @Test
    void metricEventsAreTheOriginals() {
        fake.answers("sk-1", "a cat");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        try (TestApp app = PromptApps.builder(fake, "sk-1").env("METRICS_ENABLED", "true")
                .env("METRICS_SAMPLE_RATE", "1").env("LOG_LEVEL", "info").start()) {
            app.http().post(OPTIMIZE, "{\"text\":\"猫\"}");
            app.http().post(TRANSLATE, "{}");
            String log = out.toString(StandardCharsets.UTF_8);
            List<JsonObject> metrics = MetricLines.in(log);
            assertTrue(metrics.stream().anyMatch(m -> m.getString("name").equals("prompt_optimize") && m.getBoolean("success")), log);
            assertTrue(metrics.stream().anyMatch(m -> m.getString("name").equals("translate_negative")
                    && "missing_text".equals(m.getString("error", null))), log);
            assertFalse(log.contains("猫"), "user text only at debug");
        } finally {
            Logging.configure("warn");
        }
    }
}
