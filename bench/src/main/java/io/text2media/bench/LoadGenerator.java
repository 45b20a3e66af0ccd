package io.text2media.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator: {@code clients} virtual threads each send requests back to back for a duration
 * (after a warm-up), recording every latency. Latency percentiles are exact (all samples are kept).
 */
public final class LoadGenerator {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one run measured. */
    public record Result(long requests, long errors, double seconds, long[] latenciesNanos) {
        public double perSecond() {
            return requests / seconds;
        }

        /** Percentile (0..100) of the latencies, in milliseconds. */
        public double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, index))] / 1_000_000.0;
        }
    }

    /** Runs {@code clients} loops of {@code request} (built per call from the client index). */
    public Result run(int clients, Duration warmUp, Duration duration, IntFunction<HttpRequest> request) throws InterruptedException {
        if (!warmUp.isZero()) {
            loop(clients, warmUp, request);
        }
        return loop(clients, duration, request);
    }

    private Result loop(int clients, Duration duration, IntFunction<HttpRequest> request) throws InterruptedException {
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                long[] samples = new long[1 << 20];
                perClient.add(samples);
                int index = c;
                threads.submit(() -> {
                    try {
                        int n = 0;
                        while (System.nanoTime() < end && n < samples.length) {
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<byte[]> res = client.send(request.apply(index), HttpResponse.BodyHandlers.ofByteArray());
                                if (res.statusCode() >= 400) {
                                    errors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                            samples[n++] = System.nanoTime() - t0;
                        }
                        counts[index] = n;
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int offset = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, offset, counts[c]);
            offset += counts[c];
        }
        Arrays.sort(all);
        return new Result(total, errors.get(), seconds, all);
    }

    public static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    }

    public static HttpRequest post(URI uri, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    /** Resident memory of a process, from /proc (Linux), in MiB; NaN elsewhere. */
    public static double residentMiB(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
