package io.text2media.image;

import io.text2media.shared.observe.JsonLogFormatter;
import io.text2media.shared.testing.LogCapture;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No token in any log line, whatever happens; the prompt only at debug level. */
class SecretsInLogsTest {
    private static final String PROMPT = "a very private prompt 7f3a";

    private static List<String> linesDuring(Level level, Runnable work) {
        JsonLogFormatter formatter = new JsonLogFormatter();
        try (LogCapture capture = LogCapture.of("io.text2media", level)) {
            work.run();
            return capture.records().stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                    .map(formatter::format).toList();
        }
    }

    private static void generateWithFailures(Map<String, String> extra) {
        try (FakePollinations fake = new FakePollinations()) {
            Map<String, String> env = new java.util.HashMap<>(fake.env());
            env.putAll(extra);
            env.put("FETCH_RETRY_MAX", "2");
            try (TestApp app = TestApp.builder().provider(new ImageProvider()).env(env).start()) {
                fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
                app.http().post("/api/generate", "{\"text\":\"" + PROMPT + "\",\"type\":\"image\"}");
                fake.server.resetAll();
                fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(new byte[] {1})));
                app.http().post("/api/generate", "{\"text\":\"" + PROMPT + "\",\"type\":\"image\",\"seed\":5}");
            }
        }
    }

    @Test
    void theTokenNeverAppearsAndThePromptOnlyAtDebug() {
        List<String> info = linesDuring(Level.INFO, () -> generateWithFailures(Map.of()));
        assertTrue(info.stream().anyMatch(l -> l.contains("upstream_failed")), "the failure was logged: " + info);
        assertFalse(info.stream().anyMatch(l -> l.contains(FakePollinations.TOKEN)), info.toString());
        assertFalse(info.stream().anyMatch(l -> l.contains("private prompt")), info.toString());

        List<String> debug = linesDuring(Level.FINE, () -> generateWithFailures(Map.of()));
        assertFalse(debug.stream().anyMatch(l -> l.contains(FakePollinations.TOKEN)), debug.toString());
        assertTrue(debug.stream().anyMatch(l -> l.contains("private prompt")), "debug shows the prompt");
    }

    @Test
    void aBaseUrlsCredentialsNeverReachTheLog() {
        List<String> info = linesDuring(Level.INFO, () -> {
            try (FakePollinations fake = new FakePollinations();
                 TestApp app = TestApp.builder().provider(new ImageProvider()).env(fake.env())
                         .env("POLLINATIONS_IMAGE_API_BASE", "http://user:s3cr3tpw@127.0.0.1:9/").start()) {
                app.port();
            }
        });
        assertTrue(info.stream().anyMatch(l -> l.contains("generation_provider")), info.toString());
        assertFalse(info.stream().anyMatch(l -> l.contains("s3cr3tpw")), info.toString());
    }
}
