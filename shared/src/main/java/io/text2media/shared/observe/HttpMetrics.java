package io.text2media.shared.observe;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.RequestListener;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus counters and timers per function and route template (never per raw path: ids would explode the series).
 * The meters are looked up once per label set and kept: a registry look-up per request cost a sixth of the CPU of a
 * cache hit.
 */
public final class HttpMetrics implements RequestListener {
    private final MeterRegistry registry;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A record, but with its own equals and hashCode: a record's generated ones are bootstrapped on first use, which
     * cost the first request after a cold start ~10 ms.
     */
    private record CounterKey(String function, String route, String method, int statusClass) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CounterKey k && statusClass == k.statusClass && function.equals(k.function)
                    && route.equals(k.route) && method.equals(k.method);
        }

        @Override
        public int hashCode() {
            return ((function.hashCode() * 31 + route.hashCode()) * 31 + method.hashCode()) * 31 + statusClass;
        }
    }

    @Override
    public void completed(ServerRequest request, RequestInfo info, int status, long responseBytes) {
        String function = info.function() == null ? "none" : info.function();
        String route = info.route() == null ? "unmatched" : info.route();
        CounterKey key = new CounterKey(function, route, request.prologue().method().text(), status / 100);
        counters.computeIfAbsent(key, this::counter).increment();
        timers.computeIfAbsent(function, this::timer).record(Duration.ofMillis(info.elapsedMillis()));
    }

    private Counter counter(CounterKey key) {
        List<Tag> tags = List.of(Tag.create("function", key.function()), Tag.create("route", key.route()),
                Tag.create("method", key.method()), Tag.create("status", key.statusClass() + "xx"));
        return registry.getOrCreate(Counter.builder("text2media.requests").tags(tags)
                .description("Completed requests by function, route template, method and status class"));
    }

    private Timer timer(String function) {
        return registry.getOrCreate(Timer.builder("text2media.request.duration")
                .tags(List.of(Tag.create("function", function)))
                .description("Time to answer a request, by function"));
    }
}
