package io.text2media.prompt;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.KeyPoolStatus;
import io.text2media.shared.observe.Log;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The LLM's API keys (ops-reference.md "Multi-key pool"). Each request leases one key:
 * <ul>
 *   <li>a key whose open circuit has run out gets the next request as its single trial (half-open);</li>
 *   <li>otherwise a weighted random pick among the keys that may take a request, with
 *   {@code weight = success_ewma / (latency_ewma · (1 + in_flight))}, so faster and more reliable keys get more
 *   traffic but every healthy key gets some (never "always the first").</li>
 * </ul>
 * Outcomes move a key between states: 429 cools it down (Retry-After, or a doubling cool-down), repeated
 * 5xx/timeouts open its circuit, 401/402 disable it until {@link #reset}, 400/422 leave it alone. A key whose circuit
 * breaker in the shared client is open ({@link Circuits}: error ratio over its last calls, which catches a flapping
 * key that never fails N times in a row) is not lent either, until the breaker lets a trial through. State is per
 * process and in memory; a restart starts every key healthy. Time comes from the injected clock.
 */
final class KeyPool implements KeyPoolStatus {
    private static final Log LOG = Log.of(KeyPool.class);
    private static final double DEFAULT_LATENCY_MS = 1000;
    private static final double MIN_SUCCESS_WEIGHT = 0.05;

    /** Told about every settled call, for metrics. */
    interface Listener {
        void settled(String alias, KeyOutcome outcome);
    }

    private final List<PooledKey> keys;
    private final KeyPoolSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final LongSupplier ticker;
    /** Whether a key's circuit breaker in the shared upstream client is open now. */
    interface Circuits {
        boolean open(String alias);
    }

    private volatile Listener listener = (alias, outcome) -> { };
    private volatile Circuits circuits = alias -> false;

    KeyPool(List<String> secrets, KeyPoolSettings settings, Clock clock, RandomGenerator random) {
        this(secrets, settings, clock, random, System::nanoTime);
    }

    /** {@code ticker}: nanoseconds for measuring call latency (tests pass their own). */
    KeyPool(List<String> secrets, KeyPoolSettings settings, Clock clock, RandomGenerator random, LongSupplier ticker) {
        List<PooledKey> list = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            list.add(new PooledKey("key-" + (i + 1), secrets.get(i)));
        }
        this.keys = List.copyOf(list);
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.ticker = ticker;
    }

    long ticks() {
        return ticker.getAsLong();
    }

    void listener(Listener value) {
        this.listener = value;
    }

    void circuits(Circuits value) {
        this.circuits = value;
    }

    int size() {
        return keys.size();
    }

    List<String> aliases() {
        return keys.stream().map(k -> k.alias).toList();
    }

    /** A key for one call, avoiding {@code exclude} (aliases already tried by this request); empty when none may be used. */
    synchronized Optional<KeyLease> acquire(Set<String> exclude) {
        Instant now = clock.instant();
        for (PooledKey key : keys) {
            if (!exclude.contains(key.alias) && trialDue(key, now) && !circuits.open(key.alias)) {
                key.state = PooledKey.State.HALF_OPEN;
                key.trialInFlight = true;
                return Optional.of(lease(key));
            }
        }
        List<PooledKey> candidates = new ArrayList<>();
        for (PooledKey key : keys) {
            refresh(key, now);
            if (!exclude.contains(key.alias) && key.state == PooledKey.State.HEALTHY && !circuits.open(key.alias)) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(lease(pick(candidates)));
    }

    private KeyLease lease(PooledKey key) {
        key.inFlight++;
        return new KeyLease(this, key);
    }

    private PooledKey pick(List<PooledKey> candidates) {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        double fallbackLatency = meanMeasuredLatency();
        double[] weights = new double[candidates.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            PooledKey key = candidates.get(i);
            double latency = Double.isNaN(key.latencyEwmaMs) ? fallbackLatency : key.latencyEwmaMs;
            weights[i] = Math.max(key.successEwma, MIN_SUCCESS_WEIGHT) / (Math.max(latency, 1.0) * (1 + key.inFlight));
            total += weights[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return candidates.get(i);
            }
        }
        return candidates.getLast();
    }

    /** Keys not measured yet are assumed as fast as the average measured one, so they get a fair first share. */
    private double meanMeasuredLatency() {
        double sum = 0;
        int n = 0;
        for (PooledKey key : keys) {
            if (!Double.isNaN(key.latencyEwmaMs)) {
                sum += key.latencyEwmaMs;
                n++;
            }
        }
        return n == 0 ? DEFAULT_LATENCY_MS : sum / n;
    }

    /** Applies the outcome of a leased call. */
    synchronized void settle(PooledKey key, KeyOutcome outcome, Duration latency, Duration retryAfter) {
        key.inFlight = Math.max(0, key.inFlight - 1);
        boolean trial = key.trialInFlight;
        key.trialInFlight = false;
        Instant now = clock.instant();
        if (!outcome.neutral()) {
            key.calls++;
        }
        switch (outcome) {
            case SUCCESS -> {
                key.recordSuccessRate(true);
                key.recordLatency(latency.toNanos() / 1_000_000.0);
                if (key.state != PooledKey.State.DISABLED) {
                    key.state = PooledKey.State.HEALTHY;
                    key.reason = null;
                    key.until = null;
                }
                key.consecutiveFailures = 0;
                key.rateLimitStreak = 0;
                key.opens = 0;
            }
            case RATE_LIMITED -> {
                key.failures++;
                key.recordSuccessRate(false);
                if (key.state != PooledKey.State.DISABLED) {
                    Duration cool = retryAfter != null ? retryAfter : doubled(settings.rateLimitCooldown(), key.rateLimitStreak);
                    cool = min(cool, settings.rateLimitCooldownMax());
                    key.rateLimitStreak++;
                    key.state = PooledKey.State.COOLDOWN;
                    key.reason = outcome.label();
                    key.until = now.plus(cool);
                    LOG.info("llm_key_cooldown", "key", key.alias, "seconds", cool.toSeconds());
                }
            }
            case SERVER_ERROR, TIMEOUT, CONNECTION_ERROR -> {
                key.failures++;
                key.recordSuccessRate(false);
                key.consecutiveFailures++;
                if (key.state != PooledKey.State.DISABLED
                        && (trial || key.consecutiveFailures >= settings.failureThreshold())) {
                    Duration open = min(doubled(settings.openDuration(), key.opens), settings.openDurationMax());
                    key.opens++;
                    key.state = PooledKey.State.OPEN;
                    key.reason = outcome.label();
                    key.until = now.plus(open);
                    LOG.warn("llm_key_open", "key", key.alias, "reason", key.reason, "seconds", open.toSeconds());
                }
            }
            case UNAUTHORIZED, PAYMENT_REQUIRED -> {
                key.failures++;
                key.recordSuccessRate(false);
                key.state = PooledKey.State.DISABLED;
                key.reason = outcome.label();
                key.until = null;
                LOG.warn("llm_key_disabled", "key", key.alias, "reason", key.reason);
            }
            case CLIENT_ERROR, NOT_SENT -> {
                if (trial && key.state == PooledKey.State.HALF_OPEN) {
                    // the trial told us nothing: let the next request try again
                    key.state = PooledKey.State.OPEN;
                    key.until = now;
                }
            }
        }
        listener.settled(key.alias, outcome);
    }

    /** Re-enables keys (all, or one alias); returns the aliases reset. Empty when the alias is unknown. */
    synchronized List<String> reset(Optional<String> alias) {
        List<String> done = new ArrayList<>();
        for (PooledKey key : keys) {
            if (alias.isEmpty() || alias.get().equals(key.alias)) {
                key.state = PooledKey.State.HEALTHY;
                key.reason = null;
                key.until = null;
                key.consecutiveFailures = 0;
                key.rateLimitStreak = 0;
                key.opens = 0;
                key.successEwma = 1.0;
                done.add(key.alias);
            }
        }
        if (!done.isEmpty()) {
            LOG.info("llm_keys_reset", "keys", String.join(",", done));
        }
        return done;
    }

    /** How long until the first cooling or open key may be used again; empty when none will recover by itself. */
    synchronized Optional<Duration> nextRecovery() {
        Instant now = clock.instant();
        Duration best = null;
        for (PooledKey key : keys) {
            if ((key.state == PooledKey.State.COOLDOWN || key.state == PooledKey.State.OPEN) && key.until != null) {
                Duration left = Duration.between(now, key.until);
                if (left.isNegative()) {
                    left = Duration.ZERO;
                }
                if (best == null || left.compareTo(best) < 0) {
                    best = left;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public int activeKeys() {
        return (int) snapshot().stream().filter(k -> !k.state().equals(PooledKey.State.DISABLED.label())).count();
    }

    @Override
    public int healthyKeys() {
        return (int) snapshot().stream().filter(KeySnapshot::healthy).count();
    }

    /** One key as operators see it: alias only, never the key. */
    record KeySnapshot(String alias, String state, boolean circuitOpen, boolean healthy, String reason, Instant until,
                       double successRate, Double latencyMs, int inFlight, int consecutiveFailures, long calls,
                       long failures) {
        JsonObject json() {
            return Jsons.object()
                    .add("alias", alias)
                    .add("state", state)
                    .add("circuit", circuitOpen ? "open" : "closed")
                    .add("reason", Jsons.string(reason))
                    .add("until", Jsons.string(until == null ? null : until.toString()))
                    .add("successRate", Math.round(successRate * 1000) / 1000.0)
                    .add("latencyMs", latencyMs == null ? Jsons.string(null) : Jsons.number(Math.round(latencyMs)))
                    .add("inFlight", inFlight)
                    .add("consecutiveFailures", consecutiveFailures)
                    .add("calls", calls)
                    .add("failures", failures)
                    .build();
        }
    }

    synchronized List<KeySnapshot> snapshot() {
        Instant now = clock.instant();
        List<KeySnapshot> out = new ArrayList<>();
        for (PooledKey key : keys) {
            refresh(key, now);
            boolean due = trialDue(key, now);
            boolean circuitOpen = circuits.open(key.alias);
            out.add(new KeySnapshot(key.alias, due ? PooledKey.State.HALF_OPEN.label() : key.state.label(), circuitOpen,
                    !circuitOpen && (due || key.state == PooledKey.State.HEALTHY), key.reason, key.until, key.successEwma,
                    Double.isNaN(key.latencyEwmaMs) ? null : key.latencyEwmaMs, key.inFlight, key.consecutiveFailures,
                    key.calls, key.failures));
        }
        return out;
    }

    @Override
    public JsonObject describe() {
        List<KeySnapshot> keys = snapshot();
        JsonArrayBuilder list = Jsons.array();
        keys.forEach(k -> list.add(k.json()));
        return Jsons.object()
                .add("active", keys.stream().filter(k -> !k.state().equals(PooledKey.State.DISABLED.label())).count())
                .add("healthy", keys.stream().filter(KeySnapshot::healthy).count())
                .add("keys", list)
                .build();
    }

    /** A cool-down that has run out ends by itself: a 429 says nothing about the key being broken. */
    private static void refresh(PooledKey key, Instant now) {
        if (key.state == PooledKey.State.COOLDOWN && key.until != null && !now.isBefore(key.until)) {
            key.state = PooledKey.State.HEALTHY;
            key.reason = null;
            key.until = null;
        }
    }

    private static boolean trialDue(PooledKey key, Instant now) {
        return key.state == PooledKey.State.OPEN && key.until != null && !now.isBefore(key.until) && !key.trialInFlight;
    }

    private static Duration doubled(Duration base, int times) {
        return base.multipliedBy(1L << Math.min(20, Math.max(0, times)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
