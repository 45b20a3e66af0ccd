package io.text2media.health.ops;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.DbErrors;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The operator's database commands behind scripts/db-monitor.sh, perf-report.sh, backup.sh and restore.sh, on the
 * configured database (DB_URL, default the H2 file under ./data; also while the functions run). Exit codes for cron:
 * 0 fine, 1 an alert threshold was crossed, 2 usage error, 3 database unreachable, 4 backup/restore failed.
 */
public final class OpsCli {
    static final String USAGE = """
            usage:
              db-monitor  [--hours N] [--max-error-rate R] [--json]   row counts, latest rows, top functions and keys
              perf-report [--hours N | --days N] [--max-p95-ms M] [--json]  hourly calls, p50/p95, error rate; per model
              backup  <file>                                          H2 SCRIPT / pg_dump
              restore <file> [--yes]                                  H2 RUNSCRIPT / pg_restore (replaces everything)
              rollup  [--day YYYY-MM-DD]                              recompute daily_stats (default: yesterday and today)
            exit codes: 0 ok, 1 alert threshold crossed, 2 usage, 3 database unreachable, 4 backup/restore failed
            """;

    private OpsCli() {
    }

    public static void main(String[] args) {
        Logging.configure("warn", System.err);
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // hourly buckets in UTC on both databases
        System.exit(run(args, Env.system(), System.out, System.err, System.console() != null));
    }

    public static int run(String[] args, Env env, PrintStream out, PrintStream err, boolean interactive) {
        List<String> words = new ArrayList<>(List.of(args));
        if (words.isEmpty() || words.contains("--help") || words.contains("-h")) {
            (words.isEmpty() ? err : out).print(USAGE);
            return words.isEmpty() ? 2 : 0;
        }
        String command = words.removeFirst();
        boolean json = words.remove("--json");
        boolean yes = words.remove("--yes");
        DatabaseSettings settings = DatabaseSettings.fromEnv(env);
        try (Database database = Database.open(settings)) {
            Clock clock = Clock.systemUTC();
            return switch (command) {
                case "db-monitor" -> monitor(new Reports(database, clock), new DatabaseOverview(database, Duration.ofSeconds(30)),
                        hours(words, 24), decimal(words, "--max-error-rate", env.decimal("ALERT_ERROR_RATE", 0.05, 0, 1)),
                        json, out);
                case "perf-report" -> performance(new Reports(database, clock), hours(words, 24),
                        option(words, "--max-p95-ms").map(Double::parseDouble), json, out);
                case "backup" -> backup(settings, database, single(words), out, err);
                case "restore" -> restore(settings, database, single(words), yes, interactive, out, err);
                case "rollup" -> rollup(new DailyStatsRollup(database, clock), option(words, "--day"), out);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException | NumberFormatException | java.time.format.DateTimeParseException e) {
            err.println("ops: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (RuntimeException e) {
            if (DbErrors.isUnavailable(e)) {
                err.println("ops: database unreachable (" + settings.redactedUrl() + ")");
                return 3;
            }
            throw e;
        }
    }

    private static int monitor(Reports reports, DatabaseOverview overview, Duration window, double maxErrorRate,
                               boolean json, PrintStream out) {
        JsonObject database = overview.snapshot();
        JsonArray latest = reports.latestTimestamps();
        JsonArray functions = reports.functions(window);
        JsonArray keys = reports.keys(window);
        long requests = 0;
        long errors = 0;
        for (JsonValue f : functions) {
            long n = f.asJsonObject().getJsonNumber("requests").longValue();
            requests += n;
            errors += Math.round(n * f.asJsonObject().getJsonNumber("error_rate").doubleValue());
        }
        double errorRate = requests == 0 ? 0 : errors / (double) requests;
        boolean alert = errorRate > maxErrorRate;
        if (json) {
            out.println(Jsons.text(Jsons.object().add("window_hours", window.toHours()).add("database", database)
                    .add("latest", latest).add("functions", functions).add("keys", keys)
                    .add("error_rate", Reports.round(errorRate)).add("alert", alert).build()));
        } else {
            out.println("database: " + database.getString("status") + " (" + database.getString("type", "") + ")");
            if (database.containsKey("row_counts")) {
                database.getJsonObject("row_counts").forEach((t, n) -> out.printf("  %-16s %10s rows%n", t, n));
            }
            out.println("latest rows:");
            latest.forEach(v -> out.printf("  %-16s %s%n", v.asJsonObject().getString("table"), v.asJsonObject().get("latest")));
            out.println("functions, last " + window.toHours() + " h (by traffic):");
            table(out, functions, "function", "requests", "error_rate", "client_error_rate", "p95_ms");
            out.println("upstream keys, last " + window.toHours() + " h (by traffic):");
            table(out, keys, "key", "requests", "error_rate", "p95_ms", "tokens");
            out.printf("overall 5xx rate %.4f (alert above %.4f)%s%n", errorRate, maxErrorRate, alert ? "  ALERT" : "");
        }
        return alert ? 1 : 0;
    }

    private static int performance(Reports reports, Duration window, Optional<Double> maxP95, boolean json, PrintStream out) {
        JsonArray hourly = reports.hourly(window);
        JsonArray models = reports.models(window);
        boolean alert = maxP95.isPresent() && hourly.stream()
                .anyMatch(v -> v.asJsonObject().getJsonNumber("p95_ms").doubleValue() > maxP95.get());
        if (json) {
            out.println(Jsons.text(Jsons.object().add("window_hours", window.toHours()).add("hourly", hourly)
                    .add("models", models).add("alert", alert).build()));
        } else {
            out.println("per hour and function, last " + window.toHours() + " h (UTC):");
            table(out, hourly, "hour", "function", "requests", "p50_ms", "p95_ms", "error_rate");
            out.println("per function and model:");
            table(out, models, "function", "model", "requests", "p95_ms", "error_rate", "tokens");
            maxP95.ifPresent(m -> out.printf("p95 alert threshold %.0f ms%s%n", m, alert ? ": ALERT" : ": ok"));
        }
        return alert ? 1 : 0;
    }

    private static int backup(DatabaseSettings settings, Database database, String file, PrintStream out, PrintStream err) {
        try {
            new DatabaseBackup(settings, database).backup(Path.of(file));
            out.println("backup written to " + Path.of(file).toAbsolutePath().normalize());
            return 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof RuntimeException re && DbErrors.isUnavailable(re)) {
                throw re;
            }
            err.println("ops: backup failed: " + e.getMessage());
            return 4;
        }
    }

    private static int restore(DatabaseSettings settings, Database database, String file, boolean yes, boolean interactive,
                               PrintStream out, PrintStream err) {
        if (!yes) {
            if (!interactive || System.console() == null) {
                err.println("ops: restore replaces every table of " + settings.redactedUrl() + "; run again with --yes");
                return 2;
            }
            String answer = System.console().readLine("Replace every table of %s with %s? Type 'restore': ",
                    settings.redactedUrl(), file);
            if (!"restore".equals(answer)) {
                err.println("ops: restore cancelled");
                return 2;
            }
        }
        try {
            new DatabaseBackup(settings, database).restore(Path.of(file));
            out.println("restored " + settings.redactedUrl() + " from " + Path.of(file).toAbsolutePath().normalize());
            return 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof RuntimeException re && DbErrors.isUnavailable(re)) {
                throw re;
            }
            err.println("ops: restore failed: " + e.getMessage());
            return 4;
        }
    }

    private static int rollup(DailyStatsRollup rollup, Optional<String> day, PrintStream out) {
        long rows = day.isPresent() ? rollup.rollup(LocalDate.parse(day.get())) : rollup.rollupRecent();
        out.println("daily_stats rows written: " + rows);
        return 0;
    }

    private static void table(PrintStream out, JsonArray rows, String... columns) {
        if (rows.isEmpty()) {
            out.println("  (none)");
            return;
        }
        StringBuilder header = new StringBuilder(" ");
        for (String c : columns) {
            header.append(String.format(" %-22s", c));
        }
        out.println(header);
        for (JsonValue v : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (String c : columns) {
                JsonValue cell = v.asJsonObject().get(c);
                String text = cell instanceof jakarta.json.JsonString s ? s.getString()
                        : cell instanceof JsonNumber n ? n.toString() : String.valueOf(cell);
                line.append(String.format(" %-22s", text));
            }
            out.println(line);
        }
    }

    private static Duration hours(List<String> words, int defaultHours) {
        Optional<String> days = option(words, "--days");
        if (days.isPresent()) {
            return Duration.ofDays(Long.parseLong(days.get()));
        }
        return Duration.ofHours(option(words, "--hours").map(Long::parseLong).orElse((long) defaultHours));
    }

    private static double decimal(List<String> words, String name, double fallback) {
        return option(words, name).map(Double::parseDouble).orElse(fallback);
    }

    private static String single(List<String> words) {
        if (words.size() != 1) {
            throw new UsageException("expected one file argument");
        }
        return words.getFirst();
    }

    private static Optional<String> option(List<String> words, String name) {
        int i = words.indexOf(name);
        if (i < 0) {
            return Optional.empty();
        }
        if (i + 1 >= words.size()) {
            throw new UsageException(name + " needs a value");
        }
        String value = words.remove(i + 1);
        words.remove(i);
        return Optional.of(value);
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
