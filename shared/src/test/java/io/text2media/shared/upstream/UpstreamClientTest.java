package io.text2media.shared.upstream;

import io.text2media.shared.config.OutboundProxySettings;
import io.text2media.shared.config.UpstreamSettings;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared upstream policy against a fake upstream on loopback, faults included: exact attempts, bounded time. */
class UpstreamClientTest {
    private static final Duration DEADLINE = Duration.ofMillis(2000);
    private WireMockServer fake;
    private Upstreams upstreams;

    @BeforeEach
    void start() {
        fake = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        fake.start();
        // Generous per-attempt time for the tests about statuses (a loaded machine must not turn them into timeouts);
        // the timeout tests use their own tighter policy.
        UpstreamSettings settings = new UpstreamSettings(3, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(15), 4, 50, Duration.ofSeconds(30));
        upstreams = new Upstreams(settings, OutboundProxySettings.NONE, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fake.stop();
    }

    private URI uri(String path) {
        return URI.create(fake.baseUrl() + path);
    }

    private UpstreamClient client() {
        return upstreams.client("fake-" + System.nanoTime());
    }

    /** 500 ms per attempt, 2 s for the call: for the tests about time. */
    private UpstreamClient tightClient() {
        return upstreams.client("tight-" + System.nanoTime(),
                upstreams.defaultPolicy().withTimeouts(Duration.ofMillis(500), DEADLINE));
    }

    @Test
    void a429WithRetryAfterIsHonouredThenSucceeds() {
        fake.stubFor(get(urlEqualTo("/img")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("slow down"))
                .willSetStateTo("ok"));
        fake.stubFor(get(urlEqualTo("/img")).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody("PNG")));
        long start = System.nanoTime();
        try (UpstreamResponse res = client().send(UpstreamRequest.get(uri("/img")))) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, res.status());
            assertEquals(2, res.attempts());
            assertEquals("image/png", res.mediaType().orElseThrow());
            assertEquals("PNG", new String(res.bytes(100), StandardCharsets.UTF_8));
            assertTrue(elapsed >= 1000, "waited for Retry-After: " + elapsed);
        }
        fake.verify(2, getRequestedFor(urlEqualTo("/img")));
    }

    @Test
    void threeServiceUnavailableAnswersAreExactlyThreeAttemptsThenBusy() {
        fake.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(503).withBody("upstream secret body")));
        UpstreamException e = assertThrows(UpstreamException.class, () -> client().send(UpstreamRequest.get(uri("/x"))));
        assertEquals(UpstreamException.Kind.BUSY, e.kind());
        assertEquals(503, e.kind().clientStatus());
        assertEquals(3, e.attempts());
        assertEquals(503, e.lastStatus());
        assertTrue(!e.getMessage().contains("secret"), "the upstream body is never carried");
        fake.verify(3, getRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void serverErrorsAreRetriedThenABadAnswer() {
        fake.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(500)));
        UpstreamException e = assertThrows(UpstreamException.class, () -> client().send(UpstreamRequest.get(uri("/x"))));
        assertEquals(UpstreamException.Kind.BAD_ANSWER, e.kind());
        assertEquals(502, e.kind().clientStatus());
        fake.verify(3, getRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aNotFoundIsNotRetried() {
        fake.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(404).withBody("nope")));
        try (UpstreamResponse res = client().send(UpstreamRequest.get(uri("/x")))) {
            assertEquals(404, res.status());
            assertEquals(1, res.attempts());
        }
        fake.verify(1, getRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aHangingUpstreamTimesOutWithinTheDeadline() {
        fake.stubFor(get(urlEqualTo("/hang")).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        long start = System.nanoTime();
        UpstreamException e = assertThrows(UpstreamException.class, () -> tightClient().send(UpstreamRequest.get(uri("/hang"))));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertEquals(UpstreamException.Kind.TIMEOUT, e.kind());
        assertEquals(504, e.kind().clientStatus());
        assertEquals(3, e.attempts(), "three 500 ms attempts fit in the 2 s deadline");
        assertTrue(elapsed < DEADLINE.toMillis() + 300, "nothing waits past the deadline: " + elapsed);
        assertTrue(elapsed >= 1500, "each attempt had its own 500 ms: " + elapsed);
    }

    @Test
    void theDeadlineStopsAHangEvenWhenOneAttemptMayTakeLonger() {
        fake.stubFor(get(urlEqualTo("/hang")).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        UpstreamClient client = upstreams.client("long-attempts-" + System.nanoTime(),
                upstreams.defaultPolicy().withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(1500)));
        long start = System.nanoTime();
        UpstreamException e = assertThrows(UpstreamException.class, () -> client.send(UpstreamRequest.get(uri("/hang"))));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertEquals(UpstreamException.Kind.TIMEOUT, e.kind());
        assertEquals(1, e.attempts(), "the first attempt used the whole deadline");
        assertTrue(elapsed >= 1400 && elapsed < 2500, "stopped by the 1.5 s deadline, not the 10 s attempt: " + elapsed);
    }

    @Test
    void aBodyTrickledPastTheDeadlineIsCutOffAsATimeout() {
        // Headers at once, then 40 chunks over 8 s: every read is quick, only the deadline can stop it.
        fake.stubFor(get(urlEqualTo("/trickle")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(new byte[4000]).withChunkedDribbleDelay(40, 8000)));
        UpstreamClient client = upstreams.client("trickle-" + System.nanoTime(),
                upstreams.defaultPolicy().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(1500)));
        long start = System.nanoTime();
        try (UpstreamResponse res = client.send(UpstreamRequest.get(uri("/trickle")))) {
            assertEquals(200, res.status());
            UpstreamException e = assertThrows(UpstreamException.class, () -> res.bytes(1_000_000));
            assertEquals(UpstreamException.Kind.TIMEOUT, e.kind());
            assertEquals(504, e.kind().clientStatus());
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed < 2500, "the body read ended at the deadline: " + elapsed);
    }

    @Test
    void aBodyThatArrivesInTimeIsReadWhole() {
        fake.stubFor(get(urlEqualTo("/slowish")).willReturn(aResponse().withStatus(200)
                .withBody(new byte[4000]).withChunkedDribbleDelay(4, 400)));
        UpstreamClient client = upstreams.client("slowish-" + System.nanoTime(),
                upstreams.defaultPolicy().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        try (UpstreamResponse res = client.send(UpstreamRequest.get(uri("/slowish")))) {
            assertEquals(4000, res.bytes(1_000_000).length);
        }
    }

    @Test
    void aLargeBodyOfDeclaredLengthArrivesByteForByte() {
        byte[] image = new byte[300_000];
        new java.util.Random(7).nextBytes(image);
        fake.stubFor(get(urlEqualTo("/big")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(image)));
        try (UpstreamResponse res = client().send(UpstreamRequest.get(uri("/big")))) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(image, res.bytes(1_000_000));
        }
    }

    @Test
    void aBodyIsReadInSlicesTheSizeOfHelidonsSocketReads() throws java.io.IOException {
        byte[] body = new byte[100 * 1024];
        java.util.List<Integer> asked = new java.util.ArrayList<>();
        java.io.InputStream source = new java.io.ByteArrayInputStream(new byte[body.length]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                asked.add(len);
                return super.read(b, off, Math.min(len, 3000)); // a socket hands over less than asked
            }
        };
        assertEquals(body.length, UpstreamResponse.readSliced(source, body));
        // Helidon allocates the size asked for on every read: never more than one socket read's worth
        assertTrue(asked.stream().allMatch(len -> len <= UpstreamResponse.READ_SLICE), "asked for " + asked);
    }

    @Test
    void anOpenBreakerLetsATrialCallThroughAfterItsDelayAndClosesOnSuccess() throws InterruptedException {
        UpstreamSettings quick = new UpstreamSettings(1, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(15), 4, 50, Duration.ofMillis(300));
        Upstreams own = new Upstreams(quick, OutboundProxySettings.NONE, Clock.systemUTC());
        UpstreamClient client = own.client("recovering");
        fake.stubFor(get(urlEqualTo("/flaky")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThrows(UpstreamException.class, () -> client.send(UpstreamRequest.get(uri("/flaky"))));
        }
        assertEquals("OPEN", own.breakerStates().get("recovering"));
        fake.resetAll();
        fake.stubFor(get(urlEqualTo("/flaky")).willReturn(aResponse().withStatus(200).withBody("back")));
        Thread.sleep(500); // past the breaker's 300 ms delay
        try (UpstreamResponse res = client.send(UpstreamRequest.get(uri("/flaky")))) {
            assertEquals(200, res.status());
        }
        assertEquals("CLOSED", own.breakerStates().get("recovering"));
        fake.verify(1, getRequestedFor(urlEqualTo("/flaky")));
    }

    @Test
    void aDroppedConnectionIsRetried() {
        fake.stubFor(get(urlEqualTo("/drop")).inScenario("drop").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        fake.stubFor(get(urlEqualTo("/drop")).inScenario("drop").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("fine")));
        try (UpstreamResponse res = client().send(UpstreamRequest.get(uri("/drop")))) {
            assertEquals(200, res.status());
            assertEquals(2, res.attempts());
        }
        fake.verify(2, getRequestedFor(urlEqualTo("/drop")));
    }

    @Test
    void aConnectionThatAlwaysDropsIsABadAnswerAfterEveryAttempt() {
        fake.stubFor(get(urlEqualTo("/drop")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        UpstreamException e = assertThrows(UpstreamException.class, () -> client().send(UpstreamRequest.get(uri("/drop"))));
        assertEquals(UpstreamException.Kind.BAD_ANSWER, e.kind());
        assertEquals(3, e.attempts());
        fake.verify(3, getRequestedFor(urlEqualTo("/drop")));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsAtOnceInsteadOfAnsweringLate() {
        fake.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        long start = System.nanoTime();
        UpstreamException e = assertThrows(UpstreamException.class, () -> tightClient().send(UpstreamRequest.get(uri("/x"))));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
        assertEquals(UpstreamException.Kind.BUSY, e.kind());
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        fake.verify(1, getRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aRefusedConnectionIsRetriedAndEndsAsABadAnswer() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        UpstreamException e = assertThrows(UpstreamException.class,
                () -> client().send(UpstreamRequest.get(URI.create("http://127.0.0.1:" + closedPort + "/x"))));
        assertEquals(UpstreamException.Kind.BAD_ANSWER, e.kind());
        assertEquals(3, e.attempts());
    }

    @Test
    void theCircuitBreakerFailsFastWhileOpen() {
        fake.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
        UpstreamClient client = upstreams.client("breaker-test", upstreams.defaultPolicy().withMaxAttempts(1));
        for (int i = 0; i < 4; i++) {
            assertThrows(UpstreamException.class, () -> client.send(UpstreamRequest.get(uri("/down"))));
        }
        fake.verify(4, getRequestedFor(urlEqualTo("/down")));
        assertEquals("OPEN", upstreams.breakerStates().get("breaker-test"));
        UpstreamException open = assertThrows(UpstreamException.class, () -> client.send(UpstreamRequest.get(uri("/down"))));
        assertEquals(UpstreamException.Kind.CIRCUIT_OPEN, open.kind());
        assertEquals(503, open.kind().clientStatus());
        fake.verify(4, getRequestedFor(urlEqualTo("/down")));
    }

    @Test
    void eachKeyOfAnUpstreamHasItsOwnBreaker() {
        fake.stubFor(get(urlEqualTo("/bad-key")).willReturn(aResponse().withStatus(500)));
        fake.stubFor(get(urlEqualTo("/good-key")).willReturn(aResponse().withStatus(200).withBody("ok")));
        RetryPolicy once = upstreams.defaultPolicy().withMaxAttempts(1);
        UpstreamClient bad = upstreams.client("llm", "key-1", once);
        UpstreamClient good = upstreams.client("llm", "key-2", once);
        for (int i = 0; i < 4; i++) {
            assertThrows(UpstreamException.class, () -> bad.send(UpstreamRequest.get(uri("/bad-key"))));
        }
        assertEquals("OPEN", upstreams.breakerStates().get("llm:key-1"));
        assertTrue(upstreams.breakerOpen(Upstreams.breakerName("llm", "key-1")));
        assertEquals(UpstreamException.Kind.CIRCUIT_OPEN,
                assertThrows(UpstreamException.class, () -> bad.send(UpstreamRequest.get(uri("/bad-key")))).kind());
        assertEquals("llm", bad.name(), "errors and logs still name the upstream");

        try (UpstreamResponse res = good.send(UpstreamRequest.get(uri("/good-key")))) {
            assertEquals(200, res.status(), "another key's breaker is not affected");
        }
        assertEquals("CLOSED", upstreams.breakerStates().get("llm:key-2"));
        assertEquals(null, upstreams.breakerStates().get("llm"), "no upstream-wide breaker was created");
        assertTrue(!upstreams.breakerOpen("llm"));
    }

    @Test
    void rateLimitingDoesNotOpenTheBreaker() {
        fake.stubFor(get(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429)));
        UpstreamClient client = upstreams.client("busy-test", upstreams.defaultPolicy().withMaxAttempts(1));
        for (int i = 0; i < 6; i++) {
            assertEquals(UpstreamException.Kind.BUSY,
                    assertThrows(UpstreamException.class, () -> client.send(UpstreamRequest.get(uri("/busy")))).kind());
        }
        assertEquals("CLOSED", upstreams.breakerStates().get("busy-test"));
    }

    @Test
    void aPostThatMayHaveBeenActedOnIsNotRetriedButARefusedOneIs() {
        fake.stubFor(post(urlEqualTo("/speech")).willReturn(aResponse().withStatus(500)));
        UpstreamRequest request = UpstreamRequest.post(uri("/speech"), "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(UpstreamException.class, () -> client().send(request));
        fake.verify(1, postRequestedFor(urlEqualTo("/speech")));

        fake.resetAll();
        fake.stubFor(post(urlEqualTo("/speech")).willReturn(aResponse().withStatus(503)));
        assertThrows(UpstreamException.class, () -> client().send(request));
        fake.verify(3, postRequestedFor(urlEqualTo("/speech")));
    }

    @Test
    void bodiesOverTheCallersLimitAreRefused() {
        fake.stubFor(get(urlEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody(new byte[5000])));
        try (UpstreamResponse res = client().send(UpstreamRequest.get(uri("/big")))) {
            assertThrows(UpstreamResponse.UpstreamBodyTooLargeException.class, () -> res.bytes(1000));
        }
    }

    @Test
    void retryAfterParsesSecondsAndDates() {
        Clock clock = Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", clock).orElseThrow());
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", clock).orElseThrow());
        assertTrue(RetryAfter.parse("soon", clock).isEmpty());
        assertTrue(RetryAfter.parse("-3", clock).isEmpty());
        assertEquals(1, RetryAfter.seconds(Duration.ofMillis(10)));
        assertEquals(3, RetryAfter.seconds(Duration.ofMillis(2001)));
    }

    @Test
    void backoffDoublesWithJitterBetweenHalfAndAll() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(400), Duration.ofSeconds(1), Duration.ofSeconds(10));
        for (int i = 0; i < 50; i++) {
            long second = policy.backoff(2).toMillis();
            long third = policy.backoff(3).toMillis();
            assertTrue(second >= 200 && second <= 400, "attempt 2: " + second);
            assertTrue(third >= 400 && third <= 800, "attempt 3: " + third);
        }
    }

    @Test
    void theRawPathAndQueryReachTheUpstreamExactlyAsGiven() {
        fake.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(aResponse().withStatus(200)));
        String target = "/image/a%20cat%20%E7%8C%AB%20%26%20dog%2F%3F?width=512&seed=42&negative_prompt=blurry%2C+ugly&model=zimage";
        try (UpstreamResponse res = client().send(UpstreamRequest.get(uri(target)))) {
            assertEquals(200, res.status());
        }
        assertEquals(target, fake.getAllServeEvents().getFirst().getRequest().getUrl());
    }
}
