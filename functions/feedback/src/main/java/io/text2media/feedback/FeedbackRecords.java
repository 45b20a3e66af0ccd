package io.text2media.feedback;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvPage;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The feedback records ({@code feedback_{userId}_{epochMs}}, no TTL) in the FEEDBACK namespace. */
final class FeedbackRecords {
    private static final int PAGE = 1000;
    private static final int MAX_ROUNDS = 20;

    private final KvStore store;

    FeedbackRecords(KvStore store) {
        this.store = store;
    }

    /** A stored record and its key. */
    record Stored(String key, JsonObject record) {
    }

    /** Creates the record; false when one with that id exists already (never overwritten). */
    boolean create(String id, JsonObject record) {
        return store.putIfAbsent(Namespace.FEEDBACK, id, Jsons.text(record), null);
    }

    void delete(String id) {
        store.delete(Namespace.FEEDBACK, id);
    }

    /** The record under a record key; empty for other keys, missing entries and values that are not JSON objects. */
    Optional<JsonObject> get(String id) {
        if (!FeedbackKeys.isRecord(id)) {
            return Optional.empty();
        }
        return store.get(Namespace.FEEDBACK, id).flatMap(KvEntry::json);
    }

    /** Every record, reading the store page by page (not just its first 1000 keys, as the original did). */
    List<Stored> all() {
        List<Stored> out = new ArrayList<>();
        String cursor = null;
        do {
            KvPage page = store.list(Namespace.FEEDBACK, FeedbackKeys.RECORD_PREFIX, cursor, PAGE);
            for (KvEntry entry : page.entries()) {
                if (FeedbackKeys.isRecord(entry.key())) {
                    entry.json().ifPresent(record -> out.add(new Stored(entry.key(), record)));
                }
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return out;
    }

    /** Sets {@code status} (and {@code updated_at}) with compare-and-set; the updated record, or empty when there is none. */
    Optional<JsonObject> setStatus(String id, String status, String updatedAt) {
        if (!FeedbackKeys.isRecord(id)) {
            return Optional.empty();
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<KvEntry> entry = store.get(Namespace.FEEDBACK, id);
            Optional<JsonObject> record = entry.flatMap(KvEntry::json);
            if (record.isEmpty()) {
                return Optional.empty();
            }
            JsonObject updated = Jsons.object(record.get()).add("status", status).add("updated_at", updatedAt).build();
            if (store.compareAndSet(Namespace.FEEDBACK, id, entry.get().version(), Jsons.text(updated), null)) {
                return Optional.of(updated);
            }
        }
        throw new IllegalStateException("feedback update did not settle after " + MAX_ROUNDS + " rounds");
    }
}
