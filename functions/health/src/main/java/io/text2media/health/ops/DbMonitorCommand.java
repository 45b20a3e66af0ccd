package io.text2media.health.ops;

import io.text2media.shared.config.Env;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Database;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code db-monitor}: row counts and latest rows per table; functions and upstream keys over the window ranked by
 * traffic and, among those with at least {@code --min-calls} calls, by 5xx rate (ops-reference.md #15: a key that
 * fails often but carries little traffic would never show at the top of a traffic ranking). Alerts (exit 1) when
 * the overall 5xx rate is above {@code --max-error-rate}, default {@code ALERT_ERROR_RATE} or 0.05.
 */
final class DbMonitorCommand {
    static final String OPTIONS = "[--hours N] [--max-error-rate R] [--min-calls N] [--json]";
    static final long DEFAULT_MIN_CALLS = 20;
    private final Duration window;
    private final double maxErrorRate;
    private final long minCalls;
    private final boolean json;

    private DbMonitorCommand(Duration window, double maxErrorRate, long minCalls, boolean json) {
        this.window = window;
        this.maxErrorRate = maxErrorRate;
        this.minCalls = minCalls;
        this.json = json;
    }

    static DbMonitorCommand parse(List<String> words, Env env) {
        CommandLine line = CommandLine.parse(words, Set.of("--json"), Set.of("--hours", "--max-error-rate", "--min-calls"), 0);
        return new DbMonitorCommand(Duration.ofHours(line.number("--hours", 1).orElse(24L)),
                line.decimal("--max-error-rate", 0, 1).orElseGet(() -> env.decimal("ALERT_ERROR_RATE", 0.05, 0, 1)),
                line.number("--min-calls", 1).orElse(DEFAULT_MIN_CALLS), line.flag("--json"));
    }

    int run(Database database, Clock clock, PrintStream out) {
        Reports reports = new Reports(database, clock);
        JsonObject overview = new DatabaseOverview(database, Duration.ofSeconds(30)).snapshot();
        JsonArray latest = reports.latestTimestamps();
        JsonArray functions = reports.functions(window);
        JsonArray keys = reports.keys(window);
        JsonArray failingFunctions = reports.functionsByErrorRate(window, minCalls);
        JsonArray failingKeys = reports.keysByErrorRate(window, minCalls);
        double errorRate = overallErrorRate(functions);
        boolean alert = errorRate > maxErrorRate;
        if (json) {
            out.println(Jsons.text(Jsons.object().add("window_hours", window.toHours()).add("database", overview)
                    .add("latest", latest).add("functions", functions).add("keys", keys)
                    .add("min_calls", minCalls).add("functions_by_error_rate", failingFunctions)
                    .add("keys_by_error_rate", failingKeys)
                    .add("error_rate", Reports.round(errorRate)).add("alert", alert).build()));
            return alert ? ExitCodes.ALERT : ExitCodes.OK;
        }
        out.println("database: " + overview.getString("status") + " (" + overview.getString("type", "") + ")");
        if (overview.containsKey("row_counts")) {
            overview.getJsonObject("row_counts").forEach((t, n) -> out.printf("  %-16s %10s rows%n", t, n));
        }
        out.println("latest rows:");
        latest.forEach(v -> out.printf("  %-16s %s%n", v.asJsonObject().getString("table"), v.asJsonObject().get("latest")));
        String last = "last " + window.toHours() + " h";
        out.println("functions, " + last + " (by traffic):");
        TextTable.print(out, functions, "function", "requests", "error_rate", "client_error_rate", "p95_ms");
        out.println("functions, " + last + " (by 5xx rate, at least " + minCalls + " calls):");
        TextTable.print(out, failingFunctions, "function", "error_rate", "requests", "client_error_rate", "p95_ms");
        out.println("upstream keys, " + last + " (by traffic):");
        TextTable.print(out, keys, "key", "requests", "error_rate", "p95_ms", "tokens");
        out.println("upstream keys, " + last + " (by 5xx rate, at least " + minCalls + " calls):");
        TextTable.print(out, failingKeys, "key", "error_rate", "requests", "p95_ms", "tokens");
        out.printf("overall 5xx rate %.4f (alert above %.4f)%s%n", errorRate, maxErrorRate, alert ? "  ALERT" : "");
        return alert ? ExitCodes.ALERT : ExitCodes.OK;
    }

    /** 5xx of all calls in the window, from the per-function figures. */
    private static double overallErrorRate(JsonArray functions) {
        long requests = 0;
        long errors = 0;
        for (JsonValue f : functions) {
            requests += f.asJsonObject().getJsonNumber("requests").longValue();
            errors += f.asJsonObject().getJsonNumber("server_errors").longValue();
        }
        return requests == 0 ? 0 : errors / (double) requests;
    }
}
