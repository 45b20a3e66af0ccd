package io.text2media.prompt;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.Log;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The LLM's answers, so the same text (and target language, model, instruction) is not paid for twice within the TTL.
 * Two tiers: a bounded in-memory LRU in front, and the store (namespace STATE, keys {@code prompt_cache:<sha256>})
 * shared by every instance. The key is the SHA-256 of the canonical request, never the text itself. A store failure
 * on this path is a miss, never an error: the cache must not break the route.
 */
final class AnswerCache {
    static final String KEY_PREFIX = "prompt_cache:";
    private static final Log LOG = Log.of(AnswerCache.class);

    private final KvStore store;
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Cached> memory;
    private final Counter hits;
    private final Counter misses;

    AnswerCache(KvStore store, Duration ttl, int maxEntries, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.memory = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > AnswerCache.this.maxEntries;
            }
        };
        this.hits = metrics.getOrCreate(Counter.builder("text2media.prompt.cache")
                .tags(List.of(Tag.create("result", "hit"))).description("Prompt-function answers served from the cache"));
        this.misses = metrics.getOrCreate(Counter.builder("text2media.prompt.cache")
                .tags(List.of(Tag.create("result", "miss"))).description("Prompt-function answers served from the cache"));
    }

    boolean enabled() {
        return !ttl.isZero();
    }

    /** The key of one request: what was asked (route, model, instruction version, language) and the exact text. */
    static String key(String route, String model, String language, String text) {
        String canonical = String.join("\n", route, model, Instructions.VERSION, language, text);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> get(String key) {
        if (!enabled()) {
            return Optional.empty();
        }
        long now = clock.millis();
        synchronized (memory) {
            Cached entry = memory.get(key);
            if (entry != null && entry.expiresAt > now) {
                hits.increment();
                return Optional.of(entry.content);
            }
            if (entry != null) {
                memory.remove(key);
            }
        }
        Optional<Cached> stored = readStore(key, now);
        if (stored.isPresent()) {
            hits.increment();
            remember(key, stored.get().content, stored.get().expiresAt);
            return Optional.of(stored.get().content);
        }
        misses.increment();
        return Optional.empty();
    }

    void put(String key, String content) {
        if (!enabled()) {
            return;
        }
        remember(key, content, clock.millis() + ttl.toMillis());
        try {
            store.put(Namespace.STATE, KEY_PREFIX + key, Jsons.text(Jsons.object().add("content", content).build()), ttl);
        } catch (RuntimeException e) {
            LOG.warn("prompt_cache_write_failed", "error", e.getClass().getSimpleName());
        }
    }

    /** An answer and whether it came from the cache. */
    record Answer(String content, boolean cached) {
    }

    /**
     * The cached answer to {@code key}, or a fresh one from {@code ask}, which is kept when it is not empty; the call
     * is marked a cache hit or miss in the request log either way.
     */
    Answer answer(ServerRequest request, String key, Supplier<String> ask) {
        Optional<String> cached = get(key);
        RequestInfo.of(request).cacheHit(cached.isPresent());
        if (cached.isPresent()) {
            return new Answer(cached.get(), true);
        }
        String fresh = ask.get();
        if (!fresh.isEmpty()) {
            put(key, fresh);
        }
        return new Answer(fresh, false);
    }

    /** The stored answer, remembered in memory only until the stored entry itself expires. */
    private Optional<Cached> readStore(String key, long now) {
        try {
            return store.get(Namespace.STATE, KEY_PREFIX + key).flatMap(e -> e.json()
                    .flatMap(json -> Jsons.string(json, "content"))
                    .map(content -> new Cached(content, e.expiresAt() == null ? now + ttl.toMillis() : e.expiresAt().toEpochMilli())));
        } catch (RuntimeException e) {
            LOG.warn("prompt_cache_read_failed", "error", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void remember(String key, String content, long expiresAt) {
        if (maxEntries == 0) {
            return;
        }
        synchronized (memory) {
            memory.put(key, new Cached(content, expiresAt));
        }
    }

    private record Cached(String content, long expiresAt) {
    }
}
