package io.text2media.bench;


import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audio function streams speech through instead of holding it: 32 clients each download 5 MB of audio at once
 * (rounds of 32 concurrent downloads, 160 MB in flight per round) from the function started as its own process, whose
 * resident memory is sampled all along. The process runs with a fixed 96 MiB heap (SerialGC), less than one round's
 * 152 MiB in flight, so a server that held whole answers would fail outright. Target: every byte delivered, and the
 * peak resident memory within 64 MiB of the level after warm-up.
 */
public final class AudioStreamMemoryBenchmark implements Benchmark {
    private static final int CLIENTS = 32;
    private static final int AUDIO_BYTES = 5 * 1000 * 1000;
    /** A fixed heap smaller than one round's 152 MiB in flight: a buffering server would fail, not just grow. */
    private static final int HEAP_MB = 96;

    @Override
    public String name() {
        return "audio-stream-memory";
    }

    @Override
    public List<Figure> run() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        try (FakePollinationsServer upstream = new FakePollinationsServer(1024, Duration.ZERO, AUDIO_BYTES)) {
            Map<String, String> env = BenchProcess.env("audio");
            env.put("POLLINATIONS_API_TOKEN", "sk_bench");
            env.put("POLLINATIONS_GEN_API_BASE", upstream.baseUrl());
            try (BenchProcess server = BenchProcess.start(
                    List.of("-Xms" + HEAP_MB + "m", "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC"), env)) {
                URI speech = URI.create("http://127.0.0.1:" + server.port() + "/api/generate/audio");
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                download(client, speech, CLIENTS); // warm-up round
                System.gc();
                Thread.sleep(1000);
                double baseline = LoadGenerator.residentMiB(server.pid());
                double[] peak = {baseline};
                AtomicBoolean sampling = new AtomicBoolean(true);
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (sampling.get()) {
                        peak[0] = Math.max(peak[0], LoadGenerator.residentMiB(server.pid()));
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                long start = System.nanoTime();
                long bytes = 0;
                for (int r = 0; r < rounds; r++) {
                    bytes += download(client, speech, CLIENTS);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                sampling.set(false);
                sampler.join();
                long expected = (long) rounds * CLIENTS * AUDIO_BYTES;
                return List.of(
                        Figure.of("resident memory after warm-up", baseline, "MiB"),
                        Figure.of("peak resident memory while streaming", peak[0], "MiB"),
                        Figure.atMost("growth over the warm-up level", peak[0] - baseline, "MiB", 64),
                        Figure.of("in flight per round (32 x 5 MB)", CLIENTS * AUDIO_BYTES / 1048576.0, "MiB"),
                        Figure.of("server heap (fixed)", HEAP_MB, "MiB"),
                        Figure.atLeast("bytes delivered", bytes, "bytes", expected),
                        Figure.of("throughput", bytes / 1048576.0 / seconds, "MiB/s"));
            }
        }
    }

    /** One round: {@code clients} concurrent downloads; returns the bytes received. */
    private static long download(HttpClient client, URI speech, int clients) throws Exception {
        List<Future<Long>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                calls.add(threads.submit(() -> {
                    HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(speech)
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\",\"voice\":\"nova\"}")).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    long n = 0;
                    try (InputStream in = res.body()) {
                        byte[] buf = new byte[64 * 1024];
                        int r;
                        while ((r = in.read(buf)) > 0) {
                            n += r;
                        }
                    }
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException("status " + res.statusCode());
                    }
                    return n;
                }));
            }
        }
        long total = 0;
        for (Future<Long> call : calls) {
            total += call.get();
        }
        return total;
    }
}
