package io.text2media.image.locker;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HD image locker (original-contract.md §4.16, §12) in {@code IMAGES_CACHE}: per user at most 3 images per UTC day,
 * the oldest evicted first, each kept 24 h. Every image is its own entry ({@code hd_image:{user}:{id}}), so reading or
 * deleting one never rewrites the others; the day's list ({@code hd_images:{user}:{day}}, the original's key) holds
 * only their metadata and is updated with compare-and-set, so parallel saves never keep more than 3.
 */
public final class HdImageLocker {
    public static final int MAX_PER_DAY = 3;
    public static final long MAX_BYTES = 2L * 1024 * 1024;
    public static final Duration TTL = Duration.ofHours(24);
    private static final int CAS_ATTEMPTS = 20;
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KvStore store;
    private final Clock clock;

    public HdImageLocker(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a save asks to keep; {@code data} is the base64 text as sent (its size rule is the original's). */
    public record NewImage(String prompt, String base64, String contentType, JsonValue width, JsonValue height,
                           JsonValue seed, JsonValue model, JsonValue negative, long size) {
    }

    /** Saves the image and returns its stored JSON; evicts the day's oldest when there are already 3. */
    public JsonObject save(String userId, NewImage image) {
        Instant now = clock.instant();
        String id = newId(now);
        JsonObject stored = Jsons.object()
                .add("id", id)
                .add("prompt", image.prompt())
                .add("data", image.base64())
                .add("width", image.width())
                .add("height", image.height())
                .add("seed", image.seed())
                .add("model", image.model())
                .add("negative", image.negative())
                .add("created_at", now.toString())
                .add("size", image.size())
                .add("quality", "HD")
                .add("content_type", image.contentType())
                .build();
        store.put(Namespace.IMAGES_CACHE, imageKey(userId, id), Jsons.text(stored), TTL);
        JsonObject meta = metadata(stored);
        String dayKey = dayKey(userId, day(now));
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<KvEntry> current = store.get(Namespace.IMAGES_CACHE, dayKey);
            if (current.isEmpty()) {
                if (store.putIfAbsent(Namespace.IMAGES_CACHE, dayKey, Jsons.text(Jsons.array().add(meta).build()), TTL)) {
                    return stored;
                }
                continue;
            }
            List<JsonObject> list = new ArrayList<>(list(current.get()));
            list.add(meta);
            List<JsonObject> evicted = new ArrayList<>();
            while (list.size() > MAX_PER_DAY) {
                evicted.add(list.removeFirst());
            }
            if (store.compareAndSet(Namespace.IMAGES_CACHE, dayKey, current.get().version(), text(list), TTL)) {
                evicted.forEach(old -> store.delete(Namespace.IMAGES_CACHE, imageKey(userId, old.getString("id"))));
                return stored;
            }
        }
        store.delete(Namespace.IMAGES_CACHE, imageKey(userId, id));
        throw new IllegalStateException("the day's image list kept changing; save abandoned");
    }

    /** Today's (UTC) images of the user, metadata only, oldest first. */
    public List<JsonObject> today(String userId) {
        return store.get(Namespace.IMAGES_CACHE, dayKey(userId, today())).map(HdImageLocker::list).orElse(List.of());
    }

    public LocalDate today() {
        return day(clock.instant());
    }

    /** One of the user's images; another user's id is simply not found. */
    public Optional<StoredImage> find(String userId, String id) {
        return store.get(Namespace.IMAGES_CACHE, imageKey(userId, id)).flatMap(KvEntry::json).map(StoredImage::new);
    }

    /** Deletes one of the user's images; false when it does not exist (or is another user's). */
    public boolean delete(String userId, String id) {
        Optional<StoredImage> image = find(userId, id);
        if (image.isEmpty() || !store.delete(Namespace.IMAGES_CACHE, imageKey(userId, id))) {
            return false;
        }
        LocalDate day = day(Instant.parse(image.get().json().getString("created_at")));
        String dayKey = dayKey(userId, day);
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<KvEntry> current = store.get(Namespace.IMAGES_CACHE, dayKey);
            if (current.isEmpty()) {
                return true;
            }
            List<JsonObject> list = new ArrayList<>(list(current.get()));
            if (!list.removeIf(m -> id.equals(m.getString("id", null)))) {
                return true;
            }
            if (store.compareAndSet(Namespace.IMAGES_CACHE, dayKey, current.get().version(), text(list), TTL)) {
                return true;
            }
        }
        return true;
    }

    /** The listing fields of the original's daily answer (no data). */
    static JsonObject metadata(JsonObject stored) {
        var meta = Jsons.object();
        for (String field : new String[] {"id", "prompt", "width", "height", "seed", "model", "created_at", "size", "quality"}) {
            meta.add(field, stored.getOrDefault(field, JsonValue.NULL));
        }
        return meta.build();
    }

    static String imageKey(String userId, String id) {
        return "hd_image:" + userId + ":" + id;
    }

    static String dayKey(String userId, LocalDate day) {
        return "hd_images:" + userId + ":" + day;
    }

    private static LocalDate day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static List<JsonObject> list(KvEntry entry) {
        try {
            JsonValue value = Jsons.parse(entry.value());
            if (value instanceof JsonArray array) {
                return array.stream().filter(v -> v instanceof JsonObject).map(v -> (JsonObject) v).toList();
            }
        } catch (RuntimeException ignored) {
            // a damaged list reads as empty; the next save rewrites it
        }
        return List.of();
    }

    private static String text(List<JsonObject> list) {
        JsonArrayBuilder array = Jsons.array();
        list.forEach(array::add);
        return Jsons.text(array.build());
    }

    /** The original's id shape: {@code img_<epoch ms>_<9 base36 characters>}, here from a secure random source. */
    private static String newId(Instant now) {
        StringBuilder id = new StringBuilder("img_").append(now.toEpochMilli()).append('_');
        for (int i = 0; i < 9; i++) {
            id.append(BASE36.charAt(RANDOM.nextInt(BASE36.length())));
        }
        return id.toString();
    }
}
