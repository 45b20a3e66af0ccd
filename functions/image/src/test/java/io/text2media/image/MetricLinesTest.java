package io.text2media.image;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
        List<JsonObject> metrics = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().startsWith("[METRIC] ")) {
                    metrics.add(Jsons.parseObject(record.getMessage().substring(9)).orElseThrow());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(MetricEvents.class.getName());
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
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
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
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
