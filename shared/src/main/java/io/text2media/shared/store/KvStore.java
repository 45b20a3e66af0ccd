package io.text2media.shared.store;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The KV store of design.md §3 on one SQL table: get, put with TTL, put-if-absent, compare-and-set, delete, list by
 * prefix with a cursor, atomic increment with TTL. Expired entries are never returned (every read filters on
 * {@code expires_at}) and are swept in the background. Every operation is atomic on its own; there is no read-then-write.
 * {@link #counters} changes several counters in one transaction (a rate window and a daily quota).
 */
public final class KvStore {
    private static final int MAX_PAGE = 1000;

    private final Database database;
    private final Clock clock;

    public KvStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Database database() {
        return database;
    }

    public Optional<KvEntry> get(Namespace ns, String key) {
        long now = now();
        return guard(() -> database.execute()
                .createGet("SELECT k, v, version, expires_at, n FROM kv_entries WHERE ns = :ns AND k = :k "
                        + "AND (expires_at IS NULL OR expires_at > :now)")
                .addParam("ns", ns.name()).addParam("k", key).addParam("now", now)
                .execute()
                .map(KvStore::entry));
    }

    /** Writes the value, replacing any entry; {@code ttl} null means no expiry. */
    public void put(Namespace ns, String key, String value, Duration ttl) {
        long now = now();
        Long expires = expiry(now, ttl);
        guard(() -> {
            for (int attempt = 0; attempt < 5; attempt++) {
                long updated = database.execute()
                        .createUpdate("UPDATE kv_entries SET v = :v, n = 0, version = version + 1, expires_at = :exp, "
                                + "updated_at = :now WHERE ns = :ns AND k = :k")
                        .addParam("v", value).addParam("exp", (Object) expires).addParam("now", now)
                        .addParam("ns", ns.name()).addParam("k", key)
                        .execute();
                if (updated > 0 || insert(ns, key, value, 0, expires, now)) {
                    return null;
                }
            }
            throw new IllegalStateException("put did not settle after 5 attempts");
        });
    }

    /** Creates the entry only if no live one exists; true when this call created it. Exactly one of N racing callers wins. */
    public boolean putIfAbsent(Namespace ns, String key, String value, Duration ttl) {
        long now = now();
        Long expires = expiry(now, ttl);
        return guard(() -> {
            if (insert(ns, key, value, 0, expires, now)) {
                return true;
            }
            // An expired entry may still occupy the key until the sweeper runs: take it over atomically.
            return database.execute()
                    .createUpdate("UPDATE kv_entries SET v = :v, n = 0, version = version + 1, expires_at = :exp, "
                            + "updated_at = :now WHERE ns = :ns AND k = :k AND expires_at IS NOT NULL AND expires_at <= :now")
                    .addParam("v", value).addParam("exp", (Object) expires).addParam("now", now)
                    .addParam("ns", ns.name()).addParam("k", key)
                    .execute() == 1;
        });
    }

    /** Replaces the value only if the live entry still has {@code expectedVersion}; true when it did. */
    public boolean compareAndSet(Namespace ns, String key, long expectedVersion, String value, Duration ttl) {
        long now = now();
        Long expires = expiry(now, ttl);
        return guard(() -> database.execute()
                .createUpdate("UPDATE kv_entries SET v = :v, version = version + 1, expires_at = :exp, updated_at = :now "
                        + "WHERE ns = :ns AND k = :k AND version = :ver AND (expires_at IS NULL OR expires_at > :now)")
                .addParam("v", value).addParam("exp", (Object) expires).addParam("now", now)
                .addParam("ns", ns.name()).addParam("k", key).addParam("ver", expectedVersion)
                .execute() == 1);
    }

    /** Deletes the entry; true when a live entry was removed. */
    public boolean delete(Namespace ns, String key) {
        long now = now();
        return guard(() -> database.execute()
                .createDelete("DELETE FROM kv_entries WHERE ns = :ns AND k = :k AND (expires_at IS NULL OR expires_at > :now)")
                .addParam("ns", ns.name()).addParam("k", key).addParam("now", now)
                .execute() == 1);
    }

    /** Deletes the entry only if it still has {@code expectedVersion}: an atomic "consume once". */
    public boolean deleteIfVersion(Namespace ns, String key, long expectedVersion) {
        long now = now();
        return guard(() -> database.execute()
                .createDelete("DELETE FROM kv_entries WHERE ns = :ns AND k = :k AND version = :ver "
                        + "AND (expires_at IS NULL OR expires_at > :now)")
                .addParam("ns", ns.name()).addParam("k", key).addParam("ver", expectedVersion).addParam("now", now)
                .execute() == 1);
    }

    /**
     * Live entries whose key starts with {@code prefix}, in key order, after {@code cursor} (the last key of the
     * previous page). At most {@code limit} (1..1000) per page.
     */
    public KvPage list(Namespace ns, String prefix, String cursor, int limit) {
        int size = Math.max(1, Math.min(MAX_PAGE, limit));
        long now = now();
        return guard(() -> {
            List<KvEntry> entries = new ArrayList<>();
            try (Stream<DbRow> rows = database.execute()
                    .createQuery("SELECT k, v, version, expires_at, n FROM kv_entries WHERE ns = :ns "
                            + "AND k LIKE :pattern ESCAPE '!' AND k > :cursor "
                            + "AND (expires_at IS NULL OR expires_at > :now) ORDER BY k LIMIT " + (size + 1))
                    .addParam("ns", ns.name()).addParam("pattern", likePrefix(prefix))
                    .addParam("cursor", cursor == null ? "" : cursor).addParam("now", now)
                    .execute()) {
                rows.forEach(row -> entries.add(entry(row)));
            }
            if (entries.size() > size) {
                List<KvEntry> page = List.copyOf(entries.subList(0, size));
                return new KvPage(page, Optional.of(page.getLast().key()));
            }
            return new KvPage(List.copyOf(entries), Optional.empty());
        });
    }

    /**
     * Adds {@code delta} to the entry's counter and returns the new value and window end, atomically. A missing or expired counter
     * starts at {@code delta} with a fresh TTL; a live one keeps its expiry (a fixed window).
     */
    public Counter increment(Namespace ns, String key, long delta, Duration ttl) {
        return counters(tx -> tx.add(ns, key, delta, ttl));
    }

    /**
     * Several counter changes in one transaction, committed together: one commit where separate increments make one
     * each (on H2 every commit writes the file, on PostgreSQL it flushes the log), and no other caller sees half of
     * them. {@code work} may run more than once: a counter it touches that does not exist yet is created between
     * attempts and the work repeated. So it must do nothing but count, and decide from what it counted.
     */
    public <T> T counters(Function<Counters, T> work) {
        long now = now();
        return guard(() -> {
            for (int attempt = 0; attempt < 10; attempt++) {
                try {
                    return database.inTransaction(tx -> work.apply(new Counters(tx, now)));
                } catch (MissingCounter missing) {
                    // created at 0 with its window starting now; a concurrent creator may win, either way the retry counts
                    insert(missing.ns, missing.key, null, 0, missing.expires, now);
                }
            }
            throw new IllegalStateException("counters did not settle after 10 attempts");
        });
    }

    /** The counters of one {@link #counters} transaction. */
    public static final class Counters {
        private final DbTransaction tx;
        private final long now;

        private Counters(DbTransaction tx, long now) {
            this.tx = tx;
            this.now = now;
        }

        /**
         * Adds {@code delta} to the counter; a counter whose window ended starts a new one of {@code ttl} at
         * {@code delta}. The row stays locked until the transaction ends, so concurrent callers count one after another.
         */
        public Counter add(Namespace ns, String key, long delta, Duration ttl) {
            Long expires = expiry(now, ttl);
            long updated = tx.createUpdate("UPDATE kv_entries SET "
                            + "n = CASE WHEN expires_at IS NOT NULL AND expires_at <= :now THEN :d ELSE n + :d END, "
                            + "expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at <= :now THEN :exp ELSE expires_at END, "
                            + "version = version + 1, updated_at = :now WHERE ns = :ns AND k = :k")
                    .addParam("now", now).addParam("d", delta).addParam("exp", (Object) expires)
                    .addParam("ns", ns.name()).addParam("k", key)
                    .execute();
            if (updated == 0) {
                throw new MissingCounter(ns, key, expires);
            }
            return tx.get("SELECT n, expires_at FROM kv_entries WHERE ns = ? AND k = ?", ns.name(), key)
                    .map(row -> new Counter(row.column(1).get(Long.class), instant(row.column(2).get(Long.class))))
                    .orElseThrow(() -> new MissingCounter(ns, key, expires));
        }
    }

    /** Ends a {@link #counters} attempt that met a counter not created yet (rolled back, then retried). */
    private static final class MissingCounter extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Namespace ns;
        private final String key;
        private final Long expires;

        MissingCounter(Namespace ns, String key, Long expires) {
            super(null, null, false, false); // control flow, not an error: no stack trace
            this.ns = ns;
            this.key = key;
            this.expires = expires;
        }
    }

    /**
     * A live entry whose key equals {@code key} ignoring case (the first in key order), found through the indexed
     * lower-case copy of the key: for records the original stored under a mixed-case email.
     */
    public Optional<KvEntry> findKeyIgnoreCase(Namespace ns, String key) {
        long now = now();
        return guard(() -> {
            try (Stream<DbRow> rows = database.execute()
                    .createQuery("SELECT k, v, version, expires_at, n FROM kv_entries WHERE ns = :ns AND kf = :k "
                            + "AND (expires_at IS NULL OR expires_at > :now) ORDER BY k LIMIT 1")
                    .addParam("ns", ns.name()).addParam("k", key.toLowerCase(java.util.Locale.ROOT)).addParam("now", now)
                    .execute()) {
                return rows.findFirst().map(KvStore::entry);
            }
        });
    }

    /** Removes expired entries; returns how many. */
    public long sweepExpired() {
        long now = now();
        return guard(() -> database.execute()
                .createDelete("DELETE FROM kv_entries WHERE expires_at IS NOT NULL AND expires_at <= :now")
                .addParam("now", now)
                .execute());
    }

    /** Live entries in a namespace (for health and reports). */
    public long count(Namespace ns) {
        long now = now();
        return guard(() -> database.execute()
                .createGet("SELECT COUNT(*) FROM kv_entries WHERE ns = :ns AND (expires_at IS NULL OR expires_at > :now)")
                .addParam("ns", ns.name()).addParam("now", now)
                .execute()
                .map(row -> row.column(1).get(Long.class))
                .orElse(0L));
    }

    private boolean insert(Namespace ns, String key, String value, long counter, Long expires, long now) {
        DbExecute exec = database.execute();
        try {
            return exec.createInsert("INSERT INTO kv_entries (ns, k, kf, v, n, version, expires_at, updated_at) "
                            + "SELECT :ns, :k, :kf, :v, :n, 1, :exp, :now WHERE NOT EXISTS "
                            + "(SELECT 1 FROM kv_entries WHERE ns = :ns AND k = :k)")
                    .addParam("ns", ns.name()).addParam("k", key).addParam("kf", key.toLowerCase(java.util.Locale.ROOT))
                    .addParam("v", (Object) value)
                    .addParam("n", counter).addParam("exp", (Object) expires).addParam("now", now)
                    .execute() == 1;
        } catch (RuntimeException e) {
            if (DbErrors.isUniqueViolation(e)) {
                return false; // lost a race with another insert of the same key
            }
            throw e;
        }
    }

    private static KvEntry entry(DbRow row) {
        Long counter = row.column(5).get(Long.class);
        return new KvEntry(
                row.column(1).get(String.class),
                row.column(2).get(String.class),
                row.column(3).get(Long.class),
                instant(row.column(4).get(Long.class)),
                counter == null ? 0 : counter);
    }

    /** LIKE pattern matching keys that start with {@code prefix}, with '!' escaping the wildcards. */
    static String likePrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return p.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    /** A counter's value after an increment, and when its window ends (null: never). */
    public record Counter(long value, Instant expiresAt) {
    }

    private static Long expiry(long now, Duration ttl) {
        return ttl == null ? null : now + ttl.toMillis();
    }

    private long now() {
        return clock.millis();
    }

    private static <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw Database.translate(e);
        }
    }
}
