package io.text2media.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script in scripts/ as cron runs it: {@code --help} answers 0 with the exit codes, without a JDK or a build;
 * an unknown option is a usage error (2), not ignored, and touches no database; without a JDK the Java-backed
 * scripts exit 5 and say what to install.
 */
class OperatorScriptsIT {
    private static final List<String> SCRIPTS = List.of("health-check.sh", "kv.sh", "db-monitor.sh", "perf-report.sh",
            "backup.sh", "restore.sh", "db-reset.sh", "find-jdk.sh", "deploy.sh", "rollback.sh", "stop.sh", "status.sh",
            "nginx.sh", "aot-train.sh", "run-function.sh", "knative.sh");
    private static final List<String> JAVA_SCRIPTS = List.of("kv.sh", "db-monitor.sh", "perf-report.sh", "backup.sh",
            "restore.sh", "db-reset.sh");

    record Result(int code, String out, String err) {
    }

    static Result run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    @Test
    void everyScriptIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(JarProcess.ROOT.resolve("scripts"))) {
            List<String> found = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sh")).sorted().toList();
            assertEquals(SCRIPTS.stream().sorted().toList(), found, "a new script belongs in this test");
        }
    }

    @Test
    void helpAnswersZeroWithTheExitCodesWithoutABuild(@TempDir Path dir) throws Exception {
        Path scripts = copyOfScripts(dir); // no Makefile, no bundle jar beside it: help must need neither
        for (String script : SCRIPTS) {
            for (String flag : List.of("--help", "-h")) {
                Result help = run(scripts.resolve(script), Map.of("DATA_DIR", dir.toString()), flag);
                assertEquals(0, help.code(), script + " " + flag + ": " + help.err());
                assertTrue(help.out().startsWith("usage: " + script), script + ": " + help.out());
                assertTrue(help.out().contains("Exit codes") && help.out().contains("2  usage"), script + ": " + help.out());
                assertFalse(help.err().contains("building"), script + " built something to answer " + flag);
            }
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorAndTouchesNoDatabase(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Map<String, String> env = Map.of("DATA_DIR", data.toString(), "HEALTH_CHECK_URL", "http://127.0.0.1:1");
        for (String script : SCRIPTS) {
            Result result = run(JarProcess.ROOT.resolve("scripts/" + script), env, "--no-such-option");
            assertEquals(2, result.code(), script + ": " + result.out() + result.err());
            assertTrue(result.err().contains("unknown option '--no-such-option'"), script + ": " + result.err());
        }
        Result misspelt = run(JarProcess.ROOT.resolve("scripts/db-monitor.sh"), env, "--max-error-rat", "0.01");
        assertEquals(2, misspelt.code(), "a misspelt threshold is not ignored: " + misspelt.err());
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(List.of(), files.toList(), "no database was opened (or created) for a usage error");
        }
    }

    @Test
    void withoutAJdkTheJavaScriptsExitFiveAndSayWhatToInstall(@TempDir Path dir) throws Exception {
        Path scripts = copyOfScripts(dir);
        Files.writeString(scripts.resolve("find-jdk.sh"), "#!/usr/bin/env bash\nexit 1\n"); // a machine without a JDK
        for (String script : JAVA_SCRIPTS) {
            Result result = run(scripts.resolve(script), Map.of("DATA_DIR", dir.toString()), "x.zip");
            assertEquals(5, result.code(), script + ": " + result.err());
            assertTrue(result.err().startsWith(script + ": no JDK 21 or newer found. Install one"), script + ": " + result.err());
        }
    }

    /** scripts/ copied into an otherwise empty directory tree. */
    private static Path copyOfScripts(Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve("repo/scripts/lib"));
        Path source = JarProcess.ROOT.resolve("scripts");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.getParent().resolve(source.relativize(file));
                Files.copy(file, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return target.getParent();
    }
}
