package io.text2media.health.ops;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Database;

import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code database{status, tables, row_counts}}: the tables of the current schema (lower case) and their row counts,
 * read under a timeout. Only behind the health token: table sizes are operational detail.
 */
public final class DatabaseOverview {
    private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();
    private final Database database;
    private final Duration timeout;

    public DatabaseOverview(Database database, Duration timeout) {
        this.database = database;
        this.timeout = timeout;
    }

    public JsonObject snapshot() {
        Future<JsonObject> read = READS.submit(this::read);
        try {
            return read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            read.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = database.notReadyReason() != null ? database.notReadyReason()
                    : e instanceof java.util.concurrent.TimeoutException ? "timed out" : "database unreachable";
            return Jsons.object().add("status", "error").add("reason", reason).add("type", database.type()).build();
        }
    }

    /** Table names of the current schema, lower case, sorted. */
    public List<String> tables() {
        List<String> tables = new ArrayList<>();
        try (Stream<DbRow> rows = database.execute().query("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            rows.forEach(row -> tables.add(row.column(1).get(String.class).toLowerCase(Locale.ROOT)));
        }
        tables.sort(String::compareTo);
        return tables;
    }

    public long rowCount(String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return database.execute().get("SELECT COUNT(*) FROM " + table).orElseThrow().column(1).get(Long.class);
    }

    private JsonObject read() {
        List<String> tables = tables();
        JsonArrayBuilder names = Jsons.array();
        JsonObjectBuilder counts = Jsons.object();
        for (String table : tables) {
            names.add(table);
            counts.add(table, rowCount(table));
        }
        return Jsons.object().add("status", "ok").add("type", database.type())
                .add("tables", names).add("row_counts", counts).build();
    }
}
