package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Direct reads and writes of the store, to seed the original's records and to check what a call left behind. */
final class Stores {

    private Stores() {
    }

    static Optional<JsonObject> user(KvStore store, String key) {
        return store.get(Namespace.USERS, key).flatMap(KvEntry::json);
    }

    static void putUser(KvStore store, String key, JsonObject record) {
        store.put(Namespace.USERS, key, Jsons.text(record), null);
    }

    static List<String> keys(KvStore store, Namespace ns) {
        List<String> keys = new ArrayList<>();
        store.list(ns, "", null, 1000).entries().forEach(e -> keys.add(e.key()));
        return keys;
    }

    /** Every entry of the namespace as text, for "nothing changed" comparisons. */
    static List<String> snapshot(KvStore store, Namespace ns) {
        List<String> rows = new ArrayList<>();
        store.list(ns, "", null, 1000).entries().forEach(e -> rows.add(e.key() + "=" + e.value() + "@" + e.version()));
        return rows;
    }
}
