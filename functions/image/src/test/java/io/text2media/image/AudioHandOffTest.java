package io.text2media.image;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.speech.SpeechService;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.StreamedAnswer;
import io.text2media.shared.testing.TestApp;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.helidon.http.HeaderNames;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code type:"audio"} of {@code POST /api/generate} is handed to the audio function (design.md §2): in-process through
 * the shared {@link SpeechService}, over HTTP to {@code AUDIO_FUNCTION_URL}, or a 503 JSON answer when neither exists.
 */
class AudioHandOffTest {
    private static final String AUDIO = "{\"text\":\"你好\",\"type\":\"audio\",\"voice\":\"alloy\",\"speed\":1.5,\"mode\":\"tts\"}";

    /** Stands in for the audio function in the same process. */
    static final class FakeAudioFunction implements FunctionProvider {
        @Override
        public String name() {
            return "fake-audio";
        }

        @Override
        public void routing(FunctionRoutes routes, FunctionContext context) {
            context.provide(SpeechService.class, (body, req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "audio/mpeg");
                res.send(("AUDIO:" + Jsons.text(body)).getBytes(StandardCharsets.UTF_8));
            });
        }
    }

    @Test
    void inTheBundleTheAudioFunctionIsCalledInProcessWithTheBody() {
        try (TestApp app = TestApp.builder().provider(new ImageProvider(), new FakeAudioFunction()).start()) {
            Http.Res res = app.http().post("/api/generate", AUDIO);
            assertEquals(200, res.status(), res.toString());
            assertEquals("audio/mpeg", res.header("Content-Type").orElseThrow());
            assertEquals("AUDIO:" + AUDIO, res.body());
        }
    }

    @Test
    void withNoAudioFunctionAnywhereItIsAClear503() {
        try (TestApp app = TestApp.builder().provider(new ImageProvider()).start()) {
            Http.Res res = app.http().post("/api/generate", AUDIO);
            assertEquals(503, res.status());
            assertEquals("audio_unavailable", res.json().getString("code"));
            assertEquals("音频生成失败: 音频服务未部署，请稍后再试", res.json().getString("error"));
            assertEquals("application/json", res.header("Content-Type").orElseThrow());
        }
    }

    @Test
    void apartItIsForwardedOverHttpAndTheAudioStreamedBack() {
        WireMockServer audio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        audio.start();
        byte[] mp3 = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(mp3);
        audio.stubFor(post(urlEqualTo("/api/generate/audio")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(mp3)));
        try (TestApp app = TestApp.builder().provider(new ImageProvider()).env("AUDIO_FUNCTION_URL", audio.baseUrl() + "/").start()) {
            Http.Res res = app.http().post("/api/generate", AUDIO, "Authorization", "Bearer user-token", "Cookie", "auth_token=t");
            assertEquals(200, res.status());
            assertEquals("audio/mpeg", res.header("Content-Type").orElseThrow());
            assertArrayEquals(mp3, res.bytes());
            LoggedRequest forwarded = audio.getAllServeEvents().getFirst().getRequest();
            assertEquals(Jsons.parse(AUDIO), Jsons.parse(forwarded.getBodyAsString()));
            assertEquals("Bearer user-token", forwarded.getHeader("Authorization"));
            assertEquals("auth_token=t", forwarded.getHeader("Cookie"));
            assertEquals("127.0.0.1", forwarded.getHeader("X-Forwarded-For"), "the caller's address, for its quota");
        } finally {
            audio.stop();
        }
    }

    @Test
    void apartTheHopStreamsRatherThanBuffers() throws Exception {
        WireMockServer audio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        audio.start();
        audio.stubFor(post(urlEqualTo("/api/generate/audio")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(new byte[400_000]).withChunkedDribbleDelay(8, 4000)));
        try (TestApp app = TestApp.builder().provider(new ImageProvider()).env("AUDIO_FUNCTION_URL", audio.baseUrl()).start()) {
            StreamedAnswer answer = StreamedAnswer.post(app.uri("/api/generate"), AUDIO);
            assertEquals(400_000, answer.bytes());
            assertTrue(answer.spreadMillis() >= 1500, "the first bytes passed the hop well before the last: " + answer);
        } finally {
            audio.stop();
        }
    }

    @Test
    void theAudioFunctionsErrorAnswersPassThroughWithThisRequestsId() {
        WireMockServer audio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        audio.start();
        audio.stubFor(post(urlEqualTo("/api/generate/audio")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "30")
                .withBody("{\"error\":\"请求过于频繁，请稍后再试\",\"retry_after\":30,\"code\":\"rate_limited\",\"requestId\":\"theirs\"}")));
        audio.stubFor(post(urlEqualTo("/api/generate/audio")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("html"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/html").withBody("<html>trace</html>")));
        try (TestApp app = TestApp.builder().provider(new ImageProvider()).env("AUDIO_FUNCTION_URL", audio.baseUrl()).start()) {
            Http.Res res = app.http().post("/api/generate", AUDIO);
            assertEquals(429, res.status());
            assertEquals("请求过于频繁，请稍后再试", res.json().getString("error"));
            assertEquals(30, res.json().getInt("retry_after"));
            assertEquals("rate_limited", res.json().getString("code"));
            assertEquals(res.header("X-Request-Id").orElseThrow(), res.json().getString("requestId"));
            assertEquals("30", res.header("Retry-After").orElseThrow());
            assertEquals(1, audio.getAllServeEvents().size(), "a 429 from the audio function is not retried");

            Http.Res broken = app.http().post("/api/generate", "{\"text\":\"html\",\"type\":\"audio\"}");
            assertEquals(502, broken.status());
            assertFalse(broken.body().contains("trace"));
        } finally {
            audio.stop();
        }
    }

    @Test
    void anUnreachableAudioFunctionIsA503() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TestApp app = TestApp.builder().provider(new ImageProvider())
                .env(Map.of("AUDIO_FUNCTION_URL", "http://127.0.0.1:" + closed)).start()) {
            Http.Res res = app.http().post("/api/generate", AUDIO);
            assertEquals(503, res.status(), res.toString());
            assertEquals("audio_unavailable", res.json().getString("code"));
            assertEquals("5", res.header("Retry-After").orElseThrow());
        }
    }

    @Test
    void missingTextForAudioKeepsTheOriginalsMessage() {
        try (TestApp app = TestApp.builder().provider(new ImageProvider(), new FakeAudioFunction()).start()) {
            Http.Res res = app.http().post("/api/generate", "{\"type\":\"audio\"}");
            assertEquals(400, res.status());
            assertEquals("缺少必要的参数: text 和 type", res.json().getString("error"));
        }
    }
}
