package io.text2media.shared.upstream;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.Settings;
import io.text2media.shared.config.UpstreamSettings;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** One client per upstream name, breaker and policy: asked twice for the same, the same client; any difference, another. */
class UpstreamsTest {
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(20));

    private final Upstreams upstreams = new Upstreams(
            new UpstreamSettings(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(20), 10, 50, Duration.ofSeconds(30)),
            Settings.from(Env.of(TestEnv.defaults())).outboundProxy(), Clock.systemUTC());

    @Test
    void theSameNameAndPolicyShareOneClient() {
        assertSame(upstreams.client("email", POLICY), upstreams.client("email", POLICY));
        assertSame(upstreams.client("deepseek", "key-1", POLICY), upstreams.client("deepseek", "key-1", POLICY));
    }

    @Test
    void aPolicyThatDiffersInAnyFieldGetsAClientWithThatPolicy() {
        UpstreamClient base = upstreams.client("email", POLICY);
        List<RetryPolicy> others = List.of(
                new RetryPolicy(2, POLICY.initialDelay(), POLICY.attemptTimeout(), POLICY.deadline()),
                new RetryPolicy(3, Duration.ofMillis(300), POLICY.attemptTimeout(), POLICY.deadline()),
                new RetryPolicy(3, POLICY.initialDelay(), Duration.ofSeconds(6), POLICY.deadline()),
                new RetryPolicy(3, POLICY.initialDelay(), POLICY.attemptTimeout(), Duration.ofSeconds(21)));
        for (RetryPolicy other : others) {
            UpstreamClient client = upstreams.client("email", other);
            assertNotSame(base, client, other.toString());
            assertEquals(other, client.policy());
        }
    }

    @Test
    void anotherNameOrKeyGetsAnotherClient() {
        assertNotSame(upstreams.client("email", POLICY), upstreams.client("google", POLICY));
        assertNotSame(upstreams.client("deepseek", "key-1", POLICY), upstreams.client("deepseek", "key-2", POLICY));
    }

    @Test
    void connectionsSendAtOnceAndKeepTheConfiguredTimeouts() {
        io.helidon.common.socket.SocketOptions socket = upstreams.webClientFor(java.net.URI.create("http://example.test/"))
                .prototype().socketOptions();
        org.junit.jupiter.api.Assertions.assertTrue(socket.tcpNoDelay(), "Nagle's algorithm off");
        assertEquals(Duration.ofSeconds(2), socket.connectTimeout());
        assertEquals(Duration.ofSeconds(5), socket.readTimeout());
    }
}
