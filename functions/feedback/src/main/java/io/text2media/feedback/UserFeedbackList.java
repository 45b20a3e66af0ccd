package io.text2media.feedback;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code user_feedback:{userId}}: the user's feedback ids, newest first, at most 20 (the original's layout). Updated
 * with compare-and-set on the entry's version, so concurrent additions never lose one (the original read, then wrote).
 */
final class UserFeedbackList {
    static final int MAX = 20;
    private static final int MAX_ROUNDS = 50;
    private static final Log LOG = Log.of(UserFeedbackList.class);

    /** The stored list is not a JSON array of ids. */
    static final class MalformedListException extends RuntimeException {
        MalformedListException() {
            super("user feedback list is not a JSON array", null, false, false);
        }
    }

    private final KvStore store;

    UserFeedbackList(KvStore store) {
        this.store = store;
    }

    /** The ids, newest first; empty when the user has none; {@link MalformedListException} when the entry is broken. */
    List<String> read(String userId) {
        Optional<KvEntry> entry = store.get(Namespace.FEEDBACK, FeedbackKeys.userList(userId));
        if (entry.isEmpty()) {
            return List.of();
        }
        return ids(entry.get()).orElseThrow(MalformedListException::new);
    }

    /** Puts {@code id} first, keeping the 20 newest. */
    void prepend(String userId, String id) {
        String key = FeedbackKeys.userList(userId);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<KvEntry> entry = store.get(Namespace.FEEDBACK, key);
            if (entry.isEmpty()) {
                if (store.putIfAbsent(Namespace.FEEDBACK, key, text(List.of(id)), null)) {
                    return;
                }
                continue;
            }
            List<String> ids = new ArrayList<>();
            ids.add(id);
            List<String> old = ids(entry.get()).orElseGet(() -> {
                LOG.warn("feedback_list_malformed_replaced", "userId", userId);
                return List.of();
            });
            for (String existing : old) {
                if (ids.size() < MAX && !existing.equals(id)) {
                    ids.add(existing);
                }
            }
            if (store.compareAndSet(Namespace.FEEDBACK, key, entry.get().version(), text(ids), null)) {
                return;
            }
        }
        throw new IllegalStateException("feedback list update did not settle after " + MAX_ROUNDS + " rounds");
    }

    private static Optional<List<String>> ids(KvEntry entry) {
        JsonValue value;
        try {
            value = Jsons.parse(entry.value());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!(value instanceof JsonArray array)) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (JsonValue v : array) {
            if (v instanceof JsonString s) {
                ids.add(s.getString());
            }
        }
        return Optional.of(ids);
    }

    private static String text(List<String> ids) {
        JsonArrayBuilder array = Jsons.array();
        ids.forEach(array::add);
        return Jsons.text(array.build());
    }
}
