package io.text2media.shared.upstream;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.OutboundProxySettings;
import io.text2media.shared.config.Settings;
import io.text2media.shared.config.SettingsException;
import io.text2media.shared.config.UpstreamSettings;
import io.text2media.shared.testing.TestEnv;
import io.text2media.shared.testing.TestHttpProxy;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream calls through HTTPS_PROXY / HTTP_PROXY, and around them for NO_PROXY, against a real proxy on loopback. */
class OutboundProxyTest {
    private WireMockServer upstream;
    private TestHttpProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        upstream.start();
        upstream.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(200).withBody("through")));
        proxy = new TestHttpProxy();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.stop();
    }

    private String httpBase() {
        return "http://127.0.0.1:" + upstream.port();
    }

    private static OutboundProxySettings proxies(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(TestEnv.defaults());
        env.putAll(vars);
        return Settings.from(Env.of(env)).outboundProxy();
    }

    private static Upstreams upstreams(OutboundProxySettings proxies) {
        UpstreamSettings settings = new UpstreamSettings(1, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 100, 50, Duration.ofSeconds(30));
        return new Upstreams(settings, proxies, Clock.systemUTC());
    }

    @Test
    void anHttpTargetGoesThroughHttpProxyWithItsCredentials() {
        Upstreams upstreams = upstreams(proxies(Map.of("HTTP_PROXY", "http://ops:p%40ss@127.0.0.1:" + proxy.port())));
        try (UpstreamResponse res = upstreams.client("via-proxy").send(UpstreamRequest.get(URI.create(httpBase() + "/x")))) {
            assertEquals(200, res.status());
            assertEquals("through", new String(res.bytes(100), StandardCharsets.UTF_8));
        }
        // Helidon's WebClient tunnels every proxied call with CONNECT, http targets included.
        assertEquals(List.of("CONNECT localhost:" + upstream.port() + " HTTP/1.1"), proxy.requestLines());
        assertEquals(List.of("Basic " + Base64.getEncoder().encodeToString("ops:p@ss".getBytes(StandardCharsets.UTF_8))),
                proxy.authorizations());
    }

    @Test
    void anHttpsTargetIsTunnelledWithConnect() {
        Upstreams upstreams = upstreams(proxies(Map.of("https_proxy", proxy.url())));
        URI target = URI.create("https://127.0.0.1:" + upstream.httpsPort() + "/x");
        // The fake's certificate is self-signed, so the TLS handshake inside the tunnel fails; the tunnel is the point.
        assertThrows(UpstreamException.class, () -> upstreams.client("tunnel").send(UpstreamRequest.get(target)).close());
        assertEquals(1, proxy.requestLines().size(), proxy.requestLines().toString());
        String connect = proxy.requestLines().getFirst();
        assertTrue(connect.startsWith("CONNECT ") && connect.endsWith(":" + upstream.httpsPort() + " HTTP/1.1"), connect);
    }

    @Test
    void aHostInNoProxyIsCalledDirectly() {
        Upstreams upstreams = upstreams(proxies(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "localhost, 127.0.0.1")));
        try (UpstreamResponse res = upstreams.client("direct").send(UpstreamRequest.get(URI.create(httpBase() + "/x")))) {
            assertEquals(200, res.status());
        }
        assertEquals(List.of(), proxy.requestLines(), "NO_PROXY bypassed the proxy");
    }

    @Test
    void theVariablesAreReadAsCurlReadsThem() {
        OutboundProxySettings both = proxies(Map.of("http_proxy", "http://lower:3128", "HTTP_PROXY", "http://upper:3128",
                "HTTPS_PROXY", "proxy.corp:8080", "no_proxy", ".internal,*.svc.cluster.local,api.example.com:8443"));
        assertEquals("http://lower:3128", both.forTarget(URI.create("http://a.example.com/")).orElseThrow().toString(),
                "the lower-case name wins");
        assertEquals("http://proxy.corp:8080", both.forTarget(URI.create("https://gen.pollinations.ai/x")).orElseThrow().toString(),
                "host:port without a scheme is an http proxy");
        assertTrue(both.forTarget(URI.create("https://db.internal/")).isEmpty(), ".internal covers its subdomains");
        assertTrue(both.forTarget(URI.create("http://audio.text2media.svc.cluster.local/")).isEmpty());
        assertTrue(both.forTarget(URI.create("https://api.example.com:8443/")).isEmpty(), "the port matches");
        assertFalse(both.forTarget(URI.create("https://api.example.com/")).isEmpty(), "another port does not");
        assertTrue(proxies(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*")).forTarget(URI.create("https://x.y/")).isEmpty());
        assertTrue(proxies(Map.of()).forTarget(URI.create("https://x.y/")).isEmpty(), "no proxy configured");
        assertEquals("http://p:1", proxies(Map.of("HTTPS_PROXY", "http://user:secret@p:1")).describe().get("https"),
                "shown without its credentials");
    }

    @Test
    void anInvalidProxyStopsTheStartNamingTheVariable() {
        SettingsException e = assertThrows(SettingsException.class, () -> proxies(Map.of("HTTPS_PROXY", "ftp://proxy:21")));
        assertEquals("HTTPS_PROXY", e.variable());
        assertEquals("http_proxy", assertThrows(SettingsException.class,
                () -> proxies(Map.of("http_proxy", "http://[broken"))).variable());
    }
}
