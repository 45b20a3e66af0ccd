package io.text2media.bench;

import io.text2media.image.ImageProvider;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import java.time.Duration;
import java.util.List;

/**
 * Cache hits of {@code POST /api/generate} (image, explicit seed) at 64 concurrent clients, the answer being the
 * 100 KB JPEG as base64 JSON (~133 KiB): requests per second (target 5000 or more on a 2-core machine). A hit is parsed
 * and validated like any request, then served from the in-memory front's ready-to-send bytes; it uses no quota.
 * The load ({@link KeepAliveLoad}: kept-alive sockets, bodies skipped by length) runs in the same JVM and takes its share
 * of the two cores, so the figure is conservative.
 */
public final class ImageCacheHitBenchmark implements Benchmark {

    @Override
    public String name() {
        return "image-cache-hit";
    }

    @Override
    public List<Figure> run() throws Exception {
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 10));
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        try (FakePollinationsServer upstream = new FakePollinationsServer(ImageGenerateLatencyBenchmark.IMAGE_BYTES, Duration.ZERO, 1024);
             TestApp app = ImageBenchApps.start(upstream.baseUrl(), new ImageProvider())) {
            String body = "{\"text\":\"a red fox\",\"type\":\"image\",\"width\":1024,\"height\":1024,\"seed\":42}";
            Http.Res first = app.http().post("/api/generate", body);
            if (first.status() != 200) {
                throw new IllegalStateException("priming the cache failed: " + first);
            }
            LoadGenerator.Result hits = new KeepAliveLoad().run("127.0.0.1", app.port(), ImageGenerateLatencyBenchmark.CLIENTS,
                    warmUp, measure, i -> KeepAliveLoad.post("127.0.0.1", app.port(), "/api/generate", body,
                            "X-Forwarded-For", ImageBenchApps.clientAddress(i)));
            return List.of(
                    Figure.atLeast("cache hits per second", hits.perSecond(), "req/s", 5000),
                    Figure.of("p50", hits.percentileMillis(50), "ms"),
                    Figure.of("p99", hits.percentileMillis(99), "ms"),
                    Figure.of("answer size", first.bytes().length / 1024.0, "KiB"),
                    Figure.atMost("errors", hits.errors(), "requests", 0));
        }
    }
}
