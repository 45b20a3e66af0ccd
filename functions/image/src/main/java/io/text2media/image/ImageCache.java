package io.text2media.image;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.lang.Lazy;
import io.text2media.shared.observe.Log;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The generation cache (design.md §5.11): results of reproducible requests (an explicit seed) kept in
 * {@code IMAGES_CACHE} for {@code IMAGE_CACHE_TTL_SECONDS}, keyed by the SHA-256 of the canonical upstream request,
 * behind a bounded in-memory front that holds the ready-to-send answer bytes. The cache is best effort: a store
 * failure is logged and counted as a miss, never a failed request.
 */
final class ImageCache {
    static final String KEY_PREFIX = "gen:";
    private static final Log LOG = Log.of(ImageCache.class);

    private final Supplier<KvStore> store;
    private final Clock clock;
    private final Duration ttl;
    private final Lazy<Cache<String, Front>> front;
    private final Counter memoryHits;
    private final Counter storeHits;
    private final Counter misses;
    private final Counter evictions;

    /** One answer in memory, with the moment its stored copy expires. */
    private record Front(byte[] json, Instant expiresAt) {
    }

    ImageCache(Supplier<KvStore> store, Clock clock, Duration ttl, long memoryBytes, MeterRegistry metrics) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.memoryHits = counter(metrics, "text2media.image.cache", "hit", "memory");
        this.storeHits = counter(metrics, "text2media.image.cache", "hit", "store");
        this.misses = counter(metrics, "text2media.image.cache", "miss", "none");
        this.evictions = metrics.getOrCreate(Counter.builder("text2media.image.cache.evictions")
                .description("Answers dropped from the in-memory front of the image cache to stay within its size"));
        // Built on first use (or by warmUp after the start): Caffeine costs tens of milliseconds to load.
        this.front = memoryBytes <= 0 ? null : new Lazy<>(() -> Caffeine.newBuilder()
                .maximumWeight(memoryBytes)
                .weigher((String k, Front v) -> v.json().length + 2 * k.length() + 64)
                .expireAfterWrite(ttl)
                .removalListener((String k, Front v, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .build());
    }

    /** Builds the in-memory front now, off the start path. */
    void warmUp() {
        if (front != null) {
            front.get();
        }
    }

    private static Counter counter(MeterRegistry metrics, String name, String result, String layer) {
        return metrics.getOrCreate(Counter.builder(name)
                .tags(List.of(Tag.create("result", result), Tag.create("layer", layer)))
                .description("Image cache lookups by result and by the layer that answered"));
    }

    /**
     * The canonical form of a request: the upstream path and query, which carry every parameter that shapes the image
     * and nothing else. The memory front keys on it as is; the store on its SHA-256 (computed only when memory misses).
     */
    static String canonical(ImageRequest request) {
        return PollinationsImageUrl.pathAndQuery(request);
    }

    /** The store key: SHA-256 (hex) of the canonical form. */
    static String storeKey(String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return KEY_PREFIX + HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached answer bytes for a canonical request, from memory or the store. */
    Optional<byte[]> lookup(String key) {
        Instant now = clock.instant();
        if (front != null) {
            Front hit = front.get().getIfPresent(key);
            if (hit != null && hit.expiresAt().isAfter(now)) {
                memoryHits.increment();
                return Optional.of(hit.json());
            }
        }
        try {
            Optional<KvEntry> entry = store.get().get(Namespace.IMAGES_CACHE, storeKey(key));
            Optional<JsonObject> stored = entry.flatMap(KvEntry::json);
            if (stored.isPresent()) {
                JsonObject v = stored.get();
                byte[] json = ImageResponses.json(v.getString("content_type"), v.getString("data").getBytes(StandardCharsets.US_ASCII));
                Instant expires = entry.get().expiresAt();
                remember(key, json, expires == null ? now.plus(ttl) : expires);
                storeHits.increment();
                return Optional.of(json);
            }
        } catch (RuntimeException e) {
            LOG.warn("image_cache_read_failed", "reason", e.getClass().getSimpleName());
        }
        misses.increment();
        return Optional.empty();
    }

    /** Keeps a fresh result in memory and in the store. */
    void store(String key, GeneratedImage image, byte[] json) {
        remember(key, json, clock.instant().plus(ttl));
        try {
            String value = Jsons.text(Jsons.object()
                    .add("content_type", image.contentType())
                    .add("data", java.util.Base64.getEncoder().encodeToString(image.bytes()))
                    .add("created_at", IsoTimes.format(clock.instant()))
                    .build());
            store.get().put(Namespace.IMAGES_CACHE, storeKey(key), value, ttl);
        } catch (RuntimeException e) {
            LOG.warn("image_cache_write_failed", "reason", e.getClass().getSimpleName());
        }
    }

    private void remember(String key, byte[] json, Instant expiresAt) {
        if (front != null) {
            front.get().put(key, new Front(json, expiresAt));
        }
    }
}
