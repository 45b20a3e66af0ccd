package io.text2media.shared.store;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.observe.Logging;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The database copy of {@code releases/DEPLOYS.log}, run by the deploy scripts with the deployed release's own jar:
 * {@code append <line>} stores one tab-separated line (UTC time, operator, function, from, to, commit, target) in
 * {@code deploy_log}; {@code history <function>} prints that function's lines in the same format, oldest first.
 * Database: DB_URL / DB_USER / DB_PASSWORD, default the H2 file in DATA_DIR. Exit codes: 0 done, 2 usage (a malformed
 * line included), 3 database unreachable, 4 failed.
 */
public final class DeployLogCli {
    static final String USAGE = """
            usage: DeployLogCli append <time\\toperator\\tfunction\\tfrom\\tto\\tcommit\\ttarget>
                   DeployLogCli history <function>
            """;
    private static final String INSERT = "INSERT INTO deploy_log (ts, operator, function, from_version, to_version, "
            + "git_commit, target) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String HISTORY = "SELECT ts, operator, function, from_version, to_version, git_commit, target "
            + "FROM deploy_log WHERE function = ? ORDER BY ts, id";

    private DeployLogCli() {
    }

    public static void main(String[] args) {
        Logging.configure("warn", System.err);
        int code;
        try {
            code = run(List.of(args), Env.system(), System.out, System.err);
        } catch (Throwable e) {
            System.err.println("deploy-log: failed: " + e.getClass().getSimpleName());
            code = 4;
        }
        System.exit(code);
    }

    static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !List.of("append", "history").contains(args.getFirst())) {
            err.print(USAGE);
            return 2;
        }
        String[] fields = args.getFirst().equals("append") ? args.get(1).split("\t", -1) : null;
        if (fields != null && (fields.length != 7 || parse(fields[0]) == null)) {
            err.println("deploy-log: a line has 7 tab-separated fields and starts with an ISO time");
            return 2;
        }
        try (Database database = Database.open(DatabaseSettings.fromEnv(env));
             Connection connection = database.client().unwrap(Connection.class)) {
            if (fields != null) {
                append(connection, fields);
            } else {
                history(connection, args.get(1), out);
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            if (DbErrors.isUnavailable(e)) {
                err.println("deploy-log: database unreachable (" + DatabaseSettings.fromEnv(env).redactedUrl() + ")");
                return 3;
            }
            err.println("deploy-log: failed: " + e.getClass().getSimpleName());
            return 4;
        }
    }

    private static void append(Connection connection, String[] f) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            ps.setTimestamp(1, Timestamp.from(parse(f[0])));
            for (int i = 1; i < 7; i++) {
                String value = f[i].equals("-") || f[i].isEmpty() ? null : f[i];
                ps.setString(i + 1, value == null && (i == 1 || i == 2 || i == 6) ? "-" : value);
            }
            ps.executeUpdate();
        }
    }

    private static void history(Connection connection, String function, PrintStream out) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(HISTORY)) {
            ps.setString(1, function);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder line = new StringBuilder(rs.getTimestamp(1).toInstant().toString());
                    for (int i = 2; i <= 7; i++) {
                        String v = rs.getString(i);
                        line.append('\t').append(v == null ? "-" : v);
                    }
                    out.println(line);
                }
            }
        }
    }

    private static Instant parse(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
