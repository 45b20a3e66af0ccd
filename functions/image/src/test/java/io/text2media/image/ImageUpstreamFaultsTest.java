package io.text2media.image;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared upstream policy (design.md §5.9) seen through the image routes, against a fake Pollinations with faults:
 * exact attempts, statuses, Retry-After, bounded time, and the attempts recorded for the request log.
 */
class ImageUpstreamFaultsTest {
    private static final String GENERATE = "{\"text\":\"cat\",\"type\":\"image\"}";
    private final FakePollinations fake = new FakePollinations();
    private final List<RequestInfo> completed = new CopyOnWriteArrayList<>();
    private TestApp app;

    private TestApp start(Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(fake.env());
        env.putAll(overrides);
        app = TestApp.builder().provider(new ImageProvider()).env(env).start();
        app.context().addRequestListener((req, info, status, bytes) -> completed.add(info));
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        fake.close();
    }

    /** The info of the n-th completed request (listeners run just after the answer is sent). */
    private RequestInfo info(int n) {
        io.text2media.shared.testing.Waits.until("request " + n + " completed", 5000, () -> completed.size() >= n);
        return completed.get(n - 1);
    }

    @Test
    void a429WithRetryAfterThenSuccessSucceeds() {
        start(Map.of());
        fake.server.stubFor(get(anyUrl()).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        fake.server.stubFor(get(anyUrl()).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(new byte[] {1, 2})));
        long start = System.nanoTime();
        Http.Res res = app.http().post("/api/generate", GENERATE);
        assertEquals(200, res.status(), res.toString());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 900, "waited for Retry-After");
        assertEquals(2, fake.requests());
        assertEquals(2, info(1).attempts());
        assertEquals("pollinations-image", info(1).upstream());
        assertEquals("flux", info(1).model());
    }

    @Test
    void threeServiceUnavailableAnswersAreExactlyThreeAttemptsThenA503() {
        start(Map.of());
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")
                .withBody("upstream secret")));
        Http.Res res = app.http().post("/api/generate", GENERATE);
        assertEquals(503, res.status(), res.toString());
        assertEquals("upstream_busy", res.json().getString("code"));
        assertTrue(res.json().getString("error").startsWith("图片生成失败: Pollinations Image API 繁忙"), res.body());
        assertFalse(res.body().contains("secret"));
        assertEquals(3, fake.requests());
        assertEquals(3, info(1).attempts());
    }

    @Test
    void aBusyUpstreamsRetryAfterIsPassedOnToTheClient() {
        start(Map.of("UPSTREAM_TIMEOUT_MS", "2000", "UPSTREAM_DEADLINE_MS", "3000"));
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));
        Http.Res res = app.http().post("/api/generate/image", "{\"text\":\"cat\"}");
        assertEquals(503, res.status());
        assertEquals("60", res.header("Retry-After").orElseThrow());
        assertEquals(1, fake.requests(), "a wait past the deadline is not slept");
    }

    @Test
    void aNotFoundIsNotRetried() {
        start(Map.of());
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404).withBody("no such model")));
        Http.Res res = app.http().post("/api/generate", GENERATE);
        assertEquals(502, res.status());
        assertEquals("图片生成失败: Pollinations Image API调用失败 (HTTP 404)", res.json().getString("error"));
        assertEquals(1, fake.requests());
    }

    @Test
    void aHangingUpstreamIsA504WithinTheDeadline() {
        start(Map.of("UPSTREAM_TIMEOUT_MS", "500", "UPSTREAM_DEADLINE_MS", "1500"));
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
        long start = System.nanoTime();
        Http.Res res = app.http().post("/api/generate", GENERATE);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, res.status(), res.toString());
        assertEquals("upstream_timeout", res.json().getString("code"));
        assertTrue(elapsed < 10_000, "answered near the 1.5 s deadline, not after the 20 s hang: " + elapsed);
    }

    @Test
    void aDroppedConnectionIsRetriedAndThenSucceeds() {
        start(Map.of());
        fake.server.stubFor(get(anyUrl()).inScenario("drop").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        fake.server.stubFor(get(anyUrl()).inScenario("drop").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/webp").withBody(new byte[] {7})));
        Http.Res res = app.http().post("/api/generate", GENERATE);
        assertEquals(200, res.status(), res.toString());
        assertEquals("image/webp", res.json().getString("content_type"));
        assertEquals(2, fake.requests());
    }

    @Test
    void aConnectionThatAlwaysDropsIsA502AfterEveryAttempt() {
        start(Map.of());
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        Http.Res res = app.http().post("/api/generate", GENERATE);
        assertEquals(502, res.status());
        assertEquals("图片生成失败: Pollinations Image API调用失败: 连接中断", res.json().getString("error"));
        assertEquals(3, fake.requests());
    }

    @Test
    void theCircuitBreakerFailsFastWhileOpen() {
        start(Map.of("FETCH_RETRY_MAX", "1", "CIRCUIT_BREAKER_VOLUME", "4", "CIRCUIT_BREAKER_ERROR_RATIO", "50",
                "CIRCUIT_BREAKER_DELAY_MS", "60000"));
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertEquals(502, app.http().post("/api/generate", GENERATE).status());
        }
        assertEquals(4, fake.requests());
        Http.Res open = app.http().post("/api/generate", GENERATE);
        assertEquals(503, open.status());
        assertEquals("upstream_unavailable", open.json().getString("code"));
        assertEquals("图片生成失败: Pollinations Image API 暂时不可用，请稍后再试", open.json().getString("error"));
        assertEquals(4, fake.requests(), "no call while the circuit is open");
        assertEquals(0, info(5).attempts());
    }
}
