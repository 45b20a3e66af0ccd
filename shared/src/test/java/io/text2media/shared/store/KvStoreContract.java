package io.text2media.shared.store;

import io.text2media.shared.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KV store's behaviour, run against each real database by a subclass. */
abstract class KvStoreContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    protected Database database;
    protected KvStore store;

    protected abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        store = new KvStore(database, clock);
    }

    @AfterEach
    void closeDatabase() {
        if (database != null) { // null when the database was skipped (PostgreSQL not reachable outside CI)
            database.close();
        }
    }

    @Test
    void putThenGetReturnsTheValueAndAVersion() {
        store.put(Namespace.USERS, "a@b.co", "{\"id\":\"1\"}", null);
        KvEntry entry = store.get(Namespace.USERS, "a@b.co").orElseThrow();
        assertEquals("{\"id\":\"1\"}", entry.value());
        assertEquals("1", entry.json().orElseThrow().getString("id"));
        assertEquals(null, entry.expiresAt());

        store.put(Namespace.USERS, "a@b.co", "{\"id\":\"2\"}", null);
        KvEntry replaced = store.get(Namespace.USERS, "a@b.co").orElseThrow();
        assertEquals("{\"id\":\"2\"}", replaced.value());
        assertTrue(replaced.version() > entry.version());
    }

    @Test
    void namespacesAreSeparate() {
        store.put(Namespace.USERS, "k", "\"users\"", null);
        store.put(Namespace.FEEDBACK, "k", "\"feedback\"", null);
        assertEquals("\"users\"", store.get(Namespace.USERS, "k").orElseThrow().value());
        assertEquals("\"feedback\"", store.get(Namespace.FEEDBACK, "k").orElseThrow().value());
        assertTrue(store.get(Namespace.RESET_TOKENS, "k").isEmpty());
    }

    @Test
    void expiredEntriesAreNeverReturnedAndAreSwept() {
        store.put(Namespace.RESET_TOKENS, "t", "{}", Duration.ofSeconds(60));
        assertTrue(store.get(Namespace.RESET_TOKENS, "t").isPresent());
        assertEquals(clock.instant().plusSeconds(60), store.get(Namespace.RESET_TOKENS, "t").orElseThrow().expiresAt());

        clock.advance(Duration.ofSeconds(60));
        assertTrue(store.get(Namespace.RESET_TOKENS, "t").isEmpty(), "expired at exactly its TTL");
        assertTrue(store.list(Namespace.RESET_TOKENS, "", null, 10).entries().isEmpty());
        assertFalse(store.delete(Namespace.RESET_TOKENS, "t"), "an expired entry is not there to delete");
        assertEquals(0, store.count(Namespace.RESET_TOKENS));

        assertEquals(1, store.sweepExpired());
        assertEquals(0, store.sweepExpired());
    }

    @Test
    void putIfAbsentCreatesOnlyOnceAndTakesOverAnExpiredEntry() {
        assertTrue(store.putIfAbsent(Namespace.USERS, "x", "\"first\"", Duration.ofSeconds(10)));
        assertFalse(store.putIfAbsent(Namespace.USERS, "x", "\"second\"", null));
        assertEquals("\"first\"", store.get(Namespace.USERS, "x").orElseThrow().value());

        clock.advance(Duration.ofSeconds(11));
        assertTrue(store.putIfAbsent(Namespace.USERS, "x", "\"third\"", null), "an expired entry counts as absent");
        assertEquals("\"third\"", store.get(Namespace.USERS, "x").orElseThrow().value());
    }

    @Test
    void compareAndSetChecksTheVersion() {
        store.put(Namespace.FEEDBACK, "list", "[]", null);
        long version = store.get(Namespace.FEEDBACK, "list").orElseThrow().version();
        assertTrue(store.compareAndSet(Namespace.FEEDBACK, "list", version, "[1]", null));
        assertFalse(store.compareAndSet(Namespace.FEEDBACK, "list", version, "[2]", null), "stale version");
        assertEquals("[1]", store.get(Namespace.FEEDBACK, "list").orElseThrow().value());
        assertFalse(store.compareAndSet(Namespace.FEEDBACK, "missing", 1, "[]", null));
    }

    @Test
    void deleteAndDeleteIfVersion() {
        store.put(Namespace.STATE, "s", "{}", null);
        long version = store.get(Namespace.STATE, "s").orElseThrow().version();
        assertFalse(store.deleteIfVersion(Namespace.STATE, "s", version + 1));
        assertTrue(store.deleteIfVersion(Namespace.STATE, "s", version));
        assertFalse(store.delete(Namespace.STATE, "s"));
        store.put(Namespace.STATE, "s", "{}", null);
        assertTrue(store.delete(Namespace.STATE, "s"));
        assertTrue(store.get(Namespace.STATE, "s").isEmpty());
    }

    @Test
    void listPagesThroughAPrefixInKeyOrderWithACursor() {
        for (int i = 0; i < 25; i++) {
            store.put(Namespace.FEEDBACK, String.format("feedback_u_%03d", i), "{}", null);
        }
        store.put(Namespace.FEEDBACK, "feedbackXother", "{}", null); // '_' in the prefix is literal, not a wildcard
        store.put(Namespace.FEEDBACK, "user_feedback:u", "[]", null);
        store.put(Namespace.FEEDBACK, "feedback_u_999", "{}", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));

        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            KvPage page = store.list(Namespace.FEEDBACK, "feedback_", cursor, 10);
            page.entries().forEach(e -> keys.add(e.key()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(25, keys.size());
        assertEquals("feedback_u_000", keys.getFirst());
        assertEquals("feedback_u_024", keys.getLast());
        assertEquals(List.copyOf(new java.util.TreeSet<>(keys)), keys, "key order");
    }

    @Test
    void listEscapesLikeWildcards() {
        store.put(Namespace.FEEDBACK, "a%b", "{}", null);
        store.put(Namespace.FEEDBACK, "axb", "{}", null);
        assertEquals(List.of("a%b"), store.list(Namespace.FEEDBACK, "a%", null, 10).entries().stream().map(KvEntry::key).toList());
    }

    @Test
    void incrementCountsWithinAFixedWindowAndRestartsAfterIt() {
        KvStore.Counter first = store.increment(Namespace.RATE_LIMITS, "c", 1, Duration.ofSeconds(60));
        assertEquals(1, first.value());
        assertEquals(clock.instant().plusSeconds(60), first.expiresAt());
        clock.advance(Duration.ofSeconds(30));
        KvStore.Counter second = store.increment(Namespace.RATE_LIMITS, "c", 2, Duration.ofSeconds(60));
        assertEquals(3, second.value());
        assertEquals(first.expiresAt(), second.expiresAt(), "a live window keeps its end");
        clock.advance(Duration.ofSeconds(30));
        KvStore.Counter fresh = store.increment(Namespace.RATE_LIMITS, "c", 1, Duration.ofSeconds(60));
        assertEquals(1, fresh.value(), "a new window starts from the delta");
        assertEquals(clock.instant().plusSeconds(60), fresh.expiresAt());
    }

    @Test
    void countersInOneTransactionCreateMissingCountersAndCommitTogether() {
        store.increment(Namespace.RATE_LIMITS, "old", 5, Duration.ofSeconds(60));
        List<KvStore.Counter> both = store.counters(tx -> List.of(
                tx.add(Namespace.RATE_LIMITS, "old", 1, Duration.ofSeconds(60)),
                tx.add(Namespace.RATE_LIMITS, "new", 1, Duration.ofHours(2))));
        assertEquals(6, both.get(0).value());
        assertEquals(1, both.get(1).value(), "a counter that did not exist starts at the delta, counted once");
        assertEquals(clock.instant().plus(Duration.ofHours(2)), both.get(1).expiresAt());
        assertEquals(6, store.get(Namespace.RATE_LIMITS, "old").orElseThrow().counter(), "the retry did not count twice");
        assertEquals(1, store.get(Namespace.RATE_LIMITS, "new").orElseThrow().counter());
    }

    @Test
    void aFailingCountersTransactionCountsNothing() {
        store.increment(Namespace.RATE_LIMITS, "a", 1, Duration.ofSeconds(60));
        store.increment(Namespace.RATE_LIMITS, "b", 1, Duration.ofSeconds(60));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> store.counters(tx -> {
                    tx.add(Namespace.RATE_LIMITS, "a", 1, Duration.ofSeconds(60));
                    tx.add(Namespace.RATE_LIMITS, "b", 1, Duration.ofSeconds(60));
                    throw new IllegalStateException("decided against it");
                }));
        assertEquals("decided against it", e.getMessage());
        assertEquals(1, store.get(Namespace.RATE_LIMITS, "a").orElseThrow().counter(), "rolled back with the other");
        assertEquals(1, store.get(Namespace.RATE_LIMITS, "b").orElseThrow().counter());
    }

    @Test
    void twentyThreadsCountingTwoCountersTogetherNeverSeeThemApart() throws Exception {
        List<List<Long>> seen = race(20, i -> {
            List<Long> gaps = new ArrayList<>();
            for (int n = 0; n < 25; n++) {
                gaps.add(store.counters(tx -> {
                    long minute = tx.add(Namespace.RATE_LIMITS, "pair:minute", 1, Duration.ofHours(1)).value();
                    long day = tx.add(Namespace.RATE_LIMITS, "pair:day", 1, Duration.ofDays(1)).value();
                    return day - minute;
                }));
            }
            return gaps;
        });
        assertTrue(seen.stream().flatMap(List::stream).allMatch(gap -> gap == 0), "each transaction saw both at the same count");
        assertEquals(500, store.get(Namespace.RATE_LIMITS, "pair:minute").orElseThrow().counter());
        assertEquals(500, store.get(Namespace.RATE_LIMITS, "pair:day").orElseThrow().counter());
    }

    @Test
    void findKeyIgnoreCaseFindsAMixedCaseKey() {
        store.put(Namespace.USERS, "Alice@Example.com", "{\"id\":\"a\"}", null);
        assertEquals("Alice@Example.com", store.findKeyIgnoreCase(Namespace.USERS, "alice@example.com").orElseThrow().key());
        assertTrue(store.get(Namespace.USERS, "alice@example.com").isEmpty());
        assertTrue(store.findKeyIgnoreCase(Namespace.USERS, "bob@example.com").isEmpty());
    }

    @Test
    void fiftyThreadsRacingPutIfAbsentOnOneKeyHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 3; round++) {
            String key = "race-" + round;
            List<Boolean> results = race(50, i -> store.putIfAbsent(Namespace.USERS, key, "{\"winner\":" + i + "}", null));
            assertEquals(1, results.stream().filter(b -> b).count(), "exactly one winner in round " + round);
            String stored = store.get(Namespace.USERS, key).orElseThrow().value();
            int winner = results.indexOf(Boolean.TRUE);
            assertEquals("{\"winner\":" + winner + "}", stored, "the stored value is the winner's");
        }
    }

    @Test
    void fiftyThreadsIncrementingOneCounterAHundredTimesEachCountExactly5000() throws Exception {
        List<List<Long>> seen = race(50, i -> {
            List<Long> values = new ArrayList<>();
            for (int n = 0; n < 100; n++) {
                values.add(store.increment(Namespace.RATE_LIMITS, "hot", 1, Duration.ofHours(1)).value());
            }
            return values;
        });
        Set<Long> distinct = new HashSet<>();
        seen.forEach(distinct::addAll);
        assertEquals(5000, distinct.size(), "every increment returned its own value");
        assertEquals(5000, store.get(Namespace.RATE_LIMITS, "hot").orElseThrow().counter());
    }

    @Test
    void concurrentCompareAndSetLetsExactlyOneWriterThrough() throws Exception {
        store.put(Namespace.RESET_TOKENS, "token", "{\"used\":false}", Duration.ofHours(1));
        long version = store.get(Namespace.RESET_TOKENS, "token").orElseThrow().version();
        List<Boolean> results = race(20, i -> store.compareAndSet(Namespace.RESET_TOKENS, "token", version, "{\"used\":true}", null));
        assertEquals(1, results.stream().filter(b -> b).count());
        assertNotEquals(version, store.get(Namespace.RESET_TOKENS, "token").orElseThrow().version());
    }

    @Test
    void largeValuesRoundTrip() {
        String big = "\"" + "x".repeat(3_000_000) + "\"";
        store.put(Namespace.IMAGES_CACHE, "big", big, null);
        assertEquals(big.length(), store.get(Namespace.IMAGES_CACHE, "big").orElseThrow().value().length());
    }

    @Test
    void missingKeysAreEmpty() {
        assertEquals(Optional.empty(), store.get(Namespace.USERS, "nobody"));
    }

    /** Runs {@code n} tasks released at the same instant and collects their results in task order. */
    protected static <T> List<T> race(int n, RaceTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger ready = new AtomicInteger();
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> call = () -> {
                    ready.incrementAndGet();
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            while (ready.get() < n) {
                Thread.onSpinWait();
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    protected interface RaceTask<T> {
        T run(int index) throws Exception;
    }
}
