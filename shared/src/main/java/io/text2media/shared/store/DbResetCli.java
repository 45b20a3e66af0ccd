package io.text2media.shared.store;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.config.Profile;
import io.text2media.shared.config.Settings;
import io.text2media.shared.observe.Logging;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code scripts/db-reset.sh}: drops every table of the configured database's schema (H2: {@code DROP ALL OBJECTS};
 * PostgreSQL: each table of {@code current_schema()}) and migrates it again, for development and tests. Refuses when
 * {@code PROFILE=prod} unless {@code --force}; asks for confirmation on a terminal ({@code --yes} answers it, and is
 * required when there is no terminal). Exit codes: 0 reset, 1 refused or not confirmed, 2 usage, 3 database
 * unreachable, 4 failed.
 */
public final class DbResetCli {
    static final String USAGE = """
            usage: db-reset.sh [--yes] [--force]
              --yes    do not ask (required without a terminal)
              --force  also when PROFILE=prod
            """;

    private DbResetCli() {
    }

    public static void main(String[] args) {
        Logging.configure("warn", System.err);
        BufferedReader terminal = System.console() == null ? null : new BufferedReader(System.console().reader());
        int code;
        try {
            code = run(List.of(args), Env.system(), terminal, System.out, System.err);
        } catch (Throwable e) {
            System.err.println("db-reset: failed: " + e.getClass().getSimpleName());
            code = 4;
        }
        System.exit(code);
    }

    /** {@code terminal} is where the confirmation is read, or null when there is no terminal. */
    static int run(List<String> args, Env env, BufferedReader terminal, PrintStream out, PrintStream err) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        for (String arg : args) {
            if (!Set.of("--yes", "--force").contains(arg)) {
                err.println("db-reset: unknown option '" + arg + "'");
                err.print(USAGE);
                return 2;
            }
        }
        DatabaseSettings db = DatabaseSettings.fromEnv(env);
        if (Settings.profileOf(env) == Profile.PROD && !args.contains("--force")) {
            err.println("db-reset: refusing: PROFILE=prod (" + db.redactedUrl() + "); add --force to erase a production database");
            return 1;
        }
        if (!args.contains("--yes")) {
            if (terminal == null) {
                err.println("db-reset: not on a terminal: pass --yes to confirm the reset of " + db.redactedUrl());
                return 1;
            }
            out.print("db-reset: this drops every table of " + db.redactedUrl() + ". Type 'reset' to go on: ");
            out.flush();
            String answer = terminal.readLine();
            if (answer == null || !answer.trim().equals("reset")) {
                err.println("db-reset: not confirmed; nothing changed");
                return 1;
            }
        }
        List<String> dropped;
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            dropped = drop(c);
        } catch (SQLException e) {
            if (DbErrors.isUnavailable(e)) {
                err.println("db-reset: database unreachable (" + db.redactedUrl() + ")");
                return 3;
            }
            throw e;
        }
        try (Database migrated = Database.open(db)) {
            out.println("db-reset: dropped " + dropped.size() + " tables of " + db.redactedUrl() + " and migrated it again");
        }
        return 0;
    }

    private static List<String> drop(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        boolean h2 = c.getMetaData().getURL().startsWith("jdbc:h2:");
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                     + (h2 ? "SCHEMA()" : "current_schema()") + " AND table_type IN ('BASE TABLE', 'TABLE')")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            if (h2) {
                s.execute("DROP ALL OBJECTS");
            } else {
                for (String table : tables) {
                    s.execute("DROP TABLE IF EXISTS \"" + table.replace("\"", "\"\"") + "\" CASCADE");
                }
            }
        }
        return tables;
    }
}
