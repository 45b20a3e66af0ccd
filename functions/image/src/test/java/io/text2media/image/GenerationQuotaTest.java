package io.text2media.image;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generation quota (original-contract.md §11 with design.md §5.8) on the image routes. */
class GenerationQuotaTest {
    private static final String IMAGE = "{\"text\":\"cat\",\"type\":\"image\"}";
    private final FakePollinations fake = new FakePollinations();
    private TestApp app;

    private TestApp start(Map<String, String> limits) {
        Map<String, String> env = new java.util.HashMap<>(fake.env());
        env.putAll(limits);
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {1})));
        app = TestApp.builder().provider(new ImageProvider()).env(env).start();
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        fake.close();
    }

    @Test
    void twentyParallelRequestsAgainstALimitOfEightAdmitExactlyEight() throws Exception {
        start(Map.of("RATE_LIMIT_ANON_PER_MINUTE", "8", "RATE_LIMIT_ANON_PER_DAY", "100"));
        List<Future<Http.Res>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> app.http().post("/api/generate", IMAGE)));
            }
        }
        int ok = 0;
        int limited = 0;
        for (Future<Http.Res> call : calls) {
            Http.Res res = call.get();
            if (res.status() == 200) {
                ok++;
            } else {
                assertEquals(429, res.status(), res.toString());
                assertEquals("请求过于频繁，请稍后再试", res.json().getString("error"));
                long retryAfter = res.json().getJsonNumber("retry_after").longValue();
                assertTrue(retryAfter >= 1 && retryAfter <= 60, res.body());
                assertEquals(String.valueOf(retryAfter), res.header("Retry-After").orElseThrow());
                limited++;
            }
        }
        assertEquals(8, ok);
        assertEquals(12, limited);
        assertEquals(8, fake.requests(), "refused requests never reach the upstream");
    }

    @Test
    void theDailyQuotaIsA402() {
        start(Map.of("RATE_LIMIT_ANON_PER_MINUTE", "100", "RATE_LIMIT_ANON_PER_DAY", "2"));
        assertEquals(200, app.http().post("/api/generate", IMAGE).status());
        assertEquals(200, app.http().post("/api/generate", IMAGE).status());
        Http.Res res = app.http().post("/api/generate", IMAGE);
        assertEquals(402, res.status());
        assertEquals("今日额度已用完", res.json().getString("error"));
        assertEquals(0, res.json().getInt("remaining"));
        assertEquals(2, res.json().getInt("total"));
    }

    @Test
    void allGenerationRoutesShareOneBucket() {
        start(Map.of("RATE_LIMIT_ANON_PER_MINUTE", "3", "RATE_LIMIT_ANON_PER_DAY", "100"));
        assertEquals(200, app.http().post("/api/generate", IMAGE).status());
        assertEquals(200, app.http().post("/api/generate/image", "{\"text\":\"cat\"}").status());
        assertEquals(200, app.http().post("/api/pollinations/image", "{\"prompt\":\"cat\"}").status());
        assertEquals(429, app.http().post("/api/pollinations/image", "{\"prompt\":\"cat\"}").status());
        assertEquals(429, app.http().post("/api/generate", IMAGE).status());
    }

    @Test
    void aValidTokenGetsTheUserLimitsAndAnInvalidOneIsAnonymous() {
        start(Map.of("RATE_LIMIT_ANON_PER_MINUTE", "1", "RATE_LIMIT_USER_PER_MINUTE", "3", "RATE_LIMIT_USER_PER_DAY", "100"));
        app.store().put(Namespace.USERS, "u@example.com", Jsons.text(Jsons.object().add("id", "user-1")
                .add("email", "u@example.com").add("isActive", true).build()), null);
        String token = app.context().jwt().issue("user-1", "u@example.com", 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, app.http().post("/api/generate", IMAGE, "Authorization", "Bearer " + token).status());
        }
        assertEquals(429, app.http().post("/api/generate", IMAGE, "Authorization", "Bearer " + token).status());
        assertEquals(200, app.http().post("/api/generate", IMAGE, "Authorization", "Bearer not-a-token").status());
        assertEquals(429, app.http().post("/api/generate", IMAGE, "Authorization", "Bearer not-a-token").status());
        assertEquals(429, app.http().post("/api/generate", IMAGE).status(), "no token and a bad token share the address bucket");
    }
}
