package io.text2media.health;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.KeyPoolStatus;
import io.text2media.shared.observe.RequestWindow;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * The {@code metrics} object of {@code /internal/health}, from this process's sliding windows (the same figures as the
 * Prometheus gauges): requests since start, requests per second over the last minute, mean and p95 response time,
 * 5xx and 4xx rates and cache hit rate over the last five minutes, and the LLM key pool's active and healthy keys
 * when the prompt function runs in this process. Times are milliseconds, rates fractions (0..1), null when undefined.
 */
final class HealthMetrics {
    private final FunctionContext context;

    HealthMetrics(FunctionContext context) {
        this.context = context;
    }

    JsonObject snapshot() {
        RequestWindow.Figures f = context.requestWindow().figures();
        Optional<KeyPoolStatus> pool = context.service(KeyPoolStatus.class);
        JsonObjectBuilder json = Jsons.object()
                .add("requests_total", f.requestsTotal())
                .add("requests_per_second", round(f.requestsPerSecond()))
                .add("average_response_time", number(f.averageResponseTimeMs()))
                .add("p95_response_time", number(f.p95ResponseTimeMs()))
                .add("error_rate", number(f.errorRate()))
                .add("client_error_rate", number(f.clientErrorRate()))
                .add("cache_hit_rate", number(f.cacheHitRate()))
                .add("active_api_keys", pool.map(p -> (JsonValue) Jsons.number(p.activeKeys())).orElse(JsonValue.NULL))
                .add("healthy_api_keys", pool.map(p -> (JsonValue) Jsons.number(p.healthyKeys())).orElse(JsonValue.NULL))
                .add("window_requests", f.windowRequests())
                .add("scope", String.join(",", context.functionVersions().keySet().stream().sorted().toList()));
        return json.build();
    }

    private static JsonValue number(Double value) {
        return value == null ? JsonValue.NULL : Jsons.provider().createValue(round(value));
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
