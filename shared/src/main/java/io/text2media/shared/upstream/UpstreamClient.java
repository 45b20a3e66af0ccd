package io.text2media.shared.upstream;

import io.text2media.shared.observe.Log;

import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls one upstream with the shared policy (design.md §5.9): at most {@code maxAttempts} attempts; only transport
 * errors, timeouts, 429 and 5xx are retried; the pause doubles with jitter and honours {@code Retry-After}; every
 * attempt has a timeout and the whole call a deadline that no sleep may cross; a circuit breaker (per upstream, or per
 * API key of one) fails fast while it is down. Any other status is handed back for the caller to interpret.
 *
 * <p>The retry loop is ours rather than Helidon's {@code Retry}: Helidon's policy cannot see the failed attempt,
 * so honouring {@code Retry-After} and refusing a sleep that would cross the deadline needs a thread-local side
 * channel there. The breaker is Helidon's.
 */
public final class UpstreamClient {
    private static final Log LOG = Log.of(UpstreamClient.class);

    private final String name;
    private final RetryPolicy policy;
    private final Function<URI, WebClient> web;
    private final Supplier<CircuitBreaker> breaker;
    private final Clock clock;

    UpstreamClient(String name, RetryPolicy policy, Function<URI, WebClient> web, Supplier<CircuitBreaker> breaker,
                   Clock clock) {
        this.name = name;
        this.policy = policy;
        this.web = web;
        this.breaker = breaker;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public RetryPolicy policy() {
        return policy;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.get().state();
    }

    /**
     * Sends the request under the policy. Returns the first answer that is 2xx or a non-retryable status; throws
     * {@link UpstreamException} when attempts, time or the breaker run out.
     */
    public UpstreamResponse send(UpstreamRequest request) {
        long start = System.nanoTime();
        long deadline = start + policy.deadline().toNanos();
        Failure last = null;
        int attempt = 0;
        while (true) {
            attempt++;
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                throw exhausted(last, attempt - 1, true);
            }
            Duration attemptTimeout = min(policy.attemptTimeout(), Duration.ofNanos(remainingNanos));
            try {
                int thisAttempt = attempt;
                return breaker.get().invoke(() -> attempt(request, attemptTimeout, thisAttempt, deadline));
            } catch (CircuitBreakerOpenException e) {
                LOG.warn("upstream_circuit_open", "upstream", name, "breaker", breaker.get().name());
                throw new UpstreamException(name, UpstreamException.Kind.CIRCUIT_OPEN, last == null ? 0 : last.status,
                        attempt - 1, null, null);
            } catch (Failure f) {
                last = f;
            }
            if (attempt >= policy.maxAttempts() || !last.retryable(request)) {
                throw exhausted(last, attempt, false);
            }
            Duration pause = policy.backoff(attempt + 1);
            if (last.retryAfter != null && last.retryAfter.compareTo(pause) > 0) {
                pause = last.retryAfter;
            }
            if (System.nanoTime() + pause.toNanos() >= deadline) {
                // Sleeping would cross the deadline: give up now rather than answer late.
                throw exhausted(last, attempt, false);
            }
            LOG.debug("upstream_retry", "upstream", name, "attempt", attempt, "status", last.status,
                    "reason", last.reason, "pauseMs", pause.toMillis());
            sleep(pause);
        }
    }

    private UpstreamResponse attempt(UpstreamRequest request, Duration timeout, int attempt, long deadlineNanos) {
        HttpClientResponse response;
        try {
            HttpClientRequest http = web.apply(request.uri()).method(request.method()).uri(exactTarget(request.uri())).skipUriEncoding(true)
                    .readTimeout(timeout);
            request.headers().forEach((k, v) -> http.header(HeaderNames.create(k), v));
            response = request.body() == null ? http.request() : http.submit(request.body());
        } catch (RuntimeException e) {
            throw Failure.transport(e);
        }
        int status = response.status().code();
        if (status == 429 || status >= 500) {
            Duration retryAfter = response.headers().first(HeaderNames.RETRY_AFTER)
                    .flatMap(v -> RetryAfter.parse(v, clock)).orElse(null);
            response.close(); // never read: the body of a failed attempt is not shown to anyone
            throw Failure.status(status, retryAfter);
        }
        return new UpstreamResponse(response, attempt, name, deadlineNanos);
    }

    /**
     * The URI whose request target Helidon writes byte for byte. Helidon decodes the path and re-encodes it ({@code %2F}
     * becomes {@code /}, changing the resource) and keeps the query in a hash map (order lost, {@code +} rewritten).
     * With {@code skipUriEncoding} it writes the <em>decoded</em> path as is, so the caller's raw path and query are
     * handed over as that decoded path: the multi-argument constructor quotes {@code %} and {@code ?} once, and
     * {@link URI#getPath()} gives them back unchanged.
     */
    static URI exactTarget(URI uri) {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            return new URI(uri.getScheme(), uri.getRawAuthority(), target, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an absolute http(s) URI", e);
        }
    }

    private UpstreamException exhausted(Failure last, int attempts, boolean deadlinePassed) {
        UpstreamException.Kind kind;
        if (deadlinePassed || (last != null && last.timeout)) {
            kind = UpstreamException.Kind.TIMEOUT;
        } else if (last != null && (last.status == 429 || last.status == 503)) {
            kind = UpstreamException.Kind.BUSY;
        } else {
            kind = UpstreamException.Kind.BAD_ANSWER;
        }
        UpstreamException e = new UpstreamException(name, kind, last == null ? 0 : last.status, attempts,
                last == null ? null : last.retryAfter, last == null ? null : last.getCause());
        LOG.warn("upstream_failed", "upstream", name, "kind", kind.name(), "attempts", attempts,
                "status", last == null ? null : last.status, "reason", last == null ? "deadline" : last.reason);
        return e;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A failed attempt; counted by the breaker (except 429: a busy upstream is not a broken one). */
    static class Failure extends RuntimeException {
        final int status;
        final boolean timeout;
        final boolean connectFailed;
        final Duration retryAfter;
        final String reason;

        Failure(int status, boolean timeout, boolean connectFailed, Duration retryAfter, String reason, Throwable cause) {
            super(reason, cause, false, false);
            this.status = status;
            this.timeout = timeout;
            this.connectFailed = connectFailed;
            this.retryAfter = retryAfter;
            this.reason = reason;
        }

        static Failure status(int status, Duration retryAfter) {
            if (status == 429) {
                return new RateLimited(retryAfter);
            }
            return new Failure(status, false, false, retryAfter, "http_" + status, null);
        }

        static Failure transport(RuntimeException e) {
            boolean timeout = causedBy(e, SocketTimeoutException.class);
            boolean connect = causedBy(e, ConnectException.class) || causedBy(e, UnknownHostException.class);
            return new Failure(0, timeout, connect, null, timeout ? "timeout" : connect ? "connect_failed" : "connection_error", e);
        }

        /** A non-idempotent request is retried only when the upstream surely did not act on it. */
        boolean retryable(UpstreamRequest request) {
            if (request.idempotent()) {
                return true;
            }
            return connectFailed || status == 429 || status == 503;
        }

        private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** 429: the upstream is busy, not broken; the breaker skips it. */
    static final class RateLimited extends Failure {
        RateLimited(Duration retryAfter) {
            super(429, false, false, retryAfter, "http_429", null);
        }
    }
}
