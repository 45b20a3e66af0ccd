package io.text2media.bench;

import io.text2media.image.ImageProvider;
import io.text2media.shared.observe.RequestLogListener;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the request log costs (issue 6: under 5% of throughput on the cache-hit route). One function, warmed up, serves
 * the cache-hit load of {@link ImageCacheHitBenchmark} in alternating slices with the request log switched off and on
 * (the same runtime switch an operator has), so JIT and heap state are the same on both sides. Each pair of adjacent
 * slices gives one cost estimate (one minus on/off); the figure is the median of the pairs, robust to the machine's
 * drift and to outlying slices. The order within a pair alternates, so the table's growth favours neither side.
 * At this rate (thousands of hits a second on two cores) the writer reaches its CPU budget
 * ({@code REQUEST_LOG_CPU_PERCENT}); the rows it could not take are dropped and counted, and reported here.
 */
public final class RequestLogCostBenchmark implements Benchmark {
    private static final String BODY = "{\"text\":\"a red fox\",\"type\":\"image\",\"width\":1024,\"height\":1024,\"seed\":42}";

    @Override
    public String name() {
        return "request-log-cost";
    }

    @Override
    public List<Figure> run() throws Exception {
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 15));
        Duration slice = Duration.ofSeconds(Long.getLong("bench.sliceSeconds", 5));
        int pairs = Integer.getInteger("bench.pairs", 12);
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        long rows;
        long dropped;
        double servedWhileOn = 0;
        try (FakePollinationsServer upstream = new FakePollinationsServer(ImageGenerateLatencyBenchmark.IMAGE_BYTES, Duration.ZERO, 1024);
             TestApp app = ImageBenchApps.start(upstream.baseUrl(), Map.of("REQUEST_LOG_ENABLED", "true"), new ImageProvider())) {
            RequestLogListener requestLog = app.context().service(RequestLogListener.class).orElseThrow();
            Http.Res first = app.http().post("/api/generate", BODY);
            if (first.status() != 200) {
                throw new IllegalStateException("priming the cache failed: " + first);
            }
            hits(app, warmUp);
            for (int pair = 0; pair < pairs; pair++) {
                // Alternate which side goes first, so a drift over the run (the table grows) favours neither.
                boolean offFirst = pair % 2 == 0;
                requestLog.enabled(!offFirst);
                double firstSlice = hits(app, slice);
                requestLog.enabled(offFirst);
                double secondSlice = hits(app, slice);
                off.add(offFirst ? firstSlice : secondSlice);
                on.add(offFirst ? secondSlice : firstSlice);
                servedWhileOn += (offFirst ? secondSlice : firstSlice) * slice.toSeconds();
            }
            app.context().opsLogWriter().flush(Duration.ofSeconds(60));
            dropped = app.context().opsLogWriter().droppedCount();
            rows = app.context().database().execute().get("SELECT COUNT(*) FROM request_logs").orElseThrow().column(1).get(Long.class);
        }
        List<Double> costs = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            costs.add((1 - on.get(i) / off.get(i)) * 100);
        }
        List<Double> sorted = costs.stream().sorted().toList();
        return List.of(
                Figure.of("cache hits/s, request log off (median of " + pairs + " slices)", median(off), "req/s"),
                Figure.of("cache hits/s, request log on (median of " + pairs + " slices)", median(on), "req/s"),
                Figure.of("request_logs rows written", rows, "rows"),
                Figure.of("rows dropped by the full queue (writer over its CPU budget)", dropped, "rows"),
                Figure.of("share of calls logged while on", Math.min(100, 100.0 * rows / Math.max(1, servedWhileOn)), "%"),
                Figure.of("cost per adjacent pair, lowest", sorted.getFirst(), "%"),
                Figure.of("cost per adjacent pair, highest", sorted.getLast(), "%"),
                Figure.atMost("throughput cost of the request log (median of the pairs)", median(costs), "%", 5));
    }

    private static double hits(TestApp app, Duration duration) throws Exception {
        LoadGenerator.Result result = new KeepAliveLoad().run("127.0.0.1", app.port(), ImageGenerateLatencyBenchmark.CLIENTS,
                Duration.ZERO, duration, i -> KeepAliveLoad.post("127.0.0.1", app.port(), "/api/generate", BODY,
                        "X-Forwarded-For", ImageBenchApps.clientAddress(i)));
        if (result.errors() > 0) {
            throw new IllegalStateException(result.errors() + " errors under load");
        }
        return result.perSecond();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
