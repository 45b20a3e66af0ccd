package io.text2media.shared.config;

import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    private static Settings with(String... pairs) {
        Map<String, String> env = new HashMap<>(TestEnv.defaults());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return Settings.from(Env.of(env));
    }

    private static void assertRejected(String variable, String... pairs) {
        SettingsException e = assertThrows(SettingsException.class, () -> with(pairs));
        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable + ":"), e.getMessage());
    }

    @Test
    void defaultsFollowTheDesign() {
        Settings s = Settings.from(Env.of(Map.of("JWT_SECRET", TestEnv.JWT_SECRET)));
        assertEquals(Profile.PROD, s.profile());
        assertEquals(8080, s.port());
        assertEquals(600_000, s.passwords().iterations());
        assertEquals(32, s.passwords().keyLength());
        assertEquals("sha256", s.passwords().digest());
        assertEquals(1_048_576, s.http().maxBodyBytes());
        assertEquals(3, s.upstream().maxAttempts());
        assertEquals(Duration.ofMillis(500), s.upstream().initialDelay());
        assertEquals(new RateLimitSettings(8, 10, 30, 100), s.rateLimits());
        assertEquals("info", s.observe().logLevel());
        assertEquals(10_000, s.observe().requestLogQueueSize(), "README: REQUEST_LOG_QUEUE_SIZE");
        assertEquals(1000, s.observe().requestLogBatchSize(), "README and MONITORING: REQUEST_LOG_BATCH_SIZE");
        assertEquals(java.time.Duration.ofMillis(1000), s.observe().requestLogFlushInterval(), "README: REQUEST_LOG_FLUSH_MS");
        assertFalse(s.jwt().allowLegacy());
        assertEquals(Duration.ofDays(7), s.jwt().ttl());
        assertTrue(s.database().url().startsWith("jdbc:h2:file:/"), "an absolute H2 file path: " + s.database().url());
        assertTrue(s.database().url().contains("AUTO_SERVER=TRUE"));
        assertTrue(s.healthCheckToken().isEmpty());
    }

    @Test
    void prodRefusesToStartWithoutJwtSecret() {
        assertRejected("JWT_SECRET", "JWT_SECRET", null);
        assertRejected("JWT_SECRET", "JWT_SECRET", "   ");
    }

    @Test
    void devDoesNotNeedJwtSecretBeforeGeneration() {
        assertTrue(with("PROFILE", "dev", "JWT_SECRET", null).jwt().secret().isEmpty());
    }

    @Test
    void aShortJwtSecretIsRefusedWithoutEchoingIt() {
        SettingsException e = assertThrows(SettingsException.class, () -> with("JWT_SECRET", "short-secret-value"));
        assertEquals("JWT_SECRET", e.variable());
        assertFalse(e.getMessage().contains("short-secret-value"));
    }

    @Test
    void invalidValuesStopTheStartNamingTheVariable() {
        assertRejected("PORT", "PORT", "eighty");
        assertRejected("PORT", "PORT", "70000");
        assertRejected("PBKDF2_ITERATIONS", "PBKDF2_ITERATIONS", "5");
        assertRejected("PBKDF2_DIGEST", "PBKDF2_DIGEST", "md5");
        assertRejected("PBKDF2_KEYLEN", "PBKDF2_KEYLEN", "16");
        assertRejected("MAX_BODY_BYTES", "MAX_BODY_BYTES", "-1");
        assertRejected("CORS_STRICT", "CORS_STRICT", "maybe");
        assertRejected("LOG_LEVEL", "LOG_LEVEL", "verbose");
        assertRejected("METRICS_SAMPLE_RATE", "METRICS_SAMPLE_RATE", "2");
        assertRejected("METRICS_SAMPLE_RATE", "METRICS_SAMPLE_RATE", "often"); // the original read NaN: never
        assertRejected("METRICS_ENABLED", "METRICS_ENABLED", "sometimes"); // the original read it as off
        assertRejected("PROFILE", "PROFILE", "staging-ish");
        assertRejected("DB_URL", "DB_URL", "jdbc:mysql://x/y");
        assertRejected("UPSTREAM_DEADLINE_MS", "UPSTREAM_TIMEOUT_MS", "5000", "UPSTREAM_DEADLINE_MS", "1000");
        assertRejected("TRUSTED_PROXY_HEADER", "TRUSTED_PROXY_HEADER", "X Forwarded For");
        assertRejected("RATE_LIMIT_ANON_PER_MINUTE", "RATE_LIMIT_ANON_PER_MINUTE", "0");
    }

    @Test
    void theOriginalsRetryAliasesAreRead() {
        assertEquals(5, with("FETCH_RETRY_MAX", "5").upstream().maxAttempts());
        assertEquals(4, with("RETRY_MAX_ATTEMPTS", "4", "FETCH_RETRY_MAX", "5").upstream().maxAttempts(), "RETRY_MAX_ATTEMPTS wins");
        assertEquals(Duration.ofMillis(20), with("FETCH_RETRY_INITIAL_DELAY_MS", "20").upstream().initialDelay());
    }

    @Test
    void listsSplitOnCommasAndWhitespace() {
        assertEquals(List.of("https://a", "https://b", "https://c"),
                with("ALLOWED_ORIGINS", " https://a, https://b\nhttps://c ").http().allowedOrigins());
    }

    @Test
    void postgresUrlsAreAcceptedAndRedacted() {
        Settings s = with("DB_URL", "jdbc:postgresql://db:5432/t2m?password=hunter2", "DB_USER", "app");
        assertFalse(s.database().isH2());
        assertFalse(s.database().redactedUrl().contains("hunter2"));
        assertFalse(s.toString().contains("hunter2"));
        assertFalse(s.toString().contains(TestEnv.JWT_SECRET));
    }
}
