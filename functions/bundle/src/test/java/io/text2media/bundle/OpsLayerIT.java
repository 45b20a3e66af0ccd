package io.text2media.bundle;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.store.Database;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestEnv;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of known calls through the bundle, then: the health page's metrics, the request_logs and error_logs rows,
 * and the daily_stats rollup all match what was sent; the ops scripts answer on the same database.
 */
class OpsLayerIT {

    record Result(int code, String out) {
    }

    static Result script(Path dataDir, String name, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", JarProcess.ROOT.resolve("scripts/" + name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DATA_DIR", dataDir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void rowsRollupsAndMetricsMatchABurstOfTraffic(@TempDir Path dir) throws Exception {
        Map<String, String> env = FunctionJarIT.env(dir);
        env.put("POLLINATIONS_API_TOKEN", "sk_test");
        env.put("DEEPSEEK_API_KEY", "sk-test");
        String classpath = JarProcess.jar("bundle") + File.pathSeparator + JarProcess.sharedTestClasses();
        int created = 40;
        int invalid = 15;
        int failed = 5;
        try (JarProcess bundle = JarProcess.start(classpath, env)) {
            Http http = bundle.http();
            for (int i = 0; i < created; i++) {
                assertEquals(201, http.post("/probe/kv/b" + i, "{\"i\":" + i + "}").status());
            }
            for (int i = 0; i < invalid; i++) {
                assertEquals(400, http.post("/probe/echo", "nope").status());
            }
            for (int i = 0; i < failed; i++) {
                assertEquals(500, http.get("/probe/boom").status());
            }
            JsonObject health = http.get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN).json();
            JsonObject metrics = health.getJsonObject("metrics");
            int total = created + invalid + failed;
            assertEquals(total, metrics.getInt("requests_total"), health.toString());
            assertEquals(failed / (double) total, metrics.getJsonNumber("error_rate").doubleValue(), 1e-4);
            assertEquals(invalid / (double) total, metrics.getJsonNumber("client_error_rate").doubleValue(), 1e-4);
            assertEquals(0, bundle.terminate());
        }

        DatabaseSettings settings = DatabaseSettings.fromEnv(Env.of(Map.of("DATA_DIR", dir.toString())));
        try (Database db = Database.open(settings)) {
            assertEquals(created, count(db, "SELECT COUNT(*) FROM request_logs WHERE route = '/probe/kv/{key}' AND status_code = 201"));
            assertEquals(invalid, count(db, "SELECT COUNT(*) FROM request_logs WHERE status_code = 400 AND error_code = 'invalid_json'"));
            assertEquals(failed, count(db, "SELECT COUNT(*) FROM request_logs WHERE status_code = 500"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM request_logs WHERE route = '/internal/health'"));
            assertEquals(failed, count(db, "SELECT COUNT(*) FROM error_logs e JOIN request_logs r ON r.id = e.request_id "
                    + "WHERE r.route = '/probe/boom'"), "each 5xx has its error row, joined by request id");
        }

        Result report = script(dir, "perf-report.sh", "--json");
        assertEquals(0, report.code(), report.out());
        assertTrue(report.out().contains("\"function\":\"probe\""), report.out());
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                JarProcess.jar("bundle"), "io.text2media.health.ops.OpsCli", "rollup").redirectErrorStream(true);
        pb.environment().put("DATA_DIR", dir.toString());
        Process p = pb.start();
        String rollupOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), rollupOut);
        try (Database db = Database.open(settings)) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            var row = db.execute().createGet("SELECT requests, client_errors, server_errors FROM daily_stats "
                    + "WHERE stat_day = :day AND function = 'probe'").addParam("day", today).execute().orElseThrow();
            assertEquals(created + invalid + failed, row.column(1).get(Long.class));
            assertEquals(invalid, row.column(2).get(Long.class));
            assertEquals(failed, row.column(3).get(Long.class));
        }

        Result monitor = script(dir, "db-monitor.sh", "--json");
        assertEquals(1, monitor.code(), "5 of 61 calls were 5xx: above the 5% alert: " + monitor.out());
        assertTrue(monitor.out().contains("\"request_logs\""), monitor.out());

        Path backup = dir.resolve("before.zip");
        Result saved = script(dir, "backup.sh", backup.toString());
        assertEquals(0, saved.code(), saved.out());
        assertTrue(Files.size(backup) > 0);
        try (Database db = Database.open(settings)) {
            db.execute().dml("DELETE FROM request_logs");
        }
        Result refused = script(dir, "restore.sh", backup.toString());
        assertEquals(2, refused.code(), "no terminal, no --yes: " + refused.out());
        Result restored = script(dir, "restore.sh", backup.toString(), "--yes");
        assertEquals(0, restored.code(), restored.out());
        try (Database db = Database.open(settings)) {
            assertEquals(created + invalid + failed + 1, count(db, "SELECT COUNT(*) FROM request_logs"));
        }
    }

    private static long count(Database db, String sql) {
        return db.execute().get(sql).orElseThrow().column(1).get(Long.class);
    }
}
