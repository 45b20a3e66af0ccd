package io.text2media.bench;

import io.text2media.shared.testing.TestEnv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start, what a scale-to-zero user waits for (issue 7): per function, the time from launching its release's JVM
 * (the packaged jar with infra/jvm.options, as deploy.sh and the container start it) to the first answer of one of
 * its own routes, and its resident memory once idle, with and without the AOT cache trained on it, on a database that
 * is already in place (as it is for every start after the first deployment)
 * ({@code scripts/aot-train.sh}). Targets: first response under 500 ms and idle memory under 96 MB, with the cache.
 * {@code -Dbench.rounds} starts per variant (default 5; the median is reported), {@code -Dbench.idleSeconds} the wait
 * before memory is read (default 5), {@code -Dbench.functions} which functions (comma-separated; default all).
 */
public final class ColdStartBenchmark implements Benchmark {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    /** A cheap request each function answers itself, and the status it answers with. */
    private static final Map<String, Probe> PROBES = Map.of(
            "auth", new Probe("GET", "/api/auth/validate", 401),
            "image", new Probe("POST", "/api/generate", 400),
            "audio", new Probe("POST", "/api/generate/audio", 400),
            "prompt", new Probe("POST", "/api/prompts/optimize", 400),
            "feedback", new Probe("GET", "/api/feedback/my", 401),
            "health", new Probe("GET", "/health", 200));
    private static final List<String> ORDER = List.of("auth", "image", "audio", "prompt", "feedback", "health");

    record Probe(String method, String path, int status) {
    }

    record Start(long firstResponseMillis, long idleRssKb) {
    }

    @Override
    public String name() {
        return "cold-start";
    }

    @Override
    public List<Figure> run() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        List<Figure> figures = new ArrayList<>();
        List<String> only = List.of(System.getProperty("bench.functions", String.join(",", ORDER)).split(","));
        for (String fn : ORDER.stream().filter(only::contains).toList()) {
            Path jar = ROOT.resolve("functions/" + fn + "/target/" + fn + ".jar");
            Path cache = jar.resolveSibling(fn + ".aot");
            train(jar, cache, fn);
            // Every start after a function's first deployment finds its database in place (the H2 file on one machine,
            // PostgreSQL in a cluster): one unmeasured start creates and migrates it, the measured ones reuse it.
            Path dataDir = Files.createTempDirectory("cold-start-" + fn);
            start(fn, jar, cache, dataDir);
            List<Start> plain = new ArrayList<>();
            List<Start> cached = new ArrayList<>();
            for (int i = 0; i < rounds; i++) { // interleaved, so a noisy moment hits both variants alike
                plain.add(start(fn, jar, null, dataDir));
                cached.add(start(fn, jar, cache, dataDir));
            }
            figures.add(Figure.of(fn + ": launch to first response, no AOT cache (median)", median(plain, true), "ms"));
            figures.add(Figure.atMost(fn + ": launch to first response, AOT cache (median)", median(cached, true), "ms", 500));
            figures.add(Figure.of(fn + ": idle resident memory, no AOT cache (median)", median(plain, false) / 1024.0, "MB"));
            figures.add(Figure.atMost(fn + ": idle resident memory, AOT cache (median)", median(cached, false) / 1024.0, "MB", 96));
        }
        return figures;
    }

    private static void train(Path jar, Path cache, String fn) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "scripts/aot-train.sh", "--if-stale", jar.toString(), cache.toString(), fn)
                .directory(ROOT.toFile()).inheritIO().start();
        if (p.waitFor() != 0 || !Files.exists(cache)) {
            throw new IllegalStateException("could not train the AOT cache of " + fn);
        }
    }

    private static Start start(String fn, Path jar, Path cache, Path dataDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "@" + ROOT.resolve("infra/jvm.options")));
        if (cache != null) {
            command.add("-XX:AOTCache=" + cache);
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile("cold-start-" + fn, ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("PROFILE", "prod", "JWT_SECRET", TestEnv.JWT_SECRET, "PORT", String.valueOf(port),
                "HOST", "127.0.0.1", "LOG_LEVEL", "warn", "DATA_DIR", dataDir.toString()));
        Probe probe = PROBES.get(fn);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe.path()))
                .method(probe.method(), probe.method().equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build();
        long launched = System.nanoTime();
        Process process = pb.start();
        try {
            long first = -1;
            while (first < 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(fn + " exited:\n" + Files.readString(log));
                }
                if (System.nanoTime() - launched > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException(fn + " did not answer within 60 s:\n" + Files.readString(log));
                }
                try {
                    HttpResponse<Void> res = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (res.statusCode() != probe.status()) {
                        throw new IllegalStateException(fn + " answered " + res.statusCode() + " to " + probe);
                    }
                    first = (System.nanoTime() - launched) / 1_000_000;
                } catch (IOException notYet) {
                    Thread.sleep(5);
                }
            }
            Thread.sleep(Integer.getInteger("bench.idleSeconds", 5) * 1000L);
            return new Start(first, rssKb(process.pid()));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static double median(List<Start> starts, boolean time) {
        List<Long> values = starts.stream().map(s -> time ? s.firstResponseMillis() : s.idleRssKb()).sorted().toList();
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
    }
}
