package io.text2media.bundle;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.Waits;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A packaged jar started as its own process, the way an operator runs it. */
final class JarProcess implements AutoCloseable {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private final Process process;
    private final int port;
    private final Path log;

    private JarProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code java -cp <classpath> Launcher} and waits until it is ready (as an orchestrator would). */
    static JarProcess start(String classpath, Map<String, String> env) throws IOException {
        int port = freePort();
        Path log = Files.createTempFile("t2m-process-", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, "io.text2media.shared.boot.Launcher"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("HOST", "127.0.0.1");
        pb.environment().putAll(env);
        JarProcess started = new JarProcess(pb.start(), port, log);
        Http http = started.http();
        Waits.until("the process is ready on :" + port, 60_000, () -> {
            if (!started.process.isAlive()) {
                throw new AssertionError("process exited early:\n" + started.output());
            }
            try {
                return http.get("/observe/health/ready").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return started;
    }

    static String jar(String function) {
        return ROOT.resolve("functions/" + function + "/target/" + function + ".jar").toString();
    }

    /** The shared library's test classes (the probe function), wherever Maven put them. */
    static String sharedTestClasses() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.contains("shared") && (p.endsWith("tests.jar") || p.endsWith("test-classes")))
                .findFirst().orElseThrow(() -> new AssertionError("shared test classes not on the class path"));
    }

    Http http() {
        return new Http(URI.create("http://127.0.0.1:" + port + "/"));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then wait for the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not stop within 60 s after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
