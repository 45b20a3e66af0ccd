package io.text2media.health;

import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/health-check.sh against a running health function. */
class HealthCheckScriptTest {
    private static final Path SCRIPT = Path.of("../../scripts/health-check.sh").toAbsolutePath().normalize();

    record Result(int code, String out) {
    }

    static Result run(Map<String, String> env, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", SCRIPT.toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DATA_DIR", "/nonexistent");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void exitsZeroOnlyWhenHealthyAndPrintsEveryCheck() throws Exception {
        try (TestApp app = TestApp.builder().provider(new HealthProvider())
                .env("POLLINATIONS_API_TOKEN", "x").env("DEEPSEEK_API_KEY", "y").start()) {
            Result ok = run(Map.of("HEALTH_CHECK_URL", "http://127.0.0.1:" + app.port(), "HEALTH_CHECK_TOKEN", TestEnv.HEALTH_TOKEN));
            assertEquals(0, ok.code(), ok.out());
            assertTrue(ok.out().contains("HTTP 200 OK"), ok.out());
            assertTrue(ok.out().contains("check config.required_env: ok"), ok.out());
            assertTrue(ok.out().contains("check kv.users: ok"), ok.out());
            assertTrue(ok.out().contains("metric requests_total: "), "prints the metrics too: " + ok.out());
            assertTrue(ok.out().contains("metric p95_response_time: "), ok.out());
            assertTrue(ok.out().contains("database: ok"), ok.out());

            Result wrongToken = run(Map.of("HEALTH_CHECK_URL", "http://127.0.0.1:" + app.port(), "HEALTH_CHECK_TOKEN", "nope",
                    "HEALTH_CHECK_RETRIES", "2", "HEALTH_CHECK_INTERVAL_MS", "10"));
            assertEquals(1, wrongToken.code(), wrongToken.out());
            assertTrue(wrongToken.out().contains("[2/2]"), "retried: " + wrongToken.out());
        }
    }

    @Test
    void withoutJqTheChecksAndMetricsArePrintedAllTheSame(@org.junit.jupiter.api.io.TempDir Path bin) throws Exception {
        // A PATH with the basic tools the script needs, and no jq.
        for (String tool : new String[] {"bash", "curl", "sed", "grep", "tr", "mktemp", "seq", "awk", "cat", "rm", "dirname"}) {
            Path found = Path.of("/usr/bin", tool);
            java.nio.file.Files.createSymbolicLink(bin.resolve(tool), java.nio.file.Files.exists(found) ? found : Path.of("/bin", tool));
        }
        try (TestApp app = TestApp.builder().provider(new HealthProvider()).env("DEEPSEEK_API_KEY", "y").start()) {
            Result out = run(Map.of("PATH", bin.toString(), "HEALTH_CHECK_URL", "http://127.0.0.1:" + app.port(),
                    "HEALTH_CHECK_TOKEN", TestEnv.HEALTH_TOKEN));
            assertEquals(1, out.code(), out.out());
            assertTrue(out.out().contains("  status: degraded"), out.out());
            assertTrue(out.out().contains("check config.required_env: degraded"), out.out());
            assertTrue(out.out().contains("missing: [\"POLLINATIONS_API_TOKEN\"]"), out.out());
            assertTrue(out.out().contains("check kv.users: ok"), out.out());
            assertTrue(out.out().contains("metric requests_total: "), out.out());
            assertTrue(out.out().contains("database: ok"), out.out());
        }
    }

    @Test
    void degradedIsExitOneAndNamesWhatIsMissing() throws Exception {
        try (TestApp app = TestApp.builder().provider(new HealthProvider()).start()) {
            Result degraded = run(Map.of("HEALTH_CHECK_URL", "http://127.0.0.1:" + app.port(), "HEALTH_CHECK_TOKEN", TestEnv.HEALTH_TOKEN));
            assertEquals(1, degraded.code());
            assertTrue(degraded.out().contains("HTTP 503 DEGRADED"), degraded.out());
            assertTrue(degraded.out().contains("POLLINATIONS_API_TOKEN"), degraded.out());
        }
    }

    @Test
    void unreachableIsExitThreeLikeTheDatabaseScripts() throws Exception {
        Result down = run(Map.of("HEALTH_CHECK_URL", "http://127.0.0.1:1", "HEALTH_CHECK_TOKEN", "t"));
        assertEquals(3, down.code(), down.out());
        assertTrue(down.out().contains("UNREACHABLE"));
    }

    @Test
    void helpListsTheExitCodesAndAnArgumentIsAUsageError() throws Exception {
        Result help = run(Map.of(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("HEALTH_CHECK_RETRIES") && help.out().contains("3  not reachable"), help.out());
        Result unknown = run(Map.of("HEALTH_CHECK_URL", "http://127.0.0.1:1"), "--url", "http://elsewhere");
        assertEquals(2, unknown.code(), "an argument is not silently ignored: " + unknown.out());
        assertTrue(unknown.out().contains("unknown option '--url'"), unknown.out());
        Result badRetries = run(Map.of("HEALTH_CHECK_RETRIES", "two"));
        assertEquals(2, badRetries.code(), badRetries.out());
    }
}
