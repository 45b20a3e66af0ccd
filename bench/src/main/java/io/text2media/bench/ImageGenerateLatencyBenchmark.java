package io.text2media.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/generate} (image) against a loopback fake upstream answering a 100 KB JPEG, at 64 concurrent
 * clients: the latency the function adds over the upstream's own (target p99 under 5 ms). The upstream is first
 * measured alone under the same load; the function's figures minus those are what it adds (validation, quota, the
 * upstream call, base64 and the JSON answer, the request log). Requests carry no seed, so the cache is not involved.
 *
 * <p>Three choices keep the figure about the function. It runs as its own process with the production JVM flags
 * (its own heap and garbage collector, not the load generator's), and so does the fake upstream. The fake upstream takes 1 s per image (Pollinations
 * takes several), so 64 users make ~60 generations a second; with a 100 ms upstream the same 64 clients demand 640 a
 * second, saturate the two cores the generator, the fake and the function share, and the figure measures queueing
 * instead ({@code -Dbench.upstreamDelayMs=100} shows it). And the clients' first requests are spread over one upstream
 * period, as real users' are, instead of marching in lockstep.
 */
public final class ImageGenerateLatencyBenchmark implements Benchmark {
    private static final String OWN_TIME = "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms - upstream_ms), "
            + "PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY duration_ms - upstream_ms), COUNT(*) FROM request_logs "
            + "WHERE route = '/api/generate' AND status_code = 200 AND upstream_ms IS NOT NULL AND ts >= ?";
    static final int IMAGE_BYTES = 100 * 1024;
    static final int CLIENTS = 64;

    /**
     * The function's own share of each measured call, from its request log: the time from receiving the request to
     * the last byte of the answer, minus the time it waited for the upstream. Whatever the clients' measurement adds on
     * top (three JVMs share two cores: a client or the fake that is not scheduled at once waits) is not the function's.
     */
    private static double[] ownTime(String dataDir, Instant since) throws Exception {
        Thread.sleep(3000); // the request log writes its batch at most REQUEST_LOG_FLUSH_MS after the last call
        String url = "jdbc:h2:file:" + dataDir + "/text2media;AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); PreparedStatement ps = c.prepareStatement(OWN_TIME)) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getLong(3)};
            }
        }
    }

    @Override
    public String name() {
        return "image-generate-latency";
    }

    @Override
    public List<Figure> run() throws Exception {
        Duration delay = Duration.ofMillis(Long.getLong("bench.upstreamDelayMs", 1000));
        // 45 s, not 10: at 60 calls a second the JIT is still compiling the generation path after 10 s (own p99 6-9 ms
        // then, 3-7 ms once it is done), and the figure is about a function that has been serving for a while.
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 45));
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        try (BenchProcess upstream = FakePollinationsServer.inOwnProcess(IMAGE_BYTES, delay, 1024)) {
            int upstreamPort = upstream.port();
            Map<String, String> env = BenchProcess.env("image");
            env.putAll(ImageBenchApps.env("http://127.0.0.1:" + upstreamPort));
            // The production flags, as a release starts the function (-Dbench.gcOptions to experiment).
            String flags = System.getProperty("bench.gcOptions", "@infra/jvm.options");
            try (BenchProcess function = BenchProcess.start(List.of(flags.split(" ")), env)) {
                KeepAliveLoad load = new KeepAliveLoad();
                byte[] direct = ("GET /image/a%20red%20fox?width=1024&height=1024&model=flux HTTP/1.1\r\nHost: 127.0.0.1:"
                        + upstreamPort + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                LoadGenerator.Result alone = load.run("127.0.0.1", upstreamPort, CLIENTS, warmUp, measure, delay, i -> direct);
                String body = "{\"text\":\"a red fox\",\"type\":\"image\",\"width\":1024,\"height\":1024}";
                Instant measured = Instant.now().plus(warmUp);
                LoadGenerator.Result through = load.run("127.0.0.1", function.port(), CLIENTS, warmUp, measure, delay,
                        i -> KeepAliveLoad.post("127.0.0.1", function.port(), "/api/generate", body,
                                "X-Forwarded-For", ImageBenchApps.clientAddress(i)));
                double[] own = ownTime(env.get("DATA_DIR"), measured);
                return List.of(
                        Figure.of("upstream latency (fake)", delay.toMillis(), "ms"),
                        Figure.of("upstream alone p50", alone.percentileMillis(50), "ms"),
                        Figure.of("upstream alone p99", alone.percentileMillis(99), "ms"),
                        Figure.of("through /api/generate p50", through.percentileMillis(50), "ms"),
                        Figure.of("through /api/generate p99", through.percentileMillis(99), "ms"),
                        Figure.of("requests/s through the function", through.perSecond(), "req/s"),
                        Figure.atMost("errors", through.errors(), "requests", 0),
                        Figure.of("added latency p50", through.percentileMillis(50) - alone.percentileMillis(50), "ms"),
                        Figure.of("added latency p99, as the clients see it", through.percentileMillis(99) - alone.percentileMillis(99), "ms"),
                        Figure.of("calls logged by the function in the measured window", own[2], "calls"),
                        Figure.of("the function's own time p50 (request_logs: duration_ms - upstream_ms)", own[0], "ms"),
                        Figure.atMost("the function's own time p99 (latency it adds over the upstream)", own[1], "ms", 5));
            }
        }
    }
}
