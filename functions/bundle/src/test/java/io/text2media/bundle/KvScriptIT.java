package io.text2media.bundle;

import io.text2media.shared.testing.Http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/kv.sh against the H2 file of a running bundle. */
class KvScriptIT {

    record Result(int code, String out, String err) {
    }

    static Result kv(Path dataDir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", JarProcess.ROOT.resolve("scripts/kv.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DATA_DIR", dataDir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    @Test
    void readsAndWritesWhileTheBundleRuns(@TempDir Path dir) throws Exception {
        Result help = kv(dir, "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("import <NAMESPACE> <file>"), help.out());

        Map<String, String> env = FunctionJarIT.env(dir);
        String classpath = JarProcess.jar("bundle") + File.pathSeparator + JarProcess.sharedTestClasses();
        try (JarProcess bundle = JarProcess.start(classpath, env)) {
            Http http = bundle.http();
            assertEquals(201, http.post("/probe/kv/k1", "{\"from\":\"bundle\"}").status());

            Result got = kv(dir, "get", "STATE", "probe:k1");
            assertEquals(0, got.code(), got.err());
            assertEquals("{\"from\":\"bundle\"}", got.out().trim());

            Result missing = kv(dir, "get", "STATE", "probe:none");
            assertEquals(1, missing.code());

            assertEquals(0, kv(dir, "put", "STATE", "probe:k2", "{\"from\":\"kv.sh\"}", "--ttl", "600").code());
            assertEquals("kv.sh", http.get("/probe/kv/k2").json().getString("from"));

            Result listed = kv(dir, "list", "STATE", "probe:");
            assertTrue(listed.out().contains("\"probe:k1\"") && listed.out().contains("\"probe:k2\""), listed.out());
            assertEquals(0, kv(dir, "delete", "STATE", "probe:k2").code());
            assertEquals(404, http.get("/probe/kv/k2").status());
        }
    }
}
