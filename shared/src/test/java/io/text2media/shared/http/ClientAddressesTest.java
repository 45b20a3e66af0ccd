package io.text2media.shared.http;

import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which address a caller is counted under (design.md §5.8): the socket's unless a trusted proxy header is named. */
class ClientAddressesTest {

    @Test
    void withoutATrustedHeaderForwardedAddressesAreIgnored() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).start()) {
            String client = app.http().get("/probe/whoami", "X-Forwarded-For", "203.0.113.9",
                    "CF-Connecting-IP", "198.51.100.7").json().getString("client");
            assertEquals("127.0.0.1", client, "a forged header must not pick the caller's quota bucket");
        }
    }

    @Test
    void theTrustedHeadersLastEntryIsTheCaller() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction())
                .env("TRUSTED_PROXY_HEADER", "X-Forwarded-For").start()) {
            // Everything left of the last entry came from the client; the last one is what the proxy appended.
            assertEquals("198.51.100.7", app.http().get("/probe/whoami",
                    "X-Forwarded-For", "203.0.113.9, 198.51.100.7").json().getString("client"));
            assertEquals("127.0.0.1", app.http().get("/probe/whoami").json().getString("client"),
                    "without the header the socket address counts");
        }
    }

    @Test
    void addressesAreTruncatedForTheLog() {
        assertEquals("198.51.100.0/24", ClientAddresses.truncate("198.51.100.7"));
        assertEquals("2001:db8:85a3::/48", ClientAddresses.truncate("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
        assertEquals(null, ClientAddresses.truncate(""));
    }
}
