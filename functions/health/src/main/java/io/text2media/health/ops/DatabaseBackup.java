package io.text2media.health.ops;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.store.Database;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backup and restore of the configured database. H2: {@code SCRIPT TO ... COMPRESSION ZIP}, and for a restore
 * {@code DROP ALL OBJECTS} then {@code RUNSCRIPT FROM ...} (online; the file is written by the process that owns the
 * database, so paths are absolute). PostgreSQL: {@code pg_dump --format=custom} and {@code pg_restore --clean
 * --if-exists}, limited to {@code currentSchema} when the URL names one; credentials go through PGPASSWORD, never
 * the command line.
 */
public final class DatabaseBackup {
    private final DatabaseSettings settings;
    private final Database database;

    public DatabaseBackup(DatabaseSettings settings, Database database) {
        this.settings = settings;
        this.database = database;
    }

    public void backup(Path file) throws IOException, InterruptedException {
        Path target = file.toAbsolutePath().normalize();
        if (settings.isH2()) {
            h2("SCRIPT TO " + literal(target) + " COMPRESSION ZIP");
        } else {
            List<String> command = new ArrayList<>(List.of("pg_dump", "--format=custom", "--no-owner", "--file=" + target));
            postgres().schema().ifPresent(s -> command.add("--schema=" + s));
            command.add(postgres().database());
            run(command);
        }
    }

    public void restore(Path file) throws IOException, InterruptedException {
        Path source = file.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isReadable(source)) {
            throw new IOException("cannot read " + source);
        }
        if (settings.isH2()) {
            h2("DROP ALL OBJECTS", "RUNSCRIPT FROM " + literal(source) + " COMPRESSION ZIP");
        } else {
            run(List.of("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                    "--dbname=" + postgres().database(), source.toString()));
        }
    }

    /** H2's SCRIPT answers with a result set, which the DbClient's DML statements refuse: plain JDBC here. */
    private void h2(String... statements) throws IOException {
        try (Connection connection = database.client().unwrap(Connection.class); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String literal(Path path) {
        String p = path.toString();
        if (p.contains("'")) {
            throw new IllegalArgumentException("a backup path may not contain a quote: " + p);
        }
        return "'" + p + "'";
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Postgres pg = postgres();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PGHOST", pg.host());
        env.put("PGPORT", String.valueOf(pg.port()));
        if (!settings.user().isEmpty()) {
            env.put("PGUSER", settings.user());
        }
        if (!settings.password().isEmpty()) {
            env.put("PGPASSWORD", settings.password());
        }
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            throw new IOException(command.getFirst() + " exited with " + code + ": " + output.strip());
        }
    }

    Postgres postgres() {
        return Postgres.parse(settings.url());
    }

    /** The parts of a {@code jdbc:postgresql://host[:port]/database[?currentSchema=...]} URL the tools need. */
    record Postgres(String host, int port, String database, Optional<String> schema) {
        static Postgres parse(String jdbcUrl) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            Optional<String> schema = Optional.empty();
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    if (pair.startsWith("currentSchema=")) {
                        schema = Optional.of(pair.substring("currentSchema=".length()));
                    }
                }
            }
            return new Postgres(uri.getHost() == null ? "localhost" : uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    db, schema);
        }
    }
}
