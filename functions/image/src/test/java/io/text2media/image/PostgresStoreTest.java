package io.text2media.image;

import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The locker, the generation cache and the quota on PostgreSQL (skipped without a server, mandatory under CI=true). */
class PostgresStoreTest {

    private static Map<String, String> env(TestDatabases.Schema schema, FakePollinations fake) {
        Map<String, String> env = new HashMap<>(fake.env());
        env.put("DB_URL", schema.settings().url());
        env.put("DB_USER", schema.settings().user());
        env.put("DB_PASSWORD", schema.settings().password());
        return env;
    }

    @Test
    void theLockerKeepsThreeImagesUnderParallelSaves() throws Exception {
        try (TestDatabases.Schema schema = TestDatabases.postgres(); FakePollinations fake = new FakePollinations();
             TestApp app = TestApp.builder().provider(new ImageProvider()).env(env(schema, fake)).start()) {
            String alice = LockerFixture.login(app, "alice-id", "alice@example.com");
            List<Future<Http.Res>> calls = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
                for (int i = 0; i < 6; i++) {
                    calls.add(pool.submit(() -> app.http().post("/api/images/save",
                            HdImageLockerTest.saveBody("p", HdImageLockerTest.JPEG), "Authorization", alice)));
                }
            }
            for (Future<Http.Res> call : calls) {
                assertEquals(201, call.get().status());
            }
            assertEquals(3, app.http().get("/api/images/daily", "Authorization", alice).json().getInt("count"));
            assertEquals(3, app.store().list(Namespace.IMAGES_CACHE, "hd_image:alice-id:", null, 100).entries().size());
            String id = app.http().get("/api/images/daily", "Authorization", alice).json().getJsonArray("images")
                    .getJsonObject(0).getString("id");
            assertArrayEquals(HdImageLockerTest.JPEG,
                    app.http().get("/api/images/download/" + id, "Authorization", alice).bytes());
        }
    }

    @Test
    void theCacheAnswersFromPostgresAndTheQuotaIsAtomic() throws Exception {
        try (TestDatabases.Schema schema = TestDatabases.postgres(); FakePollinations fake = new FakePollinations()) {
            Map<String, String> env = env(schema, fake);
            env.put("IMAGE_CACHE_MEMORY_MB", "0");
            env.put("RATE_LIMIT_ANON_PER_MINUTE", "8");
            fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                    .withBody(HdImageLockerTest.JPEG)));
            try (TestApp app = TestApp.builder().provider(new ImageProvider()).env(env).start()) {
                String seeded = "{\"text\":\"fox\",\"type\":\"image\",\"seed\":7}";
                Http.Res first = app.http().post("/api/generate", seeded);
                Http.Res second = app.http().post("/api/generate", seeded);
                assertEquals(200, second.status());
                assertArrayEquals(first.bytes(), second.bytes());
                assertEquals(1, fake.requests());

                List<Future<Http.Res>> calls = new ArrayList<>();
                try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
                    for (int i = 0; i < 20; i++) {
                        String unseeded = "{\"text\":\"fox " + i + "\",\"type\":\"image\"}";
                        calls.add(pool.submit(() -> app.http().post("/api/generate", unseeded)));
                    }
                }
                int ok = 0;
                for (Future<Http.Res> call : calls) {
                    ok += call.get().status() == 200 ? 1 : 0;
                }
                assertEquals(7, ok, "8 per minute, 1 used by the first generation (the hit used none)");
            }
        }
    }
}
