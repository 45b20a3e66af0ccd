package io.text2media.shared.observe;

import io.text2media.shared.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestWindowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RequestWindow window = new RequestWindow(clock);

    @Test
    void emptyWindowsHaveNoRates() {
        RequestWindow.Figures f = window.figures();
        assertEquals(0, f.requestsTotal());
        assertEquals(0.0, f.requestsPerSecond());
        assertNull(f.averageResponseTimeMs());
        assertNull(f.p95ResponseTimeMs());
        assertNull(f.errorRate());
        assertNull(f.cacheHitRate());
    }

    @Test
    void ratesAreOverTheWindowsNotTheLifetime() {
        for (int i = 0; i < 120; i++) {
            window.record(200, 10, null);
        }
        clock.advance(Duration.ofSeconds(90)); // out of the 60 s rate window, still in the 5 min window
        for (int i = 0; i < 60; i++) {
            window.record(i < 6 ? 500 : i < 18 ? 404 : 200, 20, i % 3 == 0);
        }
        RequestWindow.Figures f = window.figures();
        assertEquals(180, f.requestsTotal());
        assertEquals(1.0, f.requestsPerSecond(), 1e-9, "60 calls in the last 60 s");
        assertEquals(180, f.windowRequests());
        assertEquals((120 * 10 + 60 * 20) / 180.0, f.averageResponseTimeMs(), 1e-9);
        assertEquals(6 / 180.0, f.errorRate(), 1e-9);
        assertEquals(12 / 180.0, f.clientErrorRate(), 1e-9);
        assertEquals(20 / 60.0, f.cacheHitRate(), 1e-9);

        clock.advance(Duration.ofSeconds(300));
        RequestWindow.Figures later = window.figures();
        assertEquals(180, later.requestsTotal(), "the total is since start");
        assertEquals(0, later.windowRequests(), "the window forgets");
        assertNull(later.errorRate());
    }

    @Test
    void p95IsWithinFivePercent() {
        for (int ms = 1; ms <= 1000; ms++) {
            window.record(200, ms, null);
        }
        double p95 = window.figures().p95ResponseTimeMs();
        assertTrue(Math.abs(p95 - 950) / 950 < 0.05, "p95 " + p95);
        assertEquals(RequestWindow.BUCKETS - 1, RequestWindow.bucket(Long.MAX_VALUE));
        assertEquals(0, RequestWindow.bucket(0));
    }
}
