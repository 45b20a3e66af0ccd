package io.text2media.shared.store;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.observe.Log;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The one connection pool of a process (helidon-dbclient-jdbc on Hikari) and its readiness. A database that cannot
 * be reached does not stop the start: the pool is created without connecting, migrations are retried in the
 * background until they succeed, and until then every use throws {@link StoreUnavailableException} (503).
 * Later outages surface the same way per call; Hikari reconnects by itself when the database is back.
 */
public final class Database implements AutoCloseable {
    private static final Log LOG = Log.of(Database.class);
    private static final Duration MIGRATION_RETRY = Duration.ofSeconds(2);
    private static final Duration FIRST_MIGRATION_WAIT = Duration.ofSeconds(15);

    private final DbClient db;
    private final DatabaseSettings settings;
    private final ScheduledExecutorService background;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private volatile String lastError = "not migrated yet";
    /** The migration attempt under way: a request that arrives during it waits for it rather than failing. */
    private volatile CompletableFuture<Void> attempt = CompletableFuture.completedFuture(null);

    private Database(DbClient db, DatabaseSettings settings) {
        this.db = db;
        this.settings = settings;
        this.background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("db-migrate").factory());
    }

    /** Creates the pool and starts migrating in the background; returns at once. */
    public static Database start(DatabaseSettings settings) {
        Database database = new Database(DbClient.create(config(settings).get("db")), settings);
        database.attempt = new CompletableFuture<>();
        database.background.execute(database::migrateUntilDone);
        return database;
    }

    /** Creates the pool and migrates now, failing if the database is unreachable (tests and command-line tools). */
    public static Database open(DatabaseSettings settings) {
        Database database = new Database(DbClient.create(config(settings).get("db")), settings);
        Migrations.apply(database.db);
        database.migrated.set(true);
        return database;
    }

    private static Config config(DatabaseSettings s) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("db.source", "jdbc");
        map.put("db.connection.url", s.url());
        map.put("db.connection.username", s.user());
        map.put("db.connection.password", s.password());
        map.put("db.connection.poolName", "text2media");
        map.put("db.connection.maximumPoolSize", String.valueOf(s.poolSize()));
        map.put("db.connection.minimumIdle", String.valueOf(Math.min(2, s.poolSize())));
        // Hikari waits 30 s by default: a readiness probe or a request would hang that long with the database down.
        map.put("db.connection.connectionTimeout", String.valueOf(s.connectTimeoutMs()));
        map.put("db.connection.validationTimeout", String.valueOf(Math.max(250, s.connectTimeoutMs() / 2)));
        // Start without a connection: an unreachable database must not stop the function from starting.
        map.put("db.connection.initializationFailTimeout", "-1");
        return Config.just(ConfigSources.create(map));
    }

    private void migrateUntilDone() {
        CompletableFuture<Void> current = attempt.isDone() ? new CompletableFuture<>() : attempt;
        attempt = current;
        try {
            Migrations.apply(db);
            migrated.set(true);
            lastError = null;
            LOG.info("database_ready", "type", db.dbType(), "url", settings.redactedUrl());
        } catch (RuntimeException e) {
            lastError = DbErrors.isUnavailable(e) ? "database unreachable" : "migration failed";
            LOG.warn("database_not_ready", "reason", lastError, "retryInMs", MIGRATION_RETRY.toMillis(),
                    "cause", rootMessage(e));
            if (!background.isShutdown()) {
                background.schedule(this::migrateUntilDone, MIGRATION_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            current.complete(null);
        }
    }

    public boolean isMigrated() {
        return migrated.get();
    }

    /** Why the store is not usable, or null when it is migrated. */
    public String notReadyReason() {
        return migrated.get() ? null : lastError;
    }

    public String type() {
        return db.dbType();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** Statements for one call; throws {@link StoreUnavailableException} before the schema is in place. */
    public DbExecute execute() {
        requireMigrated();
        return db.execute();
    }

    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<DbTransaction, T> work) {
        requireMigrated();
        DbTransaction tx = db.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw translate(e);
        }
        tx.commit();
        return result;
    }

    /** A {@code SELECT 1} bounded by the pool's connection timeout. */
    public boolean ping() {
        try {
            return db.execute().get("SELECT 1").isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Converts "cannot reach the database" failures into {@link StoreUnavailableException}. */
    public static RuntimeException translate(RuntimeException e) {
        if (e instanceof StoreUnavailableException) {
            return e;
        }
        if (DbErrors.isUnavailable(e)) {
            return new StoreUnavailableException("database unreachable", e);
        }
        return e;
    }

    private void requireMigrated() {
        if (!migrated.get()) {
            try {
                // An unreachable database fails the attempt within the pool's connection timeout; a reachable but slow
                // one (a loaded machine, a big migration) gets up to this long before the request is answered 503.
                attempt.get(FIRST_MIGRATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // fall through: still not migrated
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!migrated.get()) {
            throw new StoreUnavailableException(lastError == null ? "database not ready" : lastError, null);
        }
    }

    private static void rollbackQuietly(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException ignored) {
            // the connection may be gone; the pool discards it
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        background.shutdownNow();
        db.close();
    }

    /** For tools that need the raw client (backup, reports). */
    public DbClient client() {
        return db;
    }
}
