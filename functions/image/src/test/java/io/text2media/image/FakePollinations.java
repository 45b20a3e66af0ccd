package io.text2media.image;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A fake Pollinations on loopback, and the environment that points the functions at it with small policy values. */
final class FakePollinations implements AutoCloseable {
    static final String TOKEN = "sk_test_token_do_not_log";
    final WireMockServer server;

    FakePollinations() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    /** Fast retries and generous timeouts (a loaded machine must not turn a slow first call into a retry). */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("POLLINATIONS_API_TOKEN", TOKEN);
        env.put("POLLINATIONS_GEN_API_BASE", server.baseUrl());
        env.put("FETCH_RETRY_INITIAL_DELAY_MS", "20");
        env.put("UPSTREAM_TIMEOUT_MS", "10000");
        env.put("UPSTREAM_DEADLINE_MS", "20000");
        env.put("RATE_LIMIT_ANON_PER_MINUTE", "1000");
        env.put("RATE_LIMIT_ANON_PER_DAY", "1000");
        return env;
    }

    /** The raw URLs (path and query, as received) of every request, oldest first. */
    List<String> urls() {
        return server.getAllServeEvents().stream().map(ServeEvent::getRequest).map(r -> r.getUrl())
                .toList().reversed();
    }

    int requests() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
