package io.text2media.shared.observe;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The figures of {@code /internal/health}'s {@code metrics} as Prometheus gauges, from the same windows, so a scrape
 * and the health page agree. Key-pool gauges come from the function that owns the pool.
 *
 * <p>Helidon 4.1.7 serves only the global registry, where a gauge is registered once per JVM; the gauges therefore
 * read the window of the application started last (one per process in production; tests start several in turn).
 */
public final class WindowGauges {
    private static final AtomicReference<RequestWindow> CURRENT = new AtomicReference<>();

    private WindowGauges() {
    }

    public static void register(MeterRegistry registry, RequestWindow window) {
        CURRENT.set(window);
        gauge(registry, "text2media.requests.per_second", "Requests per second over the last 60 s", window,
                RequestWindow.Figures::requestsPerSecond);
        gauge(registry, "text2media.response_time.average_ms", "Mean response time over the last 5 min (ms)", window,
                f -> f.averageResponseTimeMs());
        gauge(registry, "text2media.response_time.p95_ms", "95th percentile response time over the last 5 min (ms)",
                window, f -> f.p95ResponseTimeMs());
        gauge(registry, "text2media.error_rate", "Share of 5xx answers over the last 5 min", window, f -> f.errorRate());
        gauge(registry, "text2media.client_error_rate", "Share of 4xx answers over the last 5 min", window,
                f -> f.clientErrorRate());
        gauge(registry, "text2media.cache_hit_rate", "Cache hits / (hits + misses) over the last 5 min", window,
                f -> f.cacheHitRate());
    }

    private static void gauge(MeterRegistry registry, String name, String description, RequestWindow ignored,
                              Function<RequestWindow.Figures, Double> value) {
        Supplier<Double> supplier = () -> {
            Double v = value.apply(CURRENT.get().figures());
            if (v == null) {
                return 0.0; // no figure yet (an empty window)
            }
            return v;
        };
        registry.getOrCreate(Gauge.builder(name, supplier).description(description));
    }
}
