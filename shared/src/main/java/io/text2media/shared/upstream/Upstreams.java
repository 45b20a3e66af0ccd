package io.text2media.shared.upstream;

import io.text2media.shared.config.OutboundProxySettings;
import io.text2media.shared.config.UpstreamSettings;
import io.text2media.shared.lang.Lazy;

import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.webclient.api.Proxy;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webclient.api.WebClient;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's upstream clients: one WebClient (one connection pool) and one circuit breaker per upstream name, or
 * per API key of an upstream that is called with several keys, built once at start-up and shared by every function of
 * the process.
 */
public final class Upstreams {
    private final UpstreamSettings settings;
    private final OutboundProxySettings proxies;
    /** One WebClient (one connection pool) per way out: direct, or through each configured proxy. */
    private final Map<String, Lazy<WebClient>> webClients = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Built on a client's first call (Helidon's fault tolerance costs tens of milliseconds to load at start). */
    private final Map<String, Lazy<CircuitBreaker>> breakers = new ConcurrentHashMap<>();
    private final Map<String, UpstreamClient> clients = new ConcurrentHashMap<>();

    public Upstreams(UpstreamSettings settings, OutboundProxySettings proxies, Clock clock) {
        this.settings = settings;
        this.proxies = proxies;
        this.clock = clock;
    }

    /** The WebClient for a target: through the proxy that HTTPS_PROXY / HTTP_PROXY / NO_PROXY choose for it. */
    WebClient webClientFor(URI target) {
        Optional<OutboundProxySettings.ProxyAddress> proxy = proxies.forTarget(target);
        String route = proxy.map(p -> (target.getScheme() + "|" + p)).orElse("direct");
        // Built on the first call, not at start: it loads the TLS trust store (~200 ms), which a cold start
        // should not wait for. warmUp() builds the direct one in the background once the server is serving.
        return webClients.computeIfAbsent(route, r -> new Lazy<>(() -> build(proxy))).get();
    }

    /** Builds the WebClients and breakers now, so that the first upstream calls do not pay for them. */
    public void warmUp() {
        webClientFor(URI.create("https://warm-up.invalid/"));
        webClientFor(URI.create("http://warm-up.invalid/"));
        breakers.values().forEach(Lazy::get);
    }

    private WebClient build(Optional<OutboundProxySettings.ProxyAddress> address) {
        Proxy proxy = address.map(a -> {
            // Helidon tunnels every call through the proxy with CONNECT (http targets too), with these credentials.
            Proxy.Builder b = Proxy.builder().type(Proxy.ProxyType.HTTP).host(a.host()).port(a.port());
            a.username().ifPresent(b::username);
            a.password().ifPresent(p -> b.password(p.toCharArray()));
            return b.build();
        }).orElse(Proxy.noProxy());
        return WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.attemptTimeout())
                // as the JDK's HttpClient does: a request's last short write is not held back for an acknowledgement
                .socketOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .followRedirects(true)
                .proxy(proxy)
                .build();
    }

    /** The proxies in use, without credentials (for /internal/health). */
    public OutboundProxySettings proxies() {
        return proxies;
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
        Lazy<CircuitBreaker> breaker = breakers.get(breakerName);
        return breaker != null && breaker.ifBuilt().map(b -> b.state() == CircuitBreaker.State.OPEN).orElse(false);
    }

    private UpstreamClient clientWithBreaker(String name, String breakerName, RetryPolicy policy) {
        // The policy's fields, not its record toString(): that is bootstrapped on first use, ~20 ms of a cold start.
        String key = name + "|" + breakerName + "|" + policy.maxAttempts() + "|" + policy.initialDelay().toMillis()
                + "|" + policy.attemptTimeout().toMillis() + "|" + policy.deadline().toMillis();
        return clients.computeIfAbsent(key, k -> new UpstreamClient(name, policy, this::webClientFor, breaker(breakerName)::get, clock));
    }

    private Lazy<CircuitBreaker> breaker(String name) {
        return breakers.computeIfAbsent(name, n -> new Lazy<>(() -> CircuitBreaker.builder()
                .name("upstream-" + n)
                .volume(settings.breakerVolume())
                .errorRatio(settings.breakerErrorRatio())
                .delay(settings.breakerDelay())
                .successThreshold(1)
                .addSkipOn(UpstreamClient.RateLimited.class)
                .build()));
    }

    /** Breaker state per upstream name (and per key, {@code deepseek:key-1}), for the internal health page and metrics. */
    public Map<String, String> breakerStates() {
        Map<String, String> states = new TreeMap<>();
        breakers.forEach((name, breaker) -> states.put(name, breaker.ifBuilt().map(b -> b.state().name()).orElse("CLOSED")));
        return states;
    }
}
