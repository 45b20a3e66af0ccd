package io.text2media.bundle;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestEnv;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The image and audio jars deployed apart, each its own process: {@code type:"audio"} sent to the image function goes
 * over HTTP to {@code AUDIO_FUNCTION_URL} and the audio comes back whole; the audio function counts the caller the
 * image function saw (forwarded address), not the image function itself.
 */
class GenerationApartIT {

    private static Map<String, String> env(Path dir, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("PROFILE", "prod");
        env.put("JWT_SECRET", TestEnv.JWT_SECRET);
        env.put("DATA_DIR", dir.resolve(name).toString());
        env.put("DB_URL", TestEnv.h2MemoryUrl());
        env.put("LOG_LEVEL", "warn");
        env.put("POLLINATIONS_API_TOKEN", "sk_apart");
        return env;
    }

    @Test
    void typeAudioTravelsFromTheImageJarToTheAudioJar(@TempDir Path dir) throws Exception {
        WireMockServer pollinations = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        pollinations.start();
        byte[] mp3 = new byte[2 * 1024 * 1024];
        new Random(5).nextBytes(mp3);
        pollinations.stubFor(post(urlEqualTo("/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(mp3)));
        Map<String, String> audioEnv = env(dir, "audio");
        audioEnv.put("POLLINATIONS_GEN_API_BASE", pollinations.baseUrl());
        audioEnv.put("TRUSTED_PROXY_HEADER", "X-Forwarded-For");
        audioEnv.put("RATE_LIMIT_ANON_PER_MINUTE", "1");
        try (JarProcess audio = JarProcess.start(JarProcess.jar("audio"), audioEnv)) {
            Map<String, String> imageEnv = env(dir, "image");
            imageEnv.put("AUDIO_FUNCTION_URL", "http://127.0.0.1:" + audio.port());
            imageEnv.put("TRUSTED_PROXY_HEADER", "X-Forwarded-For"); // both behind one trusted proxy
            try (JarProcess image = JarProcess.start(JarProcess.jar("image"), imageEnv)) {
                Http.Res res = image.http().post("/api/generate", "{\"text\":\"hello\",\"type\":\"audio\",\"voice\":\"echo\"}",
                        "X-Forwarded-For", "10.1.1.1");
                assertEquals(200, res.status(), res + "\n" + audio.output());
                assertEquals("audio/mpeg", res.header("Content-Type").orElseThrow());
                assertArrayEquals(mp3, res.bytes());

                Http.Res limited = image.http().post("/api/generate", "{\"text\":\"again\",\"type\":\"audio\"}",
                        "X-Forwarded-For", "10.1.1.1");
                assertEquals(429, limited.status(), "the audio function's quota for this caller (1 per minute)");
                assertEquals(limited.header("X-Request-Id").orElseThrow(), limited.json().getString("requestId"));

                Http.Res other = image.http().post("/api/generate", "{\"text\":\"hi\",\"type\":\"audio\"}",
                        "X-Forwarded-For", "10.2.2.2");
                assertEquals(200, other.status(), "another caller behind the image function has its own quota, not the image "
                        + "function's address");
            }
        } finally {
            pollinations.stop();
        }
    }
}
