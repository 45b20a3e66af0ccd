package io.text2media.prompt;

import io.text2media.shared.testing.MutableClock;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's selection and state machine, on an injected clock and a seeded random source. */
class KeyPoolTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    private KeyPool pool(String... keys) {
        return new KeyPool(List.of(keys), KeyPoolSettings.defaults(), clock, new SplittableRandom(42));
    }

    private static String use(KeyPool pool, KeyOutcome outcome) {
        return use(pool, outcome, null);
    }

    private static String use(KeyPool pool, KeyOutcome outcome, Duration retryAfter) {
        KeyLease lease = pool.acquire(Set.of()).orElseThrow();
        lease.settle(outcome, retryAfter);
        return lease.alias();
    }

    private static KeyPool.KeySnapshot key(KeyPool pool, String alias) {
        return pool.snapshot().stream().filter(k -> k.alias().equals(alias)).findFirst().orElseThrow();
    }

    /** Settles a call of the given key with the given outcome, acquiring until the pool lends that key. */
    private static void useKey(KeyPool pool, String alias, KeyOutcome outcome, Duration retryAfter) {
        for (int i = 0; i < 1000; i++) {
            KeyLease lease = pool.acquire(Set.of()).orElseThrow();
            if (lease.alias().equals(alias)) {
                lease.settle(outcome, retryAfter);
                return;
            }
            lease.close();
        }
        throw new AssertionError(alias + " never lent");
    }

    @Test
    void healthyKeysShareTheTrafficNotAlwaysTheFirst() {
        KeyPool pool = pool("a", "b", "c");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(use(pool, KeyOutcome.SUCCESS), 1, Integer::sum);
        }
        assertEquals(Set.of("key-1", "key-2", "key-3"), counts.keySet());
        counts.values().forEach(n -> assertTrue(n > 50, "each key gets a fair share: " + counts));
    }

    @Test
    void fasterAndMoreReliableKeysGetMoreTraffic() {
        AtomicLong ticker = new AtomicLong();
        KeyPool pool = new KeyPool(List.of("fast", "slow"), KeyPoolSettings.defaults(), clock, new SplittableRandom(7), ticker::get);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            KeyLease lease = pool.acquire(Set.of()).orElseThrow();
            // key-1 answers in 10 ms, key-2 in 200 ms
            ticker.addAndGet(Duration.ofMillis(lease.alias().equals("key-1") ? 10 : 200).toNanos());
            lease.settle(KeyOutcome.SUCCESS);
            counts.merge(lease.alias(), 1, Integer::sum);
        }
        assertEquals(10.0, key(pool, "key-1").latencyMs(), 0.001);
        assertTrue(counts.get("key-1") > 3 * counts.getOrDefault("key-2", 0), "weighted by latency: " + counts);
        assertTrue(counts.getOrDefault("key-2", 0) > 0, "the slow key still gets some traffic: " + counts);
    }

    @Test
    void moreReliableKeysGetMoreTrafficAtTheSameLatency() {
        KeyPoolSettings patient = new KeyPoolSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), 100,
                Duration.ofSeconds(30), Duration.ofSeconds(60));
        KeyPool pool = new KeyPool(List.of("reliable", "flaky"), patient, clock, new SplittableRandom(11));
        for (int i = 0; i < 10; i++) {
            useKey(pool, "key-2", KeyOutcome.SERVER_ERROR, null); // below the threshold: still healthy
        }
        assertEquals("healthy", key(pool, "key-2").state());
        assertTrue(key(pool, "key-2").successRate() < 0.2, key(pool, "key-2").toString());
        assertEquals(null, key(pool, "key-1").latencyMs(), "no latency measured: both weigh the same on that side");
        assertEquals(null, key(pool, "key-2").latencyMs());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            KeyLease lease = pool.acquire(Set.of()).orElseThrow();
            counts.merge(lease.alias(), 1, Integer::sum);
            lease.close(); // nothing sent: the success rates stay as they are
        }
        assertTrue(counts.get("key-1") > 4 * counts.getOrDefault("key-2", 0), "weighted by success rate: " + counts);
        assertTrue(counts.getOrDefault("key-2", 0) > 0, "the flaky key still gets some traffic: " + counts);
    }

    @Test
    void aKeyWhoseCircuitBreakerIsOpenIsNotLentNorCountedHealthy() {
        KeyPool pool = pool("a", "b");
        Set<String> open = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("key-1"));
        pool.circuits(open::contains);
        for (int i = 0; i < 30; i++) {
            assertEquals("key-2", use(pool, KeyOutcome.SUCCESS));
        }
        assertEquals(1, pool.healthyKeys());
        assertEquals(2, pool.activeKeys(), "an open breaker recovers by itself: the key is still active");
        KeyPool.KeySnapshot k = key(pool, "key-1");
        assertTrue(k.circuitOpen());
        assertFalse(k.healthy());
        assertEquals("open", pool.describe().getJsonArray("keys").getJsonObject(0).getString("circuit"));
        assertTrue(pool.acquire(Set.of("key-2")).isEmpty(), "no key to fail over to");

        open.clear(); // the breaker lets calls through again
        Set<String> lent = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            lent.add(use(pool, KeyOutcome.SUCCESS));
        }
        assertEquals(Set.of("key-1", "key-2"), lent);
        assertEquals("closed", pool.describe().getJsonArray("keys").getJsonObject(0).getString("circuit"));
    }

    @Test
    void aTrialIsNotGivenToAKeyWhoseCircuitBreakerIsOpen() {
        KeyPool pool = pool("a", "b");
        for (int i = 0; i < 3; i++) {
            useKey(pool, "key-1", KeyOutcome.SERVER_ERROR, null);
        }
        clock.advance(Duration.ofSeconds(30));
        pool.circuits(alias -> alias.equals("key-1"));
        assertEquals("key-2", use(pool, KeyOutcome.SUCCESS), "the trial waits for the breaker");
        pool.circuits(alias -> false);
        assertEquals("key-1", use(pool, KeyOutcome.SUCCESS), "then it goes first");
    }

    @Test
    void inFlightCallsLowerAKeysWeight() {
        KeyPool pool = pool("a", "b");
        KeyLease busy = pool.acquire(Set.of()).orElseThrow();
        List<KeyLease> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            KeyLease l = pool.acquire(Set.of()).orElseThrow();
            if (l.alias().equals(busy.alias())) {
                more.add(l);
            } else {
                l.close();
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            KeyLease l = pool.acquire(Set.of()).orElseThrow();
            counts.merge(l.alias(), 1, Integer::sum);
            l.close();
        }
        String other = busy.alias().equals("key-1") ? "key-2" : "key-1";
        assertTrue(counts.getOrDefault(other, 0) > counts.getOrDefault(busy.alias(), 0), counts.toString());
        busy.close();
        more.forEach(KeyLease::close);
        assertEquals(0, key(pool, "key-1").inFlight() + key(pool, "key-2").inFlight(), "closing releases");
    }

    @Test
    void excludedKeysAreNotLent() {
        KeyPool pool = pool("a", "b");
        for (int i = 0; i < 50; i++) {
            KeyLease lease = pool.acquire(Set.of("key-1")).orElseThrow();
            assertEquals("key-2", lease.alias());
            lease.close();
        }
        assertTrue(pool.acquire(Set.of("key-1", "key-2")).isEmpty());
    }

    @Test
    void a429CoolsTheKeyDownFor30sDoublingUpTo10Minutes() {
        KeyPool pool = pool("only");
        List<Long> cooldowns = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            use(pool, KeyOutcome.RATE_LIMITED);
            KeyPool.KeySnapshot k = key(pool, "key-1");
            assertEquals("cooldown", k.state());
            assertEquals("rate_limited", k.reason());
            cooldowns.add(Duration.between(clock.instant(), k.until()).toSeconds());
            assertTrue(pool.acquire(Set.of()).isEmpty(), "a cooling key is not lent");
            assertEquals(0, pool.healthyKeys());
            assertEquals(1, pool.activeKeys());
            clock.advance(Duration.between(clock.instant(), k.until()));
        }
        assertEquals(List.of(30L, 60L, 120L, 240L, 480L, 600L, 600L), cooldowns);
        assertEquals(1, pool.healthyKeys(), "the cool-down ends by itself");
        use(pool, KeyOutcome.SUCCESS);
        use(pool, KeyOutcome.RATE_LIMITED);
        assertEquals(30, Duration.between(clock.instant(), key(pool, "key-1").until()).toSeconds(), "a success resets the doubling");
    }

    @Test
    void retryAfterDecidesTheCoolDownCappedAtTheMaximum() {
        KeyPool pool = pool("only");
        use(pool, KeyOutcome.RATE_LIMITED, Duration.ofSeconds(7));
        assertEquals(7, Duration.between(clock.instant(), key(pool, "key-1").until()).toSeconds());
        assertEquals(Optional.of(Duration.ofSeconds(7)), pool.nextRecovery());
        clock.advance(Duration.ofSeconds(7));
        use(pool, KeyOutcome.RATE_LIMITED, Duration.ofHours(5));
        assertEquals(600, Duration.between(clock.instant(), key(pool, "key-1").until()).toSeconds());
    }

    @Test
    void repeatedFailuresOpenTheKeyThenOneTrialDecides() {
        KeyPool pool = pool("a", "b");
        useKey(pool, "key-1", KeyOutcome.SERVER_ERROR, null);
        useKey(pool, "key-1", KeyOutcome.TIMEOUT, null);
        assertEquals("healthy", key(pool, "key-1").state(), "below the threshold of 3");
        useKey(pool, "key-1", KeyOutcome.CONNECTION_ERROR, null);
        KeyPool.KeySnapshot open = key(pool, "key-1");
        assertEquals("open", open.state());
        assertEquals("connection_error", open.reason());
        assertEquals(30, Duration.between(clock.instant(), open.until()).toSeconds());
        for (int i = 0; i < 20; i++) {
            assertEquals("key-2", use(pool, KeyOutcome.SUCCESS), "an open key gets no traffic");
        }

        clock.advance(Duration.ofSeconds(30));
        assertEquals("half_open", key(pool, "key-1").state());
        KeyLease trial = pool.acquire(Set.of()).orElseThrow();
        assertEquals("key-1", trial.alias(), "the trial goes first");
        for (int i = 0; i < 10; i++) {
            assertEquals("key-2", use(pool, KeyOutcome.SUCCESS), "only one trial at a time");
        }
        trial.settle(KeyOutcome.SERVER_ERROR);
        assertEquals("open", key(pool, "key-1").state());
        assertEquals(60, Duration.between(clock.instant(), key(pool, "key-1").until()).toSeconds(), "a failed trial doubles");

        clock.advance(Duration.ofSeconds(60));
        KeyLease second = pool.acquire(Set.of()).orElseThrow();
        assertEquals("key-1", second.alias());
        second.settle(KeyOutcome.SERVER_ERROR);
        assertEquals(60, Duration.between(clock.instant(), key(pool, "key-1").until()).toSeconds(), "capped at 60 s");

        clock.advance(Duration.ofSeconds(60));
        assertEquals("key-1", use(pool, KeyOutcome.SUCCESS));
        KeyPool.KeySnapshot healed = key(pool, "key-1");
        assertEquals("healthy", healed.state());
        assertEquals(0, healed.consecutiveFailures());
        assertEquals(null, healed.until());
    }

    @Test
    void aSuccessBetweenFailuresResetsTheCount() {
        KeyPool pool = pool("only");
        use(pool, KeyOutcome.SERVER_ERROR);
        use(pool, KeyOutcome.SERVER_ERROR);
        use(pool, KeyOutcome.SUCCESS);
        use(pool, KeyOutcome.SERVER_ERROR);
        use(pool, KeyOutcome.SERVER_ERROR);
        assertEquals("healthy", key(pool, "key-1").state());
    }

    @Test
    void unauthorizedAndPaymentRequiredDisableUntilReset() {
        KeyPool pool = pool("a", "b", "c");
        useKey(pool, "key-1", KeyOutcome.UNAUTHORIZED, null);
        useKey(pool, "key-2", KeyOutcome.PAYMENT_REQUIRED, null);
        assertEquals("disabled", key(pool, "key-1").state());
        assertEquals("unauthorized", key(pool, "key-1").reason());
        assertEquals("payment_required", key(pool, "key-2").reason());
        assertEquals(1, pool.activeKeys());
        clock.advance(Duration.ofDays(30));
        for (int i = 0; i < 20; i++) {
            assertEquals("key-3", use(pool, KeyOutcome.SUCCESS), "disabled keys never come back by themselves");
        }
        assertTrue(pool.nextRecovery().isEmpty(), "nothing recovers by itself");

        assertEquals(List.of("key-1"), pool.reset(Optional.of("key-1")));
        assertEquals("healthy", key(pool, "key-1").state());
        assertEquals("disabled", key(pool, "key-2").state());
        assertEquals(List.of(), pool.reset(Optional.of("key-9")));
        assertEquals(List.of("key-1", "key-2", "key-3"), pool.reset(Optional.empty()));
        assertEquals(3, pool.healthyKeys());
    }

    @Test
    void clientErrorsDoNotCountAgainstTheKey() {
        KeyPool pool = pool("only");
        for (int i = 0; i < 10; i++) {
            use(pool, KeyOutcome.CLIENT_ERROR);
        }
        KeyPool.KeySnapshot k = key(pool, "key-1");
        assertEquals("healthy", k.state());
        assertEquals(1.0, k.successRate());
        assertEquals(0, k.calls());
        assertEquals(0, k.consecutiveFailures());
    }

    @Test
    void theDescriptionNamesAliasesNeverKeys() {
        KeyPool pool = pool("sk-very-secret-1", "sk-very-secret-2");
        useKey(pool, "key-1", KeyOutcome.RATE_LIMITED, null);
        JsonObject described = pool.describe();
        assertFalse(described.toString().contains("sk-very-secret"), described.toString());
        assertEquals(2, described.getInt("active"));
        assertEquals(1, described.getInt("healthy"));
        JsonObject first = described.getJsonArray("keys").getJsonObject(0);
        assertEquals("key-1", first.getString("alias"));
        assertEquals("cooldown", first.getString("state"));
        assertEquals("rate_limited", first.getString("reason"));
        assertTrue(first.getString("until").startsWith("2026-03-01T00:00:30"), first.toString());
        assertTrue(first.containsKey("successRate"));
        assertTrue(first.containsKey("latencyMs"));
        assertFalse(pool.toString().contains("sk-very"));
    }
}
