package io.text2media.health;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicHealthTest {

    @Test
    void healthIsPublicAndSaysOnlyStatusVersionAndUptime() {
        try (TestApp app = TestApp.builder().provider(new HealthProvider()).start()) {
            Http.Res res = app.http().get("/health");
            assertEquals(200, res.status());
            JsonObject body = res.json();
            assertEquals(Set.of("status", "version", "uptime"), body.keySet());
            assertEquals("ok", body.getString("status"));
            assertTrue(body.getJsonNumber("uptime").longValue() >= 0);
            assertEquals(body.getString("version"), res.header("X-Function-Version").orElseThrow());
        }
    }
}
