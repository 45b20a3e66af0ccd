package io.text2media.shared.observe;

import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLogFormatterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Log log = Log.of(JsonLogFormatterTest.class);

    @AfterEach
    void restore() {
        Logging.configure("warn");
    }

    private List<JsonObject> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> Jsons.parseObject(l).orElseThrow(() -> new AssertionError(l))).toList();
    }

    @Test
    void eachEventIsOneJsonLineWithItsFields() {
        Logging.configure("info", new PrintStream(out, true, StandardCharsets.UTF_8));
        log.info("user_registered", "userId", "u1", "attempts", 2, "cached", true);
        JsonObject line = lines().getFirst();
        assertEquals("INFO", line.getString("level"));
        assertEquals("user_registered", line.getString("event"));
        assertEquals("u1", line.getString("userId"));
        assertEquals(2, line.getInt("attempts"));
        assertTrue(line.getBoolean("cached"));
        assertTrue(line.getString("ts").endsWith("Z"));
    }

    @Test
    void secretsAreRedactedAndEmailsMasked() {
        Logging.configure("debug", new PrintStream(out, true, StandardCharsets.UTF_8));
        log.warn("careless", "password", "hunter2", "apiKey", "sk_live_123", "Authorization", "Bearer abc.def",
                "resetToken", "tok", "email", "alice@example.com");
        log.error("boom", new IllegalStateException("login failed for bob@example.com with Bearer eyJhbGci.x.y"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("hunter2"));
        assertFalse(text.contains("sk_live_123"));
        assertFalse(text.contains("abc.def"));
        assertFalse(text.contains("alice@example.com"));
        assertFalse(text.contains("bob@example.com"));
        assertFalse(text.contains("eyJhbGci"));
        JsonObject first = lines().getFirst();
        assertEquals("[REDACTED]", first.getString("password"));
        assertEquals("a***@example.com", first.getString("email"));
        JsonObject error = lines().get(1);
        assertEquals("ERROR", error.getString("level"));
        assertEquals("java.lang.IllegalStateException", error.getString("error"));
        assertTrue(error.getString("stack").contains("JsonLogFormatterTest"));
    }

    @Test
    void logLevelGovernsEveryLine() {
        Logging.configure("warn", new PrintStream(out, true, StandardCharsets.UTF_8));
        log.debug("d");
        log.info("i");
        log.warn("w");
        java.util.logging.Logger.getLogger("some.library").info("third-party info");
        assertEquals(List.of("w"), lines().stream().map(l -> l.getString("event")).toList());
        Logging.changeLevel("debug");
        log.debug("d2");
        assertTrue(lines().stream().anyMatch(l -> l.getString("event").equals("d2")));
        assertTrue(lines().stream().anyMatch(l -> l.getString("event").equals("log_level_changed")));
    }
}
