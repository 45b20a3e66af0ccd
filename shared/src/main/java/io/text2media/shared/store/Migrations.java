package io.text2media.shared.store;

import io.text2media.shared.observe.Log;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies the versioned SQL files listed in {@code db/migration/index.txt}, each once, recorded in
 * {@code schema_version}. Every statement is idempotent ({@code IF NOT EXISTS}), so two processes starting together
 * on one database converge: the loser of the version insert sees a duplicate key and moves on.
 *
 * <p>Why not Flyway: every function migrates at start, and on scale-to-zero a start is what a user waits for; Flyway
 * 10+ brings Jackson, TOML and classpath scanning to each cold start for what is one ordered list of
 * {@code IF NOT EXISTS} files here.
 */
public final class Migrations {
    private static final Log LOG = Log.of(Migrations.class);
    private static final String INDEX = "db/migration/index.txt";
    private static final long PG_LOCK_ID = 7_115_522_001L;
    private static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)";

    private Migrations() {
    }

    /** The migration files in order (file name, SQL text). */
    public static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
            migrations.add(new Migration(version, name, resource("db/migration/" + name)));
        }
        return migrations;
    }

    public static void apply(DbClient db) {
        if (db.dbType().contains("postgres")) {
            applyOnPostgres(db);
        } else {
            applyOnH2(db);
        }
    }

    /**
     * PostgreSQL: everything in one transaction under an advisory lock. DDL is transactional there, and concurrent
     * {@code CREATE TABLE IF NOT EXISTS} can still collide on the catalog without the lock.
     */
    private static void applyOnPostgres(DbClient db) {
        DbTransaction tx = db.transaction();
        try {
            tx.get("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + PG_LOCK_ID + ")) AS locked");
            tx.dml(CREATE_VERSION_TABLE);
            for (Migration migration : load()) {
                if (tx.get("SELECT version FROM schema_version WHERE version = ?", migration.version()).isEmpty()) {
                    run(tx, migration);
                }
            }
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
        tx.commit();
    }

    /** H2: DDL commits by itself; every statement is idempotent, and a lost race on the version row is harmless. */
    private static void applyOnH2(DbClient db) {
        db.execute().dml(CREATE_VERSION_TABLE);
        for (Migration migration : load()) {
            if (db.execute().get("SELECT version FROM schema_version WHERE version = ?", migration.version()).isPresent()) {
                continue;
            }
            DbTransaction tx = db.transaction();
            try {
                run(tx, migration);
            } catch (RuntimeException e) {
                tx.rollback();
                if (DbErrors.isUniqueViolation(e)) {
                    continue; // another process applied it at the same moment
                }
                throw e;
            }
            tx.commit();
        }
    }

    private static void run(DbTransaction tx, Migration migration) {
        for (String statement : migration.statements()) {
            tx.dml(statement);
        }
        tx.dml("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                migration.version(), migration.name(), System.currentTimeMillis());
        LOG.info("migration_applied", "version", migration.version(), "name", migration.name());
    }

    private static String resource(String path) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One versioned file; statements are separated by a semicolon at the end of a line. */
    public record Migration(int version, String name, String sql) {
        public List<String> statements() {
            String withoutComments = Arrays.stream(sql.split("\n"))
                    .filter(l -> !l.trim().startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n");
            return Arrays.stream(withoutComments.split(";\\s*\n"))
                    .map(String::trim)
                    .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
    }
}
