package io.text2media.prompt;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The pool in Prometheus: {@code active_api_keys} and {@code healthy_api_keys} (ops-reference.md "Health metrics"),
 * per alias {@code text2media_llm_key_healthy}, {@code _success_rate} and {@code _latency_ms}, and a counter of call
 * outcomes per alias, {@code text2media_llm_key_calls_total{alias,outcome}}. Gauges read the pool when scraped.
 */
final class KeyPoolMetrics {
    private static final Tag UPSTREAM = Tag.create("upstream", ChatClient.UPSTREAM);

    private KeyPoolMetrics() {
    }

    static void register(MeterRegistry registry, KeyPool pool) {
        gauge(registry, "active_api_keys", List.of(UPSTREAM), "LLM keys configured and not disabled",
                () -> (double) pool.activeKeys());
        gauge(registry, "healthy_api_keys", List.of(UPSTREAM), "LLM keys that may take a request now",
                () -> (double) pool.healthyKeys());
        for (String alias : pool.aliases()) {
            List<Tag> tags = List.of(UPSTREAM, Tag.create("alias", alias));
            gauge(registry, "text2media.llm.key.healthy", tags, "1 when the key may take a request now",
                    () -> value(pool, alias, k -> k.healthy() ? 1 : 0));
            gauge(registry, "text2media.llm.key.success_rate", tags, "Success EWMA of the key's calls",
                    () -> value(pool, alias, KeyPool.KeySnapshot::successRate));
            gauge(registry, "text2media.llm.key.latency_ms", tags, "Latency EWMA of the key's successful calls",
                    () -> value(pool, alias, k -> k.latencyMs() == null ? Double.NaN : k.latencyMs()));
        }
        pool.listener((alias, outcome) -> registry.getOrCreate(Counter.builder("text2media.llm.key.calls")
                .tags(List.of(UPSTREAM, Tag.create("alias", alias), Tag.create("outcome", outcome.label())))
                .description("LLM calls per key and outcome")).increment());
    }

    private static double value(KeyPool pool, String alias, ToDoubleFunction<KeyPool.KeySnapshot> read) {
        return pool.snapshot().stream().filter(k -> k.alias().equals(alias)).mapToDouble(read).findFirst().orElse(Double.NaN);
    }

    /**
     * The registry is process-wide: a gauge left by an earlier start of this function (tests start several) would keep
     * reading the old pool, so it is replaced.
     */
    private static void gauge(MeterRegistry registry, String name, List<Tag> tags, String description, Supplier<Double> value) {
        registry.meters(m -> m.id().name().equals(name) && sameTags(m, tags)).forEach(registry::remove);
        registry.getOrCreate(Gauge.builder(name, value).tags(tags).description(description));
    }

    private static boolean sameTags(Meter meter, List<Tag> tags) {
        for (Tag tag : tags) {
            if (!tag.value().equals(meter.id().tagsMap().get(tag.key()))) {
                return false;
            }
        }
        return true;
    }
}
