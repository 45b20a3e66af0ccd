package io.text2media.health.ops;

import io.text2media.shared.config.Env;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ops command line, before any database: a mistyped option or a bad value is a usage error (exit 2) and never
 * ignored; the command line is checked before the database is touched, so even with the database away a usage error
 * says so; an unreachable database is 3.
 */
class OpsCliTest {
    /** Nothing listens on port 1: any command that reaches for the database gets "unreachable". */
    private static final Env AWAY = Env.of(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:1/none", "DB_CONNECT_TIMEOUT_MS", "250"));

    record Run(int code, String out, String err) {
    }

    private static Run ops(Env env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpsCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownOptionsExtraArgumentsAndBadValuesAreUsageErrors() {
        List<String[]> mistakes = List.of(
                new String[] {"db-monitor", "--frobnicate"},
                new String[] {"db-monitor", "--max-error-rat", "0.01"},
                new String[] {"db-monitor", "--json", "extra"},
                new String[] {"db-monitor", "--hours", "0"},
                new String[] {"db-monitor", "--hours", "six"},
                new String[] {"db-monitor", "--max-error-rate", "2"},
                new String[] {"db-monitor", "--min-calls", "0"},
                new String[] {"db-monitor", "--hours", "1", "--hours", "2"},
                new String[] {"perf-report", "--json", "--verbose"},
                new String[] {"perf-report", "--hours", "2", "--days", "1"},
                new String[] {"perf-report", "--hours"},
                new String[] {"perf-report", "--max-p95-ms", "-5"},
                new String[] {"backup"},
                new String[] {"backup", "a.zip", "b.zip"},
                new String[] {"backup", "a.zip", "--force"},
                new String[] {"restore", "a.zip", "--yes", "--force"},
                new String[] {"rollup", "--day", "yesterday"},
                new String[] {"rollup", "--days", "1"},
                new String[] {"frobnicate"});
        for (String[] args : mistakes) {
            Run run = ops(AWAY, args);
            assertEquals(2, run.code(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().startsWith("ops: ") && run.err().contains("usage:"), run.err());
        }
    }

    @Test
    void aBadDatabaseSettingIsAUsageErrorNamingTheVariable() {
        Run run = ops(Env.of(Map.of("DB_URL", "jdbc:mysql://db/x")), "db-monitor");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("DB_URL"), run.err());
        Run rate = ops(Env.of(Map.of("ALERT_ERROR_RATE", "lots")), "db-monitor");
        assertEquals(2, rate.code(), rate.err());
        assertTrue(rate.err().contains("ALERT_ERROR_RATE"), rate.err());
    }

    @Test
    void anUnreachableDatabaseIsThree() {
        for (String[] args : List.of(new String[] {"db-monitor"}, new String[] {"perf-report", "--days", "2"},
                new String[] {"rollup"}, new String[] {"backup", "x.zip"})) {
            Run run = ops(AWAY, args);
            assertEquals(3, run.code(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().contains("database unreachable"), run.err());
        }
    }

    @Test
    void helpListsEveryExitCode() {
        Run help = ops(AWAY, "db-monitor", "--help");
        assertEquals(0, help.code());
        for (String code : List.of("0 ok", "1 alert", "2 usage", "3 database unreachable", "4 failed")) {
            assertTrue(help.out().contains(code), code + " in " + help.out());
        }
        assertEquals(2, ops(AWAY).code(), "no command at all");
    }
}
