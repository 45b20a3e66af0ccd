package io.text2media.shared.upstream;

import io.text2media.shared.config.UpstreamSettings;
import io.text2media.shared.lang.Lazy;

import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's upstream clients: one WebClient (one connection pool) and one circuit breaker per upstream name, or
 * per API key of an upstream that is called with several keys, built once at start-up and shared by every function of
 * the process.
 */
public final class Upstreams {
    private final UpstreamSettings settings;
    private final Lazy<WebClient> web;
    private final Clock clock;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, UpstreamClient> clients = new ConcurrentHashMap<>();

    public Upstreams(UpstreamSettings settings, Proxy proxy, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        // Built on the first call, not at start: it loads the TLS trust store (~200 ms), which a cold start
        // should not wait for. warmUp() builds it in the background once the server is serving.
        this.web = new Lazy<>(() -> WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.attemptTimeout())
                .followRedirects(true)
                .proxy(proxy)
                .build());
    }

    /** Builds the shared WebClient now, so that the first upstream call does not pay for it. */
    public void warmUp() {
        web.get();
    }

    public RetryPolicy defaultPolicy() {
        return RetryPolicy.from(settings);
    }

    /** The client for {@code name} with the configured policy. */
    public UpstreamClient client(String name) {
        return client(name, defaultPolicy());
    }

    /** The client for {@code name} with its own policy (e.g. one attempt for a single-use OAuth code). */
    public UpstreamClient client(String name, RetryPolicy policy) {
        return clientWithBreaker(name, name, policy);
    }

    /**
     * The client for one API key of {@code name}, with a circuit breaker of its own ({@link #breakerName}): one failing
     * key must not open the circuit for the healthy ones (ops-reference.md "Multi-key pool"). {@code keyAlias} is an
     * alias such as {@code key-1}, never the key itself: it shows in logs and health.
     */
    public UpstreamClient client(String name, String keyAlias, RetryPolicy policy) {
        return clientWithBreaker(name, breakerName(name, keyAlias), policy);
    }

    /** The breaker of one key of an upstream, as {@link #breakerStates()} names it: {@code deepseek:key-1}. */
    public static String breakerName(String name, String keyAlias) {
        return name + ":" + keyAlias;
    }

    /** True while the named breaker (an upstream's, or a key's from {@link #breakerName}) is open; false before its first use. */
    public boolean breakerOpen(String breakerName) {
        CircuitBreaker breaker = breakers.get(breakerName);
        return breaker != null && breaker.state() == CircuitBreaker.State.OPEN;
    }

    private UpstreamClient clientWithBreaker(String name, String breakerName, RetryPolicy policy) {
        String key = name + "|" + breakerName + "|" + policy;
        return clients.computeIfAbsent(key, k -> new UpstreamClient(name, policy, web::get, breaker(breakerName), clock));
    }

    private CircuitBreaker breaker(String name) {
        return breakers.computeIfAbsent(name, n -> CircuitBreaker.builder()
                .name("upstream-" + n)
                .volume(settings.breakerVolume())
                .errorRatio(settings.breakerErrorRatio())
                .delay(settings.breakerDelay())
                .successThreshold(1)
                .addSkipOn(UpstreamClient.RateLimited.class)
                .build());
    }

    /** Breaker state per upstream name (and per key, {@code deepseek:key-1}), for the internal health page and metrics. */
    public Map<String, String> breakerStates() {
        Map<String, String> states = new TreeMap<>();
        breakers.forEach((name, breaker) -> states.put(name, breaker.state().name()));
        return states;
    }
}
