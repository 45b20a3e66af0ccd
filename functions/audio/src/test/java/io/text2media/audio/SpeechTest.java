package io.text2media.audio;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.StreamedAnswer;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.Waits;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speech (original-contract.md §4.8 type=audio) with design.md §5.9-§5.10: the original's upstream body, the upstream's
 * real audio type, streaming, the shared policy for a POST, validation, and what the request log records.
 */
class SpeechTest {
    static final String TOKEN = "sk_speech_test";
    private final WireMockServer fake = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final List<RequestInfo> completed = new CopyOnWriteArrayList<>();
    private TestApp app;

    private TestApp start(Map<String, String> overrides) {
        fake.start();
        Map<String, String> env = new HashMap<>();
        env.put("POLLINATIONS_API_TOKEN", TOKEN);
        env.put("POLLINATIONS_GEN_API_BASE", "http://127.0.0.1:1");
        env.put("POLLINATIONS_TEXT_API_BASE", fake.baseUrl());
        env.put("FETCH_RETRY_INITIAL_DELAY_MS", "20");
        env.put("UPSTREAM_TIMEOUT_MS", "10000");
        env.put("UPSTREAM_DEADLINE_MS", "20000");
        env.put("RATE_LIMIT_ANON_PER_MINUTE", "1000");
        env.put("RATE_LIMIT_ANON_PER_DAY", "1000");
        env.putAll(overrides);
        app = TestApp.builder().provider(new AudioProvider()).env(env).start();
        app.context().addRequestListener((req, info, status, bytes) -> completed.add(info));
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        fake.stop();
    }

    private void upstreamAnswers(int status, String type, byte[] body) {
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withStatus(status).withHeader("Content-Type", type).withBody(body)));
    }

    private String sentBody() {
        return fake.getAllServeEvents().getFirst().getRequest().getBodyAsString();
    }

    private RequestInfo info(int n) {
        Waits.until("request " + n + " completed", 5000, () -> completed.size() >= n);
        return completed.get(n - 1);
    }

    @Test
    void theUpstreamGetsTheOriginalsBodyInItsKeyOrder() {
        start(Map.of());
        upstreamAnswers(200, "audio/mpeg", new byte[] {1, 2, 3});
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"你好\",\"voice\":\"alloy\",\"speed\":1.5,\"mode\":\"tts\",\"model\":\"tts-1\"}");
        assertEquals(200, res.status(), res.toString());
        assertEquals("{\"model\":\"openai-audio\",\"input\":\"你好\",\"voice\":\"alloy\",\"response_format\":\"mp3\",\"speed\":1.5}", sentBody());
        assertEquals("Bearer " + TOKEN, fake.getAllServeEvents().getFirst().getRequest().getHeader("Authorization"));
        assertEquals("application/json", fake.getAllServeEvents().getFirst().getRequest().getHeader("Content-Type"));
        RequestInfo info = info(1);
        assertEquals("pollinations-speech", info.upstream());
        assertEquals("openai-audio", info.model(), "what upstream got");
        assertEquals("tts-1", info.originalModel(), "what the client asked for");
        assertTrue(info.stream());
        assertEquals(1, info.attempts());
    }

    @Test
    void theDefaultVoiceAndSpeedOneAreNotSentAsSpeed() {
        start(Map.of("DEFAULT_AUDIO_VOICE", "echo", "DEFAULT_AUDIO_MODEL", "my-model"));
        upstreamAnswers(200, "audio/mpeg", new byte[] {1});
        app.http().post("/api/generate/audio", "{\"text\":\"hi\",\"speed\":1}");
        assertEquals("{\"model\":\"openai-audio\",\"input\":\"hi\",\"voice\":\"echo\",\"response_format\":\"mp3\"}", sentBody());
        assertEquals("my-model", info(1).originalModel());
        fake.resetRequests();
        app.http().post("/api/generate/audio", "{\"text\":\"hi\",\"speed\":\"2.0\"}");
        assertEquals("{\"model\":\"openai-audio\",\"input\":\"hi\",\"voice\":\"echo\",\"response_format\":\"mp3\",\"speed\":2}", sentBody());
    }

    @Test
    void theAudioIsPassedOnWithTheUpstreamsOwnType() {
        start(Map.of());
        byte[] audio = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(audio);
        upstreamAnswers(200, "audio/wav", audio);
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(200, res.status());
        assertEquals("audio/wav", res.header("Content-Type").orElseThrow(), "not a hard-coded audio/mpeg");
        assertArrayEquals(audio, res.bytes());
    }

    @Test
    void bytesReachTheClientWhileTheUpstreamIsStillSending() throws Exception {
        start(Map.of());
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg")
                .withBody(new byte[400_000]).withChunkedDribbleDelay(8, 4000)));
        StreamedAnswer answer = StreamedAnswer.post(app.uri("/api/generate/audio"), "{\"text\":\"hi\"}");
        assertEquals(400_000, answer.bytes());
        assertTrue(answer.spreadMillis() >= 1500, "the first bytes came well before the last (streamed, not buffered): "
                + answer);
    }

    @Test
    void aClientThatLeavesMidStreamNeitherHangsNorBreaksTheFunction() throws Exception {
        start(Map.of());
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg")
                .withBody(new byte[16_000_000]).withChunkedDribbleDelay(40, 4000)));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            byte[] body = "{\"text\":\"hi\"}".getBytes();
            socket.getOutputStream().write(("POST /api/generate/audio HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes());
            socket.getOutputStream().write(body);
            assertTrue(socket.getInputStream().readNBytes(1000).length == 1000, "the audio started");
        }
        // Helidon 4.1.7's response stream does not report the vanished client, so the call ends when the upstream's
        // body does (bounded by UPSTREAM_TIMEOUT_MS between reads): it must end, and leave nothing stuck behind.
        Waits.until("the abandoned call ended", 30_000, () -> !completed.isEmpty());
        upstreamAnswers(200, "audio/mpeg", new byte[] {4, 2});
        Http.Res next = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(200, next.status());
        assertArrayEquals(new byte[] {4, 2}, next.bytes());
    }

    @Test
    void anUpstreamThatDropsMidStreamLeavesTheAnswerVisiblyIncomplete() throws Exception {
        // A raw upstream: 200, chunked, one 64 KiB chunk of audio, then the connection drops.
        try (java.net.ServerSocket upstream = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = upstream.accept()) {
                    java.io.InputStream in = s.getInputStream();
                    byte[] request = new byte[4096];
                    in.read(request); // the request; its body is not looked at
                    java.io.OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "10000\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(new byte[0x10000]);
                    out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException ignored) {
                    // the test sees the outcome
                }
            });
            start(Map.of("POLLINATIONS_TEXT_API_BASE", "http://127.0.0.1:" + upstream.getLocalPort()));
            byte[] answer;
            try (java.net.Socket client = new java.net.Socket("127.0.0.1", app.port())) {
                client.setSoTimeout(10_000);
                byte[] body = "{\"text\":\"hi\"}".getBytes();
                client.getOutputStream().write(("POST /api/generate/audio HTTP/1.1\r\nHost: x\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes());
                client.getOutputStream().write(body);
                answer = client.getInputStream().readAllBytes(); // to the end of the connection
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the connection was kept open, as after a whole answer", e);
            }
            String text = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200"), text.substring(0, Math.min(200, text.length())));
            assertTrue(answer.length > 0x10000, "the audio sent before the drop reached the client: " + answer.length);
            assertFalse(text.endsWith("\r\n0\r\n\r\n"), "no terminating chunk: the client can tell it is incomplete");
            assertEquals("stream_aborted", info(1).errorCode());
        }
    }

    @Test
    void aNonAudioAnswerIsA502WithoutItsBody() {
        start(Map.of());
        upstreamAnswers(200, "application/json", "{\"error\":\"secret\"}".getBytes());
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(502, res.status());
        assertEquals("音频生成失败: Pollinations TTS API 返回的内容不是音频", res.json().getString("error"));
        assertFalse(res.body().contains("secret"));
    }

    @Test
    void aServerErrorOnAPostIsNotRetried() {
        start(Map.of());
        upstreamAnswers(500, "text/plain", "boom".getBytes());
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(502, res.status());
        assertEquals("音频生成失败: Pollinations TTS API调用失败 (HTTP 500)", res.json().getString("error"));
        assertEquals(1, fake.getAllServeEvents().size(), "the speech may have been made: not paid for twice");
    }

    @Test
    void aDroppedConnectionOnAPostIsA502AfterOneAttempt() {
        start(Map.of());
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(502, res.status());
        assertEquals(1, fake.getAllServeEvents().size());
    }

    @Test
    void aRefusalIsRetriedAndThenSucceeds() {
        start(Map.of());
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(new byte[] {9})));
        assertEquals(200, app.http().post("/api/generate/audio", "{\"text\":\"hi\"}").status());
        assertEquals(2, fake.getAllServeEvents().size());
        assertEquals(2, info(1).attempts());
    }

    @Test
    void aBusyUpstreamIsA503AfterThreeAttempts() {
        start(Map.of());
        upstreamAnswers(429, "text/plain", new byte[0]);
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(503, res.status());
        assertEquals("upstream_busy", res.json().getString("code"));
        assertTrue(res.json().getString("error").startsWith("音频生成失败: Pollinations TTS API 繁忙"));
        assertEquals(3, fake.getAllServeEvents().size());
    }

    @Test
    void withoutATokenItIsTheOriginalsMessageAndNoCall() {
        start(Map.of("POLLINATIONS_API_TOKEN", ""));
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(500, res.status());
        assertEquals("音频生成失败: 语音生成需要 API Key。请在 Cloudflare Workers 环境变量中配置 POLLINATIONS_API_TOKEN。"
                + "获取方式：访问 https://enter.pollinations.ai", res.json().getString("error"));
        assertEquals(0, fake.getAllServeEvents().size());
    }

    @Test
    void badInputIsA400NamingTheField() {
        start(Map.of("AUDIO_VOICES", "nova,alloy"));
        upstreamAnswers(200, "audio/mpeg", new byte[] {1});
        Http http = app.http();
        assertEquals("生成请求体必须为 JSON", http.post("/api/generate/audio", "nope").json().getString("error"));
        assertEquals("缺少必要的参数: text", http.post("/api/generate/audio", "{\"voice\":\"nova\"}").json().getString("error"));
        Map<String, String> cases = Map.of(
                "{\"text\":123}", "text",
                "{\"text\":\"" + "a".repeat(2001) + "\"}", "text",
                "{\"text\":\"hi\",\"voice\":\"echo\"}", "voice",
                "{\"text\":\"hi\",\"voice\":7}", "voice",
                "{\"text\":\"hi\",\"speed\":5}", "speed",
                "{\"text\":\"hi\",\"speed\":0.1}", "speed",
                "{\"text\":\"hi\",\"speed\":\"fast\"}", "speed",
                "{\"text\":\"hi\",\"model\":[1]}", "model");
        cases.forEach((body, field) -> {
            Http.Res res = http.post("/api/generate/audio", body);
            assertEquals(400, res.status(), body + " -> " + res);
            assertEquals(field, res.json().getString("field"), body);
        });
        assertEquals(0, fake.getAllServeEvents().size());
        assertEquals(200, http.post("/api/generate/audio", "{\"text\":\"hi\",\"speed\":0.25,\"voice\":\"alloy\"}").status());
        assertEquals(200, http.post("/api/generate/audio", "{\"text\":\"hi\",\"speed\":4}").status());
    }

    @Test
    void speechCountsAgainstTheGenerationQuota() {
        start(Map.of("RATE_LIMIT_ANON_PER_MINUTE", "1"));
        upstreamAnswers(200, "audio/mpeg", new byte[] {1});
        assertEquals(200, app.http().post("/api/generate/audio", "{\"text\":\"hi\"}").status());
        Http.Res limited = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(429, limited.status());
        long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
        assertEquals(retryAfter, limited.json().getInt("retry_after"), "header and body agree");
        assertTrue(retryAfter > 0 && retryAfter <= 60);
    }

    @Test
    void theDailyQuotaIsA402() {
        start(Map.of("RATE_LIMIT_ANON_PER_DAY", "1"));
        upstreamAnswers(200, "audio/mpeg", new byte[] {1});
        assertEquals(200, app.http().post("/api/generate/audio", "{\"text\":\"hi\"}").status());
        Http.Res spent = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(402, spent.status(), spent.toString());
        assertEquals("今日额度已用完", spent.json().getString("error"));
        assertEquals(1, fake.getAllServeEvents().size());
    }

    @Test
    void aHangingUpstreamIsA504WithinTheDeadline() {
        start(Map.of("UPSTREAM_TIMEOUT_MS", "1000", "UPSTREAM_DEADLINE_MS", "1500"));
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(new byte[] {1}).withFixedDelay(10_000)));
        long start = System.nanoTime();
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, res.status(), res.toString());
        assertEquals("upstream_timeout", res.json().getString("code"));
        assertTrue(millis < 4000, "answered after the 1 s attempt, not the upstream's 10 s: " + millis);
        assertEquals(1, fake.getAllServeEvents().size(), "a POST that may have been acted on is not sent again");
    }

    @Test
    void aNotFoundIsNotRetried() {
        start(Map.of());
        upstreamAnswers(404, "application/json", "{\"error\":\"secret upstream detail\"}".getBytes());
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(502, res.status());
        assertFalse(res.body().contains("secret upstream detail"), "the upstream's body is never shown");
        assertEquals(1, fake.getAllServeEvents().size());
    }

    @Test
    void a429WithRetryAfterIsHonouredThenSucceeds() {
        start(Map.of());
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).inScenario("r").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(new byte[] {7})));
        long start = System.nanoTime();
        Http.Res res = app.http().post("/api/generate/audio", "{\"text\":\"hi\"}");
        assertEquals(200, res.status());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 1000, "waited the upstream's Retry-After");
        assertEquals(2, fake.getAllServeEvents().size());
    }
}
