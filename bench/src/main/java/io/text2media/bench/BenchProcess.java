package io.text2media.bench;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestEnv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One function (or the fake upstream) started as its own JVM, so that its CPU, heap, garbage collection and timers are
 * its own and not the load generator's. The bench class path holds every function; {@code FUNCTIONS} picks one.
 */
final class BenchProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private BenchProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The usual bench environment: prod profile, the default H2 file in a fresh data directory (an in-memory database
     * would keep every logged row on the function's heap), limits out of the way, quiet logs.
     */
    static Map<String, String> env(String function) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("FUNCTIONS", function);
        env.put("PROFILE", "prod");
        env.put("JWT_SECRET", TestEnv.JWT_SECRET);
        env.put("DATA_DIR", Files.createTempDirectory("bench-data").toString());
        env.put("RATE_LIMIT_ANON_PER_MINUTE", "1000000");
        env.put("RATE_LIMIT_ANON_PER_DAY", "100000000");
        env.put("LOG_LEVEL", "warn");
        return env;
    }

    /** Starts the function with these JVM options and environment, and waits until it is ready. */
    static BenchProcess start(List<String> jvmOptions, Map<String, String> env) throws IOException, InterruptedException {
        return start("io.text2media.shared.boot.Launcher", "/observe/health/ready", jvmOptions, env);
    }

    /**
     * Starts {@code mainClass} from the bench class path with these JVM options and environment ({@code PORT} and
     * {@code HOST} set to a free loopback port), and waits until {@code readyPath} answers 200.
     */
    static BenchProcess start(String mainClass, String readyPath, List<String> jvmOptions, Map<String, String> env)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("bench-function-", ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> all = new HashMap<>(env);
        // -Dbench.env=K=V,K2=V2 overrides the environment of every started process, for experiments (e.g. REQUEST_LOG_ENABLED=false).
        for (String pair : System.getProperty("bench.env", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                all.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        all.put("PORT", String.valueOf(port));
        all.put("HOST", "127.0.0.1");
        pb.environment().putAll(all);
        BenchProcess started = new BenchProcess(pb.start(), port, log);
        started.awaitReady(readyPath, Duration.ofSeconds(60));
        return started;
    }

    private void awaitReady(String readyPath, Duration timeout) throws InterruptedException, IOException {
        Http http = new Http(URI.create("http://127.0.0.1:" + port + "/"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited early (" + process.exitValue() + "):\n" + Files.readString(log));
            }
            try {
                if (http.get(readyPath).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the process was not ready within " + timeout + ":\n" + Files.readString(log));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
