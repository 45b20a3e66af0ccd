package io.text2media.shared.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The environment a test process starts with: prod profile, random port, private in-memory H2, fast hashing. */
public final class TestEnv {
    public static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789abcdef";
    public static final String HEALTH_TOKEN = "test-health-token";

    private TestEnv() {
    }

    public static Map<String, String> defaults() {
        Map<String, String> env = new HashMap<>();
        env.put("PROFILE", "prod");
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("HEALTH_CHECK_TOKEN", HEALTH_TOKEN);
        env.put("PBKDF2_ITERATIONS", "10000");
        env.put("LOG_LEVEL", System.getenv().getOrDefault("TEST_LOG_LEVEL", "warn"));
        env.put("DB_URL", h2MemoryUrl());
        env.put("DATA_DIR", System.getProperty("java.io.tmpdir") + "/text2media-test-" + UUID.randomUUID());
        return env;
    }

    /** A private in-memory database that lives as long as the pool holds a connection. */
    public static String h2MemoryUrl() {
        return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";LOCK_TIMEOUT=10000";
    }
}
