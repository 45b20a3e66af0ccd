package io.text2media.prompt;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.InternalCheck;
import io.text2media.shared.observe.KeyPoolStatus;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestEnv;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key pool through the routes, against a fake OpenAI-compatible server: failover, cool-down, recovery, disabling. */
class KeyPoolFailoverTest {
    private static final String ROUTE = "/api/prompts/optimize";
    private static final String BODY = "{\"text\":\"一只猫\"}";
    private final FakeLlm fake = new FakeLlm();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

    @AfterEach
    void stop() {
        fake.close();
    }

    private TestApp start(String keys) {
        return PromptApps.builder(fake, keys).clock(clock).start();
    }

    private static KeyPoolStatus pool(TestApp app) {
        return app.context().service(KeyPoolStatus.class).orElseThrow();
    }

    private static JsonObject key(TestApp app, String alias) {
        return pool(app).describe().getJsonArray("keys").getValuesAs(JsonObject.class).stream()
                .filter(k -> k.getString("alias").equals(alias)).findFirst().orElseThrow();
    }

    private static InternalCheck.Result check(TestApp app) {
        InternalCheck check = app.context().internalChecks().stream()
                .filter(c -> c.name().equals("llm.key_pool")).findFirst().orElseThrow();
        return check.check();
    }

    /** Sends requests (all must succeed) until the fake has seen {@code key} {@code times} times. */
    private void sendUntil(TestApp app, String key, int times) {
        for (int i = 0; i < 60 && fake.calls(key) < times; i++) {
            Http.Res res = app.http().post(ROUTE, BODY);
            assertEquals(200, res.status(), res.toString());
        }
        assertEquals(times, fake.calls(key), key + " was picked (weighted random over 60 requests)");
    }

    private void sendOk(TestApp app, int n) {
        for (int i = 0; i < n; i++) {
            Http.Res res = app.http().post(ROUTE, BODY);
            assertEquals(200, res.status(), res.toString());
        }
    }

    @Test
    void a429KeyFailsOverToAHealthyOneCoolsDownAndRecovers() {
        fake.rateLimited("sk-1", null).answers("sk-2", "a cat");
        try (TestApp app = start("sk-1,sk-2")) {
            sendUntil(app, "sk-1", 1);
            JsonObject cooled = key(app, "key-1");
            assertEquals("cooldown", cooled.getString("state"));
            assertEquals("rate_limited", cooled.getString("reason"));
            assertEquals(clock.instant().plusSeconds(30).toString(), cooled.getString("until"));
            assertEquals(1, pool(app).healthyKeys());
            assertEquals(2, pool(app).activeKeys());
            assertEquals(InternalCheck.Result.OK, check(app).status(), "one healthy key is enough");

            int before = fake.calls("sk-2");
            sendOk(app, 10);
            assertEquals(1, fake.calls("sk-1"), "no traffic while cooling down");
            assertEquals(before + 10, fake.calls("sk-2"));

            clock.advance(Duration.ofSeconds(31));
            assertEquals("healthy", key(app, "key-1").getString("state"));
            fake.answers("sk-1", "a cat");
            sendUntil(app, "sk-1", 2);
        }
    }

    @Test
    void retryAfterFromTheUpstreamSetsTheCoolDown() {
        fake.rateLimited("sk-1", "120").answers("sk-2", "a cat");
        try (TestApp app = start("sk-1,sk-2")) {
            sendUntil(app, "sk-1", 1);
            assertEquals(clock.instant().plusSeconds(120).toString(), key(app, "key-1").getString("until"));
            clock.advance(Duration.ofSeconds(60));
            sendOk(app, 10);
            assertEquals(1, fake.calls("sk-1"));
        }
    }

    @Test
    void repeatedServerErrorsOpenAKeyAndATrialAfterTheOpenPeriodClosesIt() {
        fake.status("sk-1", 500).answers("sk-2", "a cat");
        try (TestApp app = PromptApps.builder(fake, "sk-1,sk-2").clock(clock).env("DEEPSEEK_KEY_FAILURE_THRESHOLD", "2").start()) {
            sendUntil(app, "sk-1", 2);
            JsonObject open = key(app, "key-1");
            assertEquals("open", open.getString("state"));
            assertEquals("server_error", open.getString("reason"));
            sendOk(app, 10);
            assertEquals(2, fake.calls("sk-1"), "an open key gets nothing");

            clock.advance(Duration.ofSeconds(30));
            assertEquals("half_open", key(app, "key-1").getString("state"));
            fake.answers("sk-1", "a cat");
            sendOk(app, 1);
            assertEquals(3, fake.calls("sk-1"), "the next request is the trial");
            assertEquals("healthy", key(app, "key-1").getString("state"));
        }
    }

    /**
     * Default breaker settings (the shared client's: 10 calls, 60 %). A burst sends many requests to a key that answers
     * 503 at once while the healthy key is still answering: with one breaker for the whole upstream, those fast failures
     * filled its window and opened it for every key. Each key has its own breaker, so the healthy key keeps answering.
     */
    @Test
    void oneKeysFailuresNeverOpenTheCircuitForTheHealthyKey() throws Exception {
        fake.status("sk-1", 503).answersSlowly("sk-2", "a cat", 300);
        try (TestApp app = PromptApps.builder(fake, "sk-1,sk-2").clock(clock).env("CIRCUIT_BREAKER_VOLUME", null).start()) {
            int n = 16;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Res>> burst = new ArrayList<>();
            try (ExecutorService threads = Executors.newFixedThreadPool(n)) {
                for (int i = 0; i < n; i++) {
                    burst.add(threads.submit(() -> {
                        go.await();
                        return app.http().post(ROUTE, BODY);
                    }));
                }
                go.countDown();
                for (Future<Http.Res> f : burst) {
                    assertEquals(200, f.get().status(), f.get().toString());
                }
            }
            assertTrue(fake.calls("sk-1") > 0, "the burst reached the failing key");

            fake.answers("sk-2", "a cat");
            sendOk(app, 10);
            // key-1 gets a trial on every request from now on, and fails it, until its own breaker opens
            for (int i = 0; i < 30 && !"open".equals(key(app, "key-1").getString("circuit")); i++) {
                clock.advance(Duration.ofSeconds(61));
                sendOk(app, 1);
            }
            assertEquals("open", key(app, "key-1").getString("circuit"), key(app, "key-1").toString());
            assertEquals("closed", key(app, "key-2").getString("circuit"));
            Map<String, String> breakers = app.context().upstreams().breakerStates();
            assertEquals("OPEN", breakers.get("deepseek:key-1"), breakers.toString());
            assertEquals("CLOSED", breakers.get("deepseek:key-2"), breakers.toString());
            assertFalse(breakers.containsKey("deepseek"), "no breaker shared by the keys: " + breakers);

            int failing = fake.calls("sk-1");
            clock.advance(Duration.ofSeconds(61));
            sendOk(app, 5);
            assertEquals(failing, fake.calls("sk-1"), "no trial while the key's breaker is open");
            assertEquals(1, pool(app).healthyKeys());
            assertEquals(InternalCheck.Result.OK, check(app).status(), "one key may take requests");
        }
    }

    @Test
    void aKeyThatHangsPastTheAttemptTimeoutFailsOverToAnotherKey() {
        fake.answersSlowly("sk-1", "too late", 3000).answers("sk-2", "a cat from key two");
        try (TestApp app = PromptApps.builder(fake, "sk-1,sk-2").clock(clock).env("UPSTREAM_TIMEOUT_MS", "300").start()) {
            List<RequestInfo> logged = new CopyOnWriteArrayList<>();
            app.context().addRequestListener((request, info, status, bytes) -> logged.add(info));
            for (int i = 0; i < 60 && fake.calls("sk-1") == 0; i++) {
                Http.Res res = app.http().post(ROUTE, BODY);
                assertEquals(200, res.status(), res.toString());
                assertEquals("a cat from key two", res.json().getString("optimized_text"), "only key-2 answers in time");
            }
            assertEquals(1, fake.calls("sk-1"), "key-1 was picked once (weighted random over 60 requests)");
            JsonObject slow = key(app, "key-1");
            assertEquals(1, slow.getInt("failures"));
            assertEquals(1, slow.getInt("consecutiveFailures"), "a timeout counts against the key");
            app.awaitIdle();
            RequestInfo failedOver = logged.stream().filter(info -> info.attempts() == 2).findFirst()
                    .orElseThrow(() -> new AssertionError("no request took two attempts"));
            assertEquals("key-2", failedOver.keyAlias());
        }
    }

    @Test
    void a401KeyIsDisabledUntilAnOperatorResetsIt() {
        fake.status("sk-1", 401).answers("sk-2", "a cat");
        try (TestApp app = start("sk-1,sk-2")) {
            sendUntil(app, "sk-1", 1);
            JsonObject disabled = key(app, "key-1");
            assertEquals("disabled", disabled.getString("state"));
            assertEquals("unauthorized", disabled.getString("reason"));
            assertEquals(1, pool(app).activeKeys());
            clock.advance(Duration.ofDays(2));
            sendOk(app, 10);
            assertEquals(1, fake.calls("sk-1"), "a disabled key never comes back by itself");

            String reset = "/internal/keys/reset";
            assertEquals(401, app.http().post(reset, "{}").status());
            assertEquals(401, app.http().post(reset, "{}", "Authorization", "Bearer wrong").status());
            assertEquals(401, app.http().post(reset + "?token=" + TestEnv.HEALTH_TOKEN, "{}").status(), "header only");
            Http.Res unknown = app.http().post(reset, "{\"alias\":\"key-7\"}", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            assertEquals(404, unknown.status());
            assertEquals(400, app.http().post(reset, "{\"alias\":7}", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN).status());
            Http.Res ok = app.http().post(reset, "{\"alias\":\"key-1\"}", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            assertEquals(200, ok.status(), ok.toString());
            assertEquals("key-1", ok.json().getJsonArray("reset").getString(0));
            assertFalse(ok.body().contains("sk-1"), "the answer never shows a key");
            assertEquals("healthy", key(app, "key-1").getString("state"));

            fake.answers("sk-1", "a cat");
            sendUntil(app, "sk-1", 2);
        }
    }

    @Test
    void a402KeyIsDisabledToo() {
        fake.status("sk-1", 402).answers("sk-2", "a cat");
        try (TestApp app = start("sk-1,sk-2")) {
            sendUntil(app, "sk-1", 1);
            assertEquals("payment_required", key(app, "key-1").getString("reason"));
        }
    }

    @Test
    void everyKeyRateLimitedIsAClear503WithRetryAfterAndNoFurtherCalls() {
        fake.rateLimited("sk-1", "60").rateLimited("sk-2", "90");
        try (TestApp app = start("sk-1,sk-2")) {
            Http.Res first = app.http().post(ROUTE, BODY);
            assertEquals(503, first.status(), first.toString());
            assertEquals("优化API调用失败: AI服务繁忙，请稍后再试", first.json().getString("error"));
            assertEquals("upstream_busy", first.json().getString("code"));
            assertEquals("一只猫", first.json().getString("optimized_text"));
            assertEquals("60", first.header("Retry-After").orElseThrow(), "until the first key recovers");
            assertEquals(1, fake.calls("sk-1"));
            assertEquals(1, fake.calls("sk-2"));

            Http.Res second = app.http().post(ROUTE, BODY);
            assertEquals(503, second.status());
            assertEquals("upstream_busy", second.json().getString("code"));
            assertEquals(2, fake.calls(), "no key may be used: no call at all");
            assertEquals(0, pool(app).healthyKeys());
            assertEquals(InternalCheck.Result.DEGRADED, check(app).status());

            clock.advance(Duration.ofSeconds(60));
            fake.answers("sk-1", "a cat");
            assertEquals(200, app.http().post(ROUTE, BODY).status(), "key-1 recovered");
        }
    }

    @Test
    void everyKeyDisabledIsA503UnavailableAndAnErrorInHealth() {
        fake.status("sk-1", 401).status("sk-2", 402);
        try (TestApp app = start("sk-1,sk-2")) {
            Http.Res res = app.http().post("/api/translate", BODY);
            assertEquals(503, res.status(), res.toString());
            assertEquals("DeepSeek Chat Completions调用失败: AI服务暂时不可用，请稍后再试", res.json().getString("error"));
            assertEquals("upstream_unavailable", res.json().getString("code"));
            assertTrue(res.header("Retry-After").isEmpty(), "nothing recovers by itself");
            assertEquals(0, pool(app).activeKeys());
            InternalCheck.Result result = check(app);
            assertEquals(InternalCheck.Result.ERROR, result.status());
            assertFalse(result.details().toString().contains("sk-"), result.details().toString());
        }
    }

    @Test
    void droppedConnectionsFailOverToo() {
        fake.drops("sk-1").answers("sk-2", "a cat");
        try (TestApp app = start("sk-1,sk-2")) {
            sendUntil(app, "sk-1", 1);
            assertEquals(1, key(app, "key-1").getInt("consecutiveFailures"));
        }
    }

    @Test
    void theHealthCheckAndMetricsShowThePool() {
        fake.rateLimited("sk-1", null).answers("sk-2", "a cat");
        try (TestApp app = start("sk-1,sk-2")) {
            InternalCheck.Result fresh = check(app);
            assertEquals(InternalCheck.Result.OK, fresh.status());
            assertEquals(2, fresh.details().getInt("healthy"));
            assertEquals("deepseek", fresh.details().getString("upstream"));

            sendUntil(app, "sk-1", 1);
            String metrics = app.http().get("/observe/metrics").body();
            assertTrue(metrics.contains("active_api_keys{") && metricValue(metrics, "active_api_keys") == 2.0, metrics);
            assertEquals(1.0, metricValue(metrics, "healthy_api_keys"));
            assertTrue(metrics.contains("text2media_llm_key_calls_total{alias=\"key-1\",outcome=\"rate_limited\""), metrics);
            assertFalse(metrics.contains("sk-1"));
        }
    }

    @Test
    void withoutKeysTheCheckIsDegraded() {
        try (TestApp app = PromptApps.builder(fake, "").start()) {
            InternalCheck.Result result = check(app);
            assertEquals(InternalCheck.Result.DEGRADED, result.status());
            assertEquals(0, result.details().getJsonArray("keys").size());
        }
    }

    private static double metricValue(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
