package io.text2media.bundle;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each function's jar serves only its own routes; the bundle serves them all. */
class FunctionJarIT {

    static Map<String, String> env(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("PROFILE", "prod");
        env.put("JWT_SECRET", TestEnv.JWT_SECRET);
        env.put("HEALTH_CHECK_TOKEN", TestEnv.HEALTH_TOKEN);
        env.put("DATA_DIR", dir.toString());
        env.put("LOG_LEVEL", "info");
        return env;
    }

    @Test
    void theHealthJarAloneServesInternalHealthAndAnswers404JsonForAuth(@TempDir Path dir) throws Exception {
        try (JarProcess health = JarProcess.start(JarProcess.jar("health"), env(dir))) {
            Http http = health.http();
            Http.Res res = http.get("/internal/health", "Authorization", "Bearer " + TestEnv.HEALTH_TOKEN);
            assertEquals(503, res.status(), res.toString());
            assertEquals("degraded", res.json().getString("status"));
            assertEquals("kv.users", res.json().getJsonArray("checks").getJsonObject(1).getString("name"));
            assertEquals("ok", res.json().getJsonArray("checks").getJsonObject(1).getString("status"));

            Http.Res login = http.post("/api/auth/login", "{\"email\":\"a@b.co\",\"password\":\"x\"}");
            assertEquals(404, login.status());
            assertEquals("Not Found", login.json().getString("error"));
            assertEquals("/api/auth/login", login.json().getString("path"));
            assertEquals("application/json", login.header("Content-Type").orElseThrow());
            assertEquals(0, health.terminate());
        }
    }

    @Test
    void theBundleServesEveryFunctionAndIsHealthyWithTheRequiredVariables(@TempDir Path dir) throws Exception {
        Map<String, String> env = env(dir);
        env.put("POLLINATIONS_API_TOKEN", "sk_test");
        env.put("DEEPSEEK_API_KEY", "sk-test");
        try (JarProcess bundle = JarProcess.start(JarProcess.jar("bundle"), env)) {
            Http.Res res = bundle.http().get("/internal/health?token=" + TestEnv.HEALTH_TOKEN);
            assertEquals(200, res.status(), res.toString());
            assertEquals("ok", res.json().getString("status"));
            String out = bundle.output();
            for (String fn : new String[] {"auth", "image", "audio", "prompt", "feedback", "health"}) {
                assertTrue(out.contains(fn + "="), "started " + fn + ":\n" + out);
            }
            assertEquals(0, bundle.terminate());
            assertTrue(bundle.output().contains("shutdown_complete"), bundle.output());
        }
    }

    @Test
    void everyJarPutsTheSharedLibraryBeforeThePatchedHelidonJars() throws Exception {
        // The shared library carries patched copies of two Helidon classes (Http1CallChainBase, MetricsFeature; see
        // their headers in shared/): they only take effect when shared comes first on the class path.
        for (String fn : new String[] {"auth", "image", "audio", "prompt", "feedback", "health", "bundle"}) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JarProcess.jar(fn))) {
                String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                int shared = classPath.indexOf("libs/shared-");
                int client = classPath.indexOf("libs/helidon-webclient-http1-");
                int metrics = classPath.indexOf("libs/helidon-webserver-observe-metrics-");
                int buffers = classPath.indexOf("libs/helidon-common-buffers-");
                assertTrue(shared >= 0 && client > shared && metrics > shared && buffers > shared, fn + ": " + classPath);
            }
        }
    }

    @Test
    void sighupReloadsTheEmergencySwitchesFromTheOverridesFile(@TempDir Path dir) throws Exception {
        Map<String, String> env = env(dir);
        env.put("LOG_LEVEL", "warn");
        try (JarProcess health = JarProcess.start(JarProcess.jar("health"), env)) {
            java.nio.file.Files.writeString(dir.resolve("runtime.env"), "LOG_LEVEL=info\nMETRICS_ENABLED=true\n");
            new ProcessBuilder("kill", "-HUP", String.valueOf(health.pid())).start().waitFor();
            io.text2media.shared.testing.Waits.until("the switches changed", 15_000,
                    () -> health.output().contains("runtime_switches_changed"));
            String line = health.output().lines().filter(l -> l.contains("runtime_switches_changed")).findFirst().orElseThrow();
            assertTrue(line.contains("SIGHUP") && line.contains("warn -> info") && line.contains("false -> true"), line);
            assertTrue(health.http().get("/health").status() == 200, "still serving after the reload");
            assertEquals(0, health.terminate());
            assertTrue(health.output().contains("\"event\":\"shutdown_complete\""), "info lines are written now");
        }
    }

    @Test
    void aBadSettingStopsTheStartNamingTheVariable(@TempDir Path dir) throws Exception {
        Map<String, String> env = env(dir);
        env.put("PBKDF2_ITERATIONS", "lots");
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", JarProcess.jar("bundle"))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(out.contains("PBKDF2_ITERATIONS"), out);

        Map<String, String> prod = env(dir);
        prod.remove("JWT_SECRET");
        ProcessBuilder noSecret = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", JarProcess.jar("bundle"))
                .redirectErrorStream(true);
        noSecret.environment().remove("JWT_SECRET");
        noSecret.environment().putAll(prod);
        Process q = noSecret.start();
        String text = new String(q.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, q.waitFor());
        assertTrue(text.contains("JWT_SECRET"), text);
    }
}
