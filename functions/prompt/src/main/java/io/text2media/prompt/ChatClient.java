package io.text2media.prompt;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;
import io.text2media.shared.upstream.RetryPolicy;
import io.text2media.shared.upstream.UpstreamClient;
import io.text2media.shared.upstream.UpstreamException;
import io.text2media.shared.upstream.UpstreamRequest;
import io.text2media.shared.upstream.UpstreamResponse;
import io.text2media.shared.upstream.Upstreams;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Calls an OpenAI-compatible chat completions endpoint with a key from the pool, failing over to another key on 429,
 * 5xx, timeouts, dropped connections and 401/402. Attempts, per-attempt timeout, backoff and the overall deadline are
 * the shared upstream policy's (design.md §5.9); each attempt goes through the shared client with the key's own circuit
 * breaker ({@code deepseek:key-1}; one attempt each, so the breaker sees every call) and the failover between keys is
 * done here: one failing key's breaker never stops the healthy keys from being tried. A key that was already tried
 * is used again only when no other key is left, after the policy's backoff; a cooling key only after a short wait
 * (a Retry-After of at most 5 s). A 400/422 ends the call at once: another key would get the same answer.
 */
final class ChatClient {
    static final String UPSTREAM = "deepseek";
    private static final Log LOG = Log.of(ChatClient.class);
    private static final long MAX_ANSWER_BYTES = 1 << 20;
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);
    private static final Duration MAX_RECOVERY_WAIT = Duration.ofSeconds(5);

    private final URI endpoint;
    private final String model;
    private final KeyPool pool;
    private final Upstreams upstreams;
    private final RetryPolicy policy;

    ChatClient(URI endpoint, String model, KeyPool pool, Upstreams upstreams, RetryPolicy policy) {
        this.endpoint = endpoint;
        this.model = model;
        this.pool = pool;
        this.upstreams = upstreams;
        this.policy = policy;
    }

    String model() {
        return model;
    }

    ChatAnswer complete(ChatRequest request) {
        byte[] body = Jsons.bytes(Jsons.object()
                .add("model", model)
                .add("messages", Jsons.array()
                        .add(Jsons.object().add("role", "system").add("content", request.instruction()))
                        .add(Jsons.object().add("role", "user").add("content", request.userText())))
                .add("temperature", request.temperature())
                .build());
        long deadline = System.nanoTime() + policy.deadline().toNanos();
        Set<String> tried = new HashSet<>();
        LlmFailure last = null;
        String lastKey = null; // the last key a request went to (else the last one leased), for the request log
        int attempts = 0; // against the policy's budget; a 401/402 refusal or a key's open breaker does not use it up
        int calls = 0; // requests sent
        int leases = 0; // bounds the loop, whatever the keys answer
        while (attempts < policy.maxAttempts() && leases < policy.maxAttempts() + pool.size()) {
            Optional<KeyLease> lease = pool.acquire(tried);
            if (lease.isEmpty()) {
                Optional<Duration> pause = pauseBeforeReuse(attempts);
                if (pause.isEmpty() || System.nanoTime() + pause.get().toNanos() >= deadline) {
                    break;
                }
                sleep(pause.get());
                lease = pool.acquire(Set.of());
                if (lease.isEmpty()) {
                    break;
                }
            }
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.compareTo(MIN_ATTEMPT) < 0) {
                lease.get().close();
                last = new LlmFailure(LlmFailure.Kind.TIMEOUT, null, calls);
                break;
            }
            leases++;
            try (KeyLease key = lease.get()) {
                tried.add(key.alias());
                Attempt result = attempt(key, body, remaining, calls + 1);
                if (result.sent || calls == 0) {
                    lastKey = key.alias();
                }
                if (result.sent) {
                    calls++;
                }
                if (result.answer != null) {
                    return result.answer;
                }
                if (result.usedAttempt) {
                    attempts++;
                }
                // a breaker that refused locally must not hide what a key that was really called answered
                if (result.failure != null && (result.usedAttempt || last == null)) {
                    last = result.failure;
                }
                if (!result.failOver) {
                    break;
                }
            }
        }
        throw finalFailure(last, calls).triedWith(lastKey);
    }

    /**
     * No untried key is free. When a tried key may still be used, the policy's backoff before using it again; when every
     * key is cooling down but one recovers within {@link #MAX_RECOVERY_WAIT} (a short Retry-After), that wait; otherwise
     * none: holding a browser's request for a long cool-down is worse than a quick 503 with Retry-After.
     */
    private Optional<Duration> pauseBeforeReuse(int attempts) {
        if (pool.healthyKeys() > 0) {
            return Optional.of(policy.backoff(attempts + 1));
        }
        return pool.nextRecovery().filter(wait -> wait.compareTo(MAX_RECOVERY_WAIT) <= 0);
    }

    /**
     * No attempt left. The last real failure decides; when there is none (no key could be used, or the keys tried were
     * refused with 401/402) it is 503: busy while some key is only cooling down, unavailable when every key is disabled.
     */
    private LlmFailure finalFailure(LlmFailure last, int calls) {
        Optional<Duration> recovery = pool.nextRecovery();
        if (last == null) {
            boolean cooling = pool.activeKeys() > 0;
            LOG.warn("llm_no_key", "upstream", UPSTREAM, "active", pool.activeKeys(), "calls", calls);
            return new LlmFailure(cooling ? LlmFailure.Kind.BUSY : LlmFailure.Kind.UNAVAILABLE,
                    cooling ? recovery.orElse(null) : null, calls);
        }
        LlmFailure out = last.withAttempts(calls);
        if (out.kind() == LlmFailure.Kind.BUSY && recovery.isPresent()) {
            out = out.withRetryAfter(recovery.get()); // when the first cooling key is usable again
        }
        return out;
    }

    /** One call with one key. */
    private Attempt attempt(KeyLease key, byte[] body, Duration remaining, int attemptNumber) {
        UpstreamRequest request = UpstreamRequest.post(endpoint, "application/json", body)
                .header("Authorization", "Bearer " + key.secret())
                .header("Accept", "application/json");
        LOG.debug("llm_attempt", "upstream", UPSTREAM, "key", key.alias(), "attempt", attemptNumber);
        try (UpstreamResponse response = clientFor(key.alias(), remaining).send(request)) {
            int status = response.status();
            if (response.isSuccess()) {
                Optional<ChatAnswer> answer = parse(response.text(MAX_ANSWER_BYTES), key.alias(), attemptNumber);
                if (answer.isPresent()) {
                    key.settle(KeyOutcome.SUCCESS);
                    return Attempt.success(answer.get());
                }
                LOG.warn("llm_bad_answer", "upstream", UPSTREAM, "key", key.alias(), "reason", "not a chat completion");
                key.settle(KeyOutcome.SERVER_ERROR);
                return Attempt.failOver(LlmFailure.Kind.BAD_ANSWER, null);
            }
            if (status == 401 || status == 402) {
                key.settle(status == 401 ? KeyOutcome.UNAUTHORIZED : KeyOutcome.PAYMENT_REQUIRED);
                return Attempt.keyRefused();
            }
            // 400/422 and the like: our request was refused; the key is not to blame and another key would not help
            LOG.warn("llm_refused", "upstream", UPSTREAM, "key", key.alias(), "status", status);
            key.settle(KeyOutcome.CLIENT_ERROR);
            return Attempt.stop(LlmFailure.Kind.BAD_ANSWER);
        } catch (UpstreamException e) {
            return switch (e.kind()) {
                case CIRCUIT_OPEN -> {
                    // this key's breaker opened since it was lent: nothing was sent, another key may still answer
                    key.settle(KeyOutcome.NOT_SENT);
                    yield Attempt.circuitOpen();
                }
                case TIMEOUT -> {
                    key.settle(KeyOutcome.TIMEOUT);
                    yield Attempt.failOver(LlmFailure.Kind.TIMEOUT, null);
                }
                case BUSY -> {
                    if (e.lastStatus() == 429) {
                        key.settle(KeyOutcome.RATE_LIMITED, e.retryAfter().orElse(null));
                    } else {
                        key.settle(KeyOutcome.SERVER_ERROR);
                    }
                    yield Attempt.failOver(LlmFailure.Kind.BUSY, e.retryAfter().orElse(null));
                }
                case BAD_ANSWER -> {
                    key.settle(e.lastStatus() == 0 ? KeyOutcome.CONNECTION_ERROR : KeyOutcome.SERVER_ERROR);
                    yield Attempt.failOver(LlmFailure.Kind.BAD_ANSWER, null);
                }
            };
        } catch (RuntimeException e) {
            // the answer's body broke off, was too large, or timed out while being read
            LOG.warn("llm_read_failed", "upstream", UPSTREAM, "key", key.alias(), "error", e.getClass().getSimpleName());
            boolean timeout = causedBy(e, java.net.SocketTimeoutException.class);
            key.settle(timeout ? KeyOutcome.TIMEOUT : KeyOutcome.CONNECTION_ERROR);
            return Attempt.failOver(timeout ? LlmFailure.Kind.TIMEOUT : LlmFailure.Kind.BAD_ANSWER, null);
        }
    }

    /**
     * One attempt through the shared client with the key's breaker, its timeout cut to what is left of the deadline. The
     * cut is rounded down (whole seconds, or 100 ms steps under a second) so the shared client cache holds a bounded set
     * of policies.
     */
    private UpstreamClient clientFor(String alias, Duration remaining) {
        Duration timeout = policy.attemptTimeout();
        if (remaining.compareTo(timeout) < 0) {
            long ms = remaining.toMillis();
            timeout = Duration.ofMillis(ms >= 1000 ? ms / 1000 * 1000 : Math.max(100, ms / 100 * 100));
        }
        return upstreams.client(UPSTREAM, alias, new RetryPolicy(1, policy.initialDelay(), timeout, timeout));
    }

    /** {@code choices[0].message.content}, trimmed (null content counts as empty), and {@code usage}. */
    static Optional<ChatAnswer> parse(String text, String keyAlias, int attempts) {
        Optional<JsonObject> json = Jsons.parseObject(text);
        if (json.isEmpty() || !(json.get().get("choices") instanceof JsonArray choices) || choices.isEmpty()
                || !(choices.get(0) instanceof JsonObject choice) || !(choice.get("message") instanceof JsonObject message)) {
            return Optional.empty();
        }
        JsonValue content = message.get("content");
        String value;
        if (content instanceof JsonString s) {
            value = PromptCleaner.jsTrim(s.getString());
        } else if (content == null || content == JsonValue.NULL) {
            value = "";
        } else {
            return Optional.empty();
        }
        JsonObject usage = json.get().get("usage") instanceof JsonObject u ? u : JsonValue.EMPTY_JSON_OBJECT;
        return Optional.of(new ChatAnswer(value, count(usage, "prompt_tokens"), count(usage, "completion_tokens"),
                count(usage, "total_tokens"), keyAlias, attempts));
    }

    private static Integer count(JsonObject usage, String field) {
        return usage.get(field) instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0
                ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : null;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    /**
     * What one attempt gave: an answer, or a failure and whether another key may help; whether a request was sent and
     * whether it used up one of the policy's attempts.
     */
    private record Attempt(ChatAnswer answer, LlmFailure failure, boolean failOver, boolean sent, boolean usedAttempt) {
        static Attempt success(ChatAnswer answer) {
            return new Attempt(answer, null, false, true, true);
        }

        static Attempt failOver(LlmFailure.Kind kind, Duration retryAfter) {
            return new Attempt(null, new LlmFailure(kind, retryAfter, 0), true, true, true);
        }

        /** 401/402: this key is out, which says nothing about the upstream; try another. */
        static Attempt keyRefused() {
            return new Attempt(null, null, true, true, false);
        }

        /** The key's breaker is open: no request went out; try another key. Unavailable if no other key answers. */
        static Attempt circuitOpen() {
            return new Attempt(null, new LlmFailure(LlmFailure.Kind.UNAVAILABLE, null, 0), true, false, false);
        }

        static Attempt stop(LlmFailure.Kind kind) {
            return new Attempt(null, new LlmFailure(kind, null, 0), false, true, true);
        }
    }
}
