package io.text2media.health.ops;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.observe.Redaction;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.DbErrors;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

/**
 * The operator's database commands behind scripts/db-monitor.sh, perf-report.sh, backup.sh and restore.sh, on the
 * configured database (DB_URL, default the H2 file under ./data; also while the functions run). The command line is
 * checked before the database is touched. Exit codes ({@link ExitCodes}): 0 fine, 1 an alert threshold was crossed,
 * 2 usage, 3 database unreachable, 4 the command failed.
 */
public final class OpsCli {
    static final String USAGE = """
            usage:
              db-monitor  {db-monitor}
                          row counts, latest rows; functions and keys by traffic and by 5xx rate
              perf-report {perf-report}
                          hourly calls, p50/p95, error rate; per function and model
              backup  <file>              H2 SCRIPT / pg_dump
              restore <file> [--yes]      H2 RUNSCRIPT / pg_restore (replaces everything)
              rollup  [--day YYYY-MM-DD]  recompute daily_stats (default: yesterday and today)
            database: DB_URL / DB_USER / DB_PASSWORD, default the H2 file in $DATA_DIR (./data)
            exit codes: 0 ok, 1 alert threshold crossed, 2 usage (unknown command or option, bad value,
                        restore without --yes), 3 database unreachable, 4 failed (backup/restore incomplete,
                        unexpected SQL or runtime error)
            """.replace("{db-monitor}", DbMonitorCommand.OPTIONS).replace("{perf-report}", PerfReportCommand.OPTIONS);

    private OpsCli() {
    }

    public static void main(String[] args) {
        Logging.configure("warn", System.err);
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // hourly buckets in UTC on both databases
        int code;
        try {
            code = run(args, Env.system(), System.out, System.err, System.console() != null);
        } catch (Throwable e) { // never the JVM's exit 1, which would read as "alert"
            System.err.println("ops: failed: " + describe(e));
            code = ExitCodes.FAILURE;
        }
        System.exit(code);
    }

    public static int run(String[] args, Env env, PrintStream out, PrintStream err, boolean interactive) {
        List<String> words = new ArrayList<>(List.of(args));
        if (words.isEmpty()) {
            err.print(USAGE);
            return ExitCodes.USAGE;
        }
        if (words.contains("--help") || words.contains("-h")) {
            out.print(USAGE);
            return ExitCodes.OK;
        }
        String command = words.removeFirst();
        Work work;
        DatabaseSettings settings;
        try {
            work = parse(command, words, env, err, interactive);
            settings = DatabaseSettings.fromEnv(env);
        } catch (UsageException | SettingsException e) {
            err.println("ops: " + e.getMessage());
            err.print(USAGE);
            return ExitCodes.USAGE;
        }
        if (work == null) {
            return ExitCodes.USAGE; // a restore that was not confirmed
        }
        try (Database database = Database.open(settings)) {
            return work.run(database, settings, out, err);
        } catch (RuntimeException e) {
            if (DbErrors.isUnavailable(e)) {
                err.println("ops: database unreachable (" + settings.redactedUrl() + ")");
                return ExitCodes.UNREACHABLE;
            }
            err.println("ops: " + command + " failed: " + describe(e));
            return ExitCodes.FAILURE;
        }
    }

    /** One parsed command, ready to run on the open database. */
    @FunctionalInterface
    private interface Work {
        int run(Database database, DatabaseSettings settings, PrintStream out, PrintStream err);
    }

    /** The command's work, or null when a restore was not confirmed; a bad command line is a UsageException. */
    private static Work parse(String command, List<String> words, Env env, PrintStream err, boolean interactive) {
        Clock clock = Clock.systemUTC();
        return switch (command) {
            case "db-monitor" -> {
                DbMonitorCommand monitor = DbMonitorCommand.parse(words, env);
                yield (db, settings, out, errors) -> monitor.run(db, clock, out);
            }
            case "perf-report" -> {
                PerfReportCommand report = PerfReportCommand.parse(words);
                yield (db, settings, out, errors) -> report.run(db, clock, out);
            }
            case "backup" -> {
                Path file = Path.of(CommandLine.parse(words, Set.of(), Set.of(), 1).positional(0));
                yield (db, settings, out, errors) -> backup(settings, db, file, out, errors);
            }
            case "restore" -> {
                CommandLine line = CommandLine.parse(words, Set.of("--yes"), Set.of(), 1);
                Path file = Path.of(line.positional(0));
                if (!line.flag("--yes") && !confirmed(DatabaseSettings.fromEnv(env), file, interactive, err)) {
                    yield null;
                }
                yield (db, settings, out, errors) -> restore(settings, db, file, out, errors);
            }
            case "rollup" -> {
                Optional<LocalDate> day = CommandLine.parse(words, Set.of(), Set.of("--day"), 0).value("--day").map(OpsCli::day);
                yield (db, settings, out, errors) -> rollup(new DailyStatsRollup(db, clock), day, out);
            }
            default -> throw new UsageException("unknown command '" + command + "'");
        };
    }

    private static boolean confirmed(DatabaseSettings settings, Path file, boolean interactive, PrintStream err) {
        if (!interactive || System.console() == null) {
            err.println("ops: restore replaces every table of " + settings.redactedUrl() + "; run again with --yes");
            return false;
        }
        String answer = System.console().readLine("Replace every table of %s with %s? Type 'restore': ",
                settings.redactedUrl(), file);
        if (!"restore".equals(answer)) {
            err.println("ops: restore cancelled");
            return false;
        }
        return true;
    }

    private static int backup(DatabaseSettings settings, Database database, Path file, PrintStream out, PrintStream err) {
        try {
            new DatabaseBackup(settings, database).backup(file);
            out.println("backup written to " + file.toAbsolutePath().normalize());
            return ExitCodes.OK;
        } catch (IOException | InterruptedException e) {
            err.println("ops: backup failed: " + describe(e));
            return ExitCodes.FAILURE;
        }
    }

    private static int restore(DatabaseSettings settings, Database database, Path file, PrintStream out, PrintStream err) {
        try {
            new DatabaseBackup(settings, database).restore(file);
            out.println("restored " + settings.redactedUrl() + " from " + file.toAbsolutePath().normalize());
            return ExitCodes.OK;
        } catch (IOException | InterruptedException e) {
            err.println("ops: restore failed: " + describe(e));
            return ExitCodes.FAILURE;
        }
    }

    private static int rollup(DailyStatsRollup rollup, Optional<LocalDate> day, PrintStream out) {
        long rows = day.isPresent() ? rollup.rollup(day.get()) : rollup.rollupRecent();
        out.println("daily_stats rows written: " + rows);
        return ExitCodes.OK;
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--day takes a date like 2026-03-09, got '" + text + "'");
        }
    }

    /** The failure's class and scrubbed, bounded message: enough for the operator, nothing secret. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + Redaction.bounded(root.getMessage(), 300);
        return root.getClass().getSimpleName() + message;
    }
}
