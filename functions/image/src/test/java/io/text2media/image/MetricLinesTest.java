package io.text2media.image;

import io.text2media.shared.observe.Logging;
import io.text2media.shared.testing.MetricLines;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The original's [METRIC] lines (original-contract.md §16.2) for image generation and the proxy. */
class MetricLinesTest {

    @Test
    void successAndFailureLinesCarryTheOriginalsFields() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        try (FakePollinations fake = new FakePollinations()) {
            Map<String, String> env = new java.util.HashMap<>(fake.env());
            env.put("METRICS_ENABLED", "true");
            env.put("METRICS_SAMPLE_RATE", "1");
            env.put("LOG_LEVEL", "info");
            try (TestApp app = TestApp.builder().provider(new ImageProvider()).env(env).start()) {
                fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withBody(new byte[] {1})));
                app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"width\":512,\"height\":256,\"seed\":9}");
                fake.server.resetAll();
                fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404)));
                app.http().post("/api/pollinations/image", "{\"prompt\":\"dog\",\"model\":\"kontext\"}");
            }
        } finally {
            Logging.configure("warn");
        }
        List<JsonObject> metrics = MetricLines.in(out.toString(StandardCharsets.UTF_8));
        assertEquals(2, metrics.size(), metrics.toString());
        JsonObject ok = metrics.get(0);
        assertEquals("generate_image", ok.getString("name"));
        assertTrue(ok.getBoolean("success"));
        assertEquals("flux", ok.getString("model"));
        assertEquals(512, ok.getInt("w"));
        assertEquals(256, ok.getInt("h"));
        assertEquals(9, ok.getInt("seed"));
        assertTrue(ok.containsKey("dt_ms") && ok.containsKey("ts"));
        assertFalse(ok.containsKey("error"));
        JsonObject failed = metrics.get(1);
        assertEquals("proxy_pollinations_image", failed.getString("name"));
        assertFalse(failed.getBoolean("success"));
        assertEquals("kontext", failed.getString("model"));
        assertEquals(1024, failed.getInt("w"));
        assertEquals("upstream_bad_answer", failed.getString("error"));
    }
}
