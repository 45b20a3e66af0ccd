package io.text2media.bundle;

import io.text2media.audio.AudioProvider;
import io.text2media.image.ImageProvider;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The image and audio functions together, as in the bundle: {@code POST /api/generate} with {@code type:"audio"} reaches
 * the real audio function in-process (design.md §2), and image and speech share one generation quota.
 */
class GenerateInBundleTest {
    private final WireMockServer fake = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final byte[] mp3 = new byte[256 * 1024];

    @BeforeEach
    void start() {
        fake.start();
        new Random(3).nextBytes(mp3);
        fake.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(mp3)));
        fake.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})));
    }

    @AfterEach
    void stop() {
        fake.stop();
    }

    private TestApp app(int perMinute) {
        return TestApp.builder().provider(new ImageProvider(), new AudioProvider()).env(Map.of(
                "POLLINATIONS_API_TOKEN", "sk_bundle",
                "POLLINATIONS_GEN_API_BASE", fake.baseUrl(),
                "RATE_LIMIT_ANON_PER_MINUTE", String.valueOf(perMinute),
                "RATE_LIMIT_ANON_PER_DAY", "1000")).start();
    }

    @Test
    void typeAudioIsServedByTheAudioFunctionInProcess() {
        try (TestApp app = app(100)) {
            Http.Res res = app.http().post("/api/generate", "{\"text\":\"你好\",\"type\":\"audio\",\"voice\":\"nova\",\"speed\":1,\"mode\":\"tts\"}");
            assertEquals(200, res.status(), res.toString());
            assertEquals("audio/mpeg", res.header("Content-Type").orElseThrow());
            assertArrayEquals(mp3, res.bytes());
            assertEquals("{\"model\":\"openai-audio\",\"input\":\"你好\",\"voice\":\"nova\",\"response_format\":\"mp3\"}",
                    fake.getAllServeEvents().getFirst().getRequest().getBodyAsString());
            Http.Res bad = app.http().post("/api/generate", "{\"text\":\"hi\",\"type\":\"audio\",\"voice\":\"robot\"}");
            assertEquals(400, bad.status());
            assertEquals("voice", bad.json().getString("field"));
        }
    }

    @Test
    void imagesAndSpeechShareOneQuota() {
        try (TestApp app = app(2)) {
            assertEquals(200, app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}").status());
            assertEquals(200, app.http().post("/api/generate/audio", "{\"text\":\"cat\"}").status());
            assertEquals(429, app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"audio\"}").status());
            assertEquals(429, app.http().post("/api/pollinations/image", "{\"prompt\":\"cat\"}").status());
        }
    }
}
