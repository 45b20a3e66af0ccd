package io.text2media.shared.http;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CORS is computed from each request (original-contract.md §15), on JSON routes too (the original's bug fixed). */
class CorsTest {

    @Test
    void anAllowedOriginIsEchoedOnJsonRoutesErrorsAndPreflights() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction())
                .env("ALLOWED_ORIGINS", "https://aistone.ai, https://www.aistone.ai").start()) {
            Http http = app.http();
            assertEquals("https://www.aistone.ai", http.post("/probe/echo", "{}", "Origin", "https://www.aistone.ai")
                    .header("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("https://aistone.ai", http.get("/missing", "Origin", "https://aistone.ai")
                    .header("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("https://aistone.ai", http.post("/probe/echo", "null", "Origin", "https://aistone.ai")
                    .header("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("https://aistone.ai", http.send("OPTIONS", "/probe/echo", null, "Origin", "https://aistone.ai")
                    .header("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("*", http.post("/probe/echo", "{}", "Origin", "https://other.example")
                    .header("Access-Control-Allow-Origin").orElseThrow(), "non-strict: others get *");
        }
    }

    @Test
    void strictModeAnswersNullToOtherOriginsButStillServesListedOnes() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction())
                .env("ALLOWED_ORIGINS", "https://aistone.ai").env("CORS_STRICT", "true").start()) {
            Http http = app.http();
            assertEquals("null", http.post("/probe/echo", "{}", "Origin", "https://other.example")
                    .header("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("https://aistone.ai", http.post("/probe/echo", "{}", "Origin", "https://aistone.ai")
                    .header("Access-Control-Allow-Origin").orElseThrow());
        }
    }

    @Test
    void policyRules() {
        CorsPolicy open = new CorsPolicy(java.util.List.of(), true);
        assertEquals("*", open.allowOrigin("https://x"));
        CorsPolicy listed = new CorsPolicy(java.util.List.of("https://a"), false);
        assertEquals("https://a", listed.allowOrigin("https://a"));
        assertEquals("*", listed.allowOrigin(null));
    }
}
