package io.text2media.shared.testing;

import io.text2media.shared.config.DatabaseSettings;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Databases for tests: a private in-memory H2, or a private schema in the local PostgreSQL (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}; override with {@code TEST_PG_URL}/{@code TEST_PG_USER}). PostgreSQL tests run
 * when the server answers; under {@code CI=true} an unreachable server fails them instead of skipping them.
 */
public final class TestDatabases {
    public static final String PG_URL = env("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = env("TEST_PG_USER", "postgres");
    public static final String PG_PASSWORD = env("TEST_PG_PASSWORD", "");

    private TestDatabases() {
    }

    public static DatabaseSettings h2() {
        return new DatabaseSettings(TestEnv.h2MemoryUrl(), "sa", "", 20, 2000);
    }

    /** A fresh schema in the local PostgreSQL, dropped by {@link Schema#close()}; skips (or fails under CI) without one. */
    public static Schema postgres() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String reason = "PostgreSQL at " + PG_URL + " is not reachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason + "; the PostgreSQL tests are mandatory under CI=true");
            }
            System.out.println("SKIPPED PostgreSQL tests: " + reason + "; set CI=true to make them mandatory");
            Assumptions.abort("SKIPPED: " + reason);
        }
        String sep = PG_URL.contains("?") ? "&" : "?";
        return new Schema(schema, new DatabaseSettings(PG_URL + sep + "currentSchema=" + schema, PG_USER, PG_PASSWORD, 20, 2000));
    }

    /** A private PostgreSQL schema. */
    public record Schema(String name, DatabaseSettings settings) implements AutoCloseable {
        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException ignored) {
                // best effort: the schema name is random
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
