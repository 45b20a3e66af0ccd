package io.text2media.shared.observe;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.RequestListener;

import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sliding windows over this process's calls (ops-reference.md "Health metrics"): per-second buckets for the last five
 * minutes, each with counts, errors, cache hits and misses, and a latency histogram. Figures are computed over
 * windows, never as lifetime averages: requests per second over the last 60 s; mean, p95, error and cache-hit rates
 * over the last 300 s. The histogram's buckets grow by 10%, so p95 is exact to within 5%.
 */
public final class RequestWindow implements RequestListener {
    static final int SECONDS = 300;
    static final int RATE_SECONDS = 60;
    private static final double GROWTH = 1.10;
    static final int BUCKETS = 140; // 1.1^140 ms ≈ 6.3e5 s: everything fits
    private final Clock clock;
    private final Second[] seconds = new Second[SECONDS];
    private final AtomicLong total = new AtomicLong();

    public RequestWindow(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < SECONDS; i++) {
            seconds[i] = new Second();
        }
    }

    /** The figures at this moment. Rates are null when there is nothing to divide by. */
    public record Figures(long requestsTotal, double requestsPerSecond, Double averageResponseTimeMs,
                          Double p95ResponseTimeMs, Double errorRate, Double clientErrorRate, Double cacheHitRate,
                          long windowRequests) {
    }

    @Override
    public void completed(ServerRequest request, RequestInfo info, int status, long responseBytes) {
        if (RequestLogListener.isObserved(request)) {
            record(status, info.elapsedMillis(), info.cacheHit());
        }
    }

    public void record(int status, long durationMs, Boolean cacheHit) {
        total.incrementAndGet();
        long now = clock.millis() / 1000;
        Second s = seconds[(int) (now % SECONDS)];
        synchronized (s) {
            if (s.epochSecond != now) {
                s.reset(now);
            }
            s.count++;
            if (status >= 500) {
                s.serverErrors++;
            } else if (status >= 400) {
                s.clientErrors++;
            }
            if (cacheHit != null) {
                if (cacheHit) {
                    s.hits++;
                } else {
                    s.misses++;
                }
            }
            s.durationSum += durationMs;
            s.histogram[bucket(durationMs)]++;
        }
    }

    public Figures figures() {
        long now = clock.millis() / 1000;
        long count = 0;
        long recent = 0;
        long server = 0;
        long client = 0;
        long hits = 0;
        long misses = 0;
        long durationSum = 0;
        long[] histogram = new long[BUCKETS];
        for (Second s : seconds) {
            synchronized (s) {
                long age = now - s.epochSecond;
                if (age < 0 || age >= SECONDS) {
                    continue;
                }
                count += s.count;
                if (age < RATE_SECONDS) {
                    recent += s.count;
                }
                server += s.serverErrors;
                client += s.clientErrors;
                hits += s.hits;
                misses += s.misses;
                durationSum += s.durationSum;
                for (int b = 0; b < BUCKETS; b++) {
                    histogram[b] += s.histogram[b];
                }
            }
        }
        return new Figures(total.get(), recent / (double) RATE_SECONDS,
                count == 0 ? null : durationSum / (double) count,
                count == 0 ? null : percentile(histogram, count, 0.95),
                count == 0 ? null : server / (double) count,
                count == 0 ? null : client / (double) count,
                hits + misses == 0 ? null : hits / (double) (hits + misses),
                count);
    }

    static int bucket(long millis) {
        if (millis < 1) {
            return 0;
        }
        int b = 1 + (int) (Math.log(millis) / Math.log(GROWTH));
        return Math.min(BUCKETS - 1, b);
    }

    /** The value at the quantile: the geometric middle of the bucket that holds it. */
    static double percentile(long[] histogram, long count, double quantile) {
        long rank = (long) Math.ceil(quantile * count);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += histogram[b];
            if (seen >= rank && histogram[b] > 0) {
                if (b == 0) {
                    return 0.5;
                }
                double low = Math.pow(GROWTH, b - 1);
                double high = Math.pow(GROWTH, b);
                return Math.sqrt(low * high);
            }
        }
        return Double.NaN;
    }

    private static final class Second {
        long epochSecond = -1;
        long count;
        long serverErrors;
        long clientErrors;
        long hits;
        long misses;
        long durationSum;
        final long[] histogram = new long[BUCKETS];

        void reset(long second) {
            epochSecond = second;
            count = 0;
            serverErrors = 0;
            clientErrors = 0;
            hits = 0;
            misses = 0;
            durationSum = 0;
            java.util.Arrays.fill(histogram, 0);
        }
    }
}
