package io.text2media.health.ops;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Database;

import jakarta.json.JsonArray;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code perf-report}: per hour and function the calls, p50/p95 and 5xx rate, and per function and model the calls,
 * p95, 5xx rate and tokens, over the last 24 h ({@code --hours N} or {@code --days N}). Alerts (exit 1) when an hour's
 * p95 is above {@code --max-p95-ms}.
 */
final class PerfReportCommand {
    static final String OPTIONS = "[--hours N | --days N] [--max-p95-ms M] [--json]";
    private final Duration window;
    private final Optional<Double> maxP95;
    private final boolean json;

    private PerfReportCommand(Duration window, Optional<Double> maxP95, boolean json) {
        this.window = window;
        this.maxP95 = maxP95;
        this.json = json;
    }

    static PerfReportCommand parse(List<String> words) {
        CommandLine line = CommandLine.parse(words, Set.of("--json"), Set.of("--hours", "--days", "--max-p95-ms"), 0);
        Optional<Long> hours = line.number("--hours", 1);
        Optional<Long> days = line.number("--days", 1);
        if (hours.isPresent() && days.isPresent()) {
            throw new UsageException("give --hours or --days, not both");
        }
        Duration window = days.map(Duration::ofDays).orElseGet(() -> Duration.ofHours(hours.orElse(24L)));
        return new PerfReportCommand(window, line.decimal("--max-p95-ms", 1, Double.MAX_VALUE), line.flag("--json"));
    }

    int run(Database database, Clock clock, PrintStream out) {
        Reports reports = new Reports(database, clock);
        JsonArray hourly = reports.hourly(window);
        JsonArray models = reports.models(window);
        boolean alert = maxP95.isPresent() && hourly.stream()
                .anyMatch(v -> v.asJsonObject().getJsonNumber("p95_ms").doubleValue() > maxP95.get());
        if (json) {
            out.println(Jsons.text(Jsons.object().add("window_hours", window.toHours()).add("hourly", hourly)
                    .add("models", models).add("alert", alert).build()));
        } else {
            out.println("per hour and function, last " + window.toHours() + " h (UTC):");
            TextTable.print(out, hourly, "hour", "function", "requests", "p50_ms", "p95_ms", "error_rate");
            out.println("per function and model:");
            TextTable.print(out, models, "function", "model", "requests", "p95_ms", "error_rate", "tokens");
            maxP95.ifPresent(m -> out.printf("p95 alert threshold %.0f ms%s%n", m, alert ? ": ALERT" : ": ok"));
        }
        return alert ? ExitCodes.ALERT : ExitCodes.OK;
    }
}
