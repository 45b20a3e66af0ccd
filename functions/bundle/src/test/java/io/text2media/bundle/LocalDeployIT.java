package io.text2media.bundle;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-machine release layout driven by the operator's scripts: the image function is deployed as v1, upgraded
 * to v2 and rolled back, while the auth function keeps its process and answers every request throughout.
 */
class LocalDeployIT {
    private Path releases;
    private Path functionsFile;

    @AfterEach
    void stopEverything() throws Exception {
        if (releases != null) {
            script("stop.sh", "all");
        }
    }

    @Test
    void imageIsUpgradedAndRolledBackWhileAuthKeepsItsProcessAndKeepsServing(@TempDir Path dir) throws Exception {
        Map<String, int[]> ports = layout(dir, "auth", "image");
        int authPort = ports.get("auth")[0];
        int imagePort = ports.get("image")[0];
        Path v1 = release(dir.resolve("v1"), "image", "1.0.0", false);
        Path v2 = release(dir.resolve("v2"), "image", "2.0.0", false);

        assertEquals(0, script("deploy.sh", "auth", "--jar", JarProcess.jar("auth"), "--no-aot").code);
        long authPid = pid("auth");
        // Release 1.0.0 is trained with its AOT cache, as an operator's deploy is; the others skip it for time.
        Run first = script("deploy.sh", "image", "1.0.0", "--jar", v1.toString());
        assertEquals(0, first.code, first.output);
        assertTrue(Files.size(releases.resolve("image/1.0.0/image.aot")) > 0, "the release ships its AOT cache");
        assertEquals("1.0.0", servedVersion(imagePort, "image"));

        Http auth = http(authPort);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread load = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    int status = auth.get("/api/auth/validate").status(); // no token: the original's 401
                    if (status == 401) {
                        served.incrementAndGet();
                    } else if (failures.size() < 10) {
                        failures.add("HTTP " + status);
                    }
                } catch (RuntimeException e) {
                    if (failures.size() < 10) {
                        failures.add(e.toString());
                    }
                }
            }
        });
        try {
            Run upgrade = script("deploy.sh", "image", "2.0.0", "--jar", v2.toString(), "--no-aot");
            assertEquals(0, upgrade.code, upgrade.output);
            assertEquals("2.0.0", servedVersion(imagePort, "image"));
            assertEquals("image 2.0.0 " + imagePort, statusLine("image").substring(0, ("image 2.0.0 " + imagePort).length()));

            Run back = script("rollback.sh", "image");
            assertEquals(0, back.code, back.output);
            assertEquals("1.0.0", servedVersion(imagePort, "image"));
        } finally {
            running.set(false);
            load.join();
        }
        assertEquals(List.of(), failures, "auth answered every request during the image's deploys");
        assertTrue(served.get() > 10, "auth was called throughout: " + served.get());
        assertEquals(authPid, pid("auth"), "auth kept its process");

        String status = statusLine("image");
        assertTrue(status.matches("image 1\\.0\\.0 " + imagePort + " \\d+ up"), status);
        assertTrue(statusLine("auth").matches("auth 1\\.0\\.0 " + authPort + " " + authPid + " up"), statusLine("auth"));

        List<String[]> log = Files.readAllLines(releases.resolve("DEPLOYS.log")).stream().map(l -> l.split("\t")).toList();
        assertEquals(4, log.size());
        String[] rollback = log.get(3);
        assertEquals(7, rollback.length, String.join("|", rollback));
        assertEquals("image", rollback[2]);
        assertEquals("2.0.0", rollback[3]);
        assertEquals("1.0.0", rollback[4]);
        assertEquals("local-rollback", rollback[6]);
        assertEquals("operator-in-test", rollback[1]);
        Run history = script("status.sh", "--history", "image");
        assertEquals(4, history.output.lines().count(), "a header and the three image lines:\n" + history.output);
        Run fromDatabase = script("status.sh", "--history", "image", "--db");
        assertEquals(0, fromDatabase.code, fromDatabase.output);
        assertEquals(history.output, fromDatabase.output, "the deploy_log table holds the same lines as the file");
    }

    @Test
    void aCanaryTakesItsShareBesideTheReleaseIsPromotedOrDropped(@TempDir Path dir) throws Exception {
        int[] ports = layout(dir, "image").get("image");
        int port = ports[0];
        int canaryPort = ports[1];
        assertEquals(0, script("deploy.sh", "image", "--jar", release(dir.resolve("v1"), "image", "1.0.0", false).toString(), "--no-aot").code);

        Run canary = script("deploy.sh", "--canary", "10", "image", "2.0.0",
                "--jar", release(dir.resolve("v2"), "image", "2.0.0", false).toString(), "--no-aot");
        assertEquals(0, canary.code, canary.output);
        assertEquals("1.0.0", servedVersion(port, "image"), "the release keeps its port");
        assertEquals("2.0.0", servedVersion(canaryPort, "image"), "the canary runs beside it");
        assertTrue(script("status.sh").output.lines()
                .anyMatch(l -> l.matches("image 2\\.0\\.0 " + canaryPort + " \\d+ up canary=10%")), script("status.sh").output);
        String conf = Files.readString(releases.resolve("nginx/nginx.conf"));
        assertTrue(conf.contains("server 127.0.0.1:" + port + " weight=90;\n        server 127.0.0.1:" + canaryPort + " weight=10;"), conf);

        Run promote = script("deploy.sh", "--promote", "image");
        assertEquals(0, promote.code, promote.output);
        assertEquals("2.0.0", servedVersion(port, "image"));
        assertTrue(script("status.sh").output.lines().noneMatch(l -> l.contains("canary")), "the canary is gone");
        assertTrue(Files.readString(releases.resolve("nginx/nginx.conf")).contains("upstream t2m_image {\n        server 127.0.0.1:" + port + ";\n"));

        assertEquals(0, script("deploy.sh", "--canary", "25", "image", "1.0.0").code, "an existing release can be the canary");
        Run drop = script("rollback.sh", "image");
        assertEquals(0, drop.code, drop.output);
        assertTrue(drop.output.contains("dropped the canary"), drop.output);
        assertEquals("2.0.0", servedVersion(port, "image"), "rolling back a canary leaves the release alone");
        List<String> targets = Files.readAllLines(releases.resolve("DEPLOYS.log")).stream().map(l -> l.split("\t")[6]).toList();
        assertEquals(List.of("local", "local-canary-10", "local-promote", "local-canary-25", "local-rollback"), targets);
    }

    @Test
    void aReleaseThatCannotStartIsRolledBackAtOnce(@TempDir Path dir) throws Exception {
        int port = layout(dir, "auth").get("auth")[0];
        Path v1 = release(dir.resolve("v1"), "auth", "1.0.0", false);
        Path v2 = release(dir.resolve("v2"), "auth", "2.0.0", true);
        assertEquals(0, script("deploy.sh", "auth", "--jar", v1.toString(), "--no-aot").code);
        Run bad = script("deploy.sh", "auth", "--jar", v2.toString(), "--no-aot");
        assertEquals(1, bad.code, bad.output);
        assertTrue(bad.output.contains("back to 1.0.0"), bad.output);
        assertEquals("1.0.0", Files.readSymbolicLink(releases.resolve("auth/current")).toString());
        assertEquals("1.0.0", servedVersion(port, "auth"), "the previous release serves again");

        script("stop.sh", "auth");
        Run again = script("deploy.sh", "auth", "1.0.0");
        assertEquals(0, again.code, "an existing release is redeployed by its version, without a build:\n" + again.output);
        assertEquals("1.0.0", servedVersion(port, "auth"));
    }

    @Test
    void theScriptsAnswerHelpAndRefuseWhatTheyDoNotKnow(@TempDir Path dir) throws Exception {
        releases = dir.resolve("releases");
        functionsFile = JarProcess.ROOT.resolve("infra/local/functions.tsv");
        for (String s : new String[] {"deploy.sh", "rollback.sh", "stop.sh", "status.sh", "nginx.sh", "aot-train.sh"}) {
            Run help = script(s, "--help");
            assertEquals(0, help.code, s);
            assertTrue(help.output.contains(s.replace(".sh", "")), s + ": " + help.output);
            assertEquals(2, script(s, "--frobnicate").code, s + " refuses an unknown option");
        }
        assertEquals(2, script("deploy.sh", "video").code, "an unknown function is a usage error");
        assertEquals(2, script("deploy.sh", "image", "--canary", "150", "2.0.0").code);
        assertEquals(1, script("rollback.sh", "image").code, "nothing deployed: nothing to roll back to");
    }

    /** The nginx configuration routes every prefix of infra/routes.tsv to its function's port, canary included. */
    @Test
    void theNginxConfigurationFollowsTheRouteTableAndTheCanaryWeight(@TempDir Path dir) throws Exception {
        releases = dir.resolve("releases");
        functionsFile = JarProcess.ROOT.resolve("infra/local/functions.tsv");
        String conf = script("nginx.sh", "config").output;
        for (String line : Files.readAllLines(JarProcess.ROOT.resolve("infra/routes.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] route = line.split("\t");
            assertTrue(conf.contains("location " + route[0] + " {\n            proxy_pass http://t2m_" + route[1] + ";"),
                    route[0] + " -> " + route[1] + " in\n" + conf);
        }
        assertTrue(conf.contains("upstream t2m_image {\n        server 127.0.0.1:8082;"), conf);
        assertTrue(conf.contains("listen 8080;"), conf);

        // A canary at 10 %: the stable port keeps 90.
        Files.createDirectories(releases.resolve("image/2.0.0"));
        Files.createSymbolicLink(releases.resolve("image/canary"), Path.of("2.0.0"));
        Files.writeString(releases.resolve("image/canary-weight"), "10");
        conf = script("nginx.sh", "config").output;
        assertTrue(conf.contains("upstream t2m_image {\n        server 127.0.0.1:8082 weight=90;\n        server 127.0.0.1:8182 weight=10;"), conf);
    }

    // ---------------------------------------------------------------------------------------------------------

    record Run(int code, String output) {
    }

    /**
     * A releases/ layout in {@code dir} for these functions, each on a free port and a free canary port, with the
     * operator's settings of a production machine. Returns each function's {port, canary port}.
     */
    private Map<String, int[]> layout(Path dir, String... functions) throws IOException {
        releases = dir.resolve("releases");
        Files.createDirectories(releases.resolve("env"));
        Files.writeString(releases.resolve("env/common.env"), "PROFILE=prod\nJWT_SECRET=" + TestEnv.JWT_SECRET
                + "\nHEALTH_CHECK_TOKEN=" + TestEnv.HEALTH_TOKEN + "\nLOG_LEVEL=warn\nGENERATION_PROVIDER=demo\n");
        functionsFile = dir.resolve("functions.tsv");
        Map<String, int[]> ports = new java.util.LinkedHashMap<>();
        StringBuilder tsv = new StringBuilder();
        for (String function : functions) {
            int[] pair = {JarProcess.freePort(), JarProcess.freePort()};
            ports.put(function, pair);
            tsv.append(function).append('\t').append(pair[0]).append('\t').append(pair[1]).append('\n');
        }
        Files.writeString(functionsFile, tsv);
        return ports;
    }

    private Run script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", JarProcess.ROOT.resolve("scripts/" + name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("RELEASES_DIR", releases.toString());
        env.put("LOCAL_FUNCTIONS_FILE", functionsFile.toString());
        env.put("DEPLOYED_BY", "operator-in-test");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    private long pid(String function) throws IOException {
        return Long.parseLong(Files.readString(releases.resolve(function + "/run/stable.pid")).trim());
    }

    private String statusLine(String function) throws IOException, InterruptedException {
        return script("status.sh").output.lines().filter(l -> l.startsWith(function + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no status line for " + function));
    }

    private static Http http(int port) {
        return new Http(java.net.URI.create("http://127.0.0.1:" + port + "/"));
    }

    /** The version a function's process reports: in /observe/health's details and on its responses (the same). */
    private static String servedVersion(int port, String function) {
        Http.Res health = http(port).get("/observe/health");
        String fromHealth = health.json().getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("functions")).findFirst().orElseThrow()
                .getJsonObject("data").getString(function);
        String route = function.equals("image") ? "/api/generate/image" : "/api/auth/login";
        String fromHeader = http(port).post(route, "{}").header("X-Function-Version").orElseThrow();
        assertEquals(fromHealth, fromHeader);
        return fromHeader;
    }

    /**
     * A release of a function as a build would produce it: the packaged jar with its version file set to
     * {@code version}, and the libraries beside it. A broken one
     * misses the JWT implementation, so it fails at start as a bad build would.
     */
    private static Path release(Path dir, String function, String version, boolean broken) throws IOException {
        Files.createDirectories(dir);
        Path built = Path.of(JarProcess.jar(function));
        Path jar = dir.resolve(function + ".jar");
        String versionFile = "META-INF/text2media/" + function + ".properties";
        try (JarFile in = new JarFile(built.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), in.getManifest())) {
            for (JarEntry entry : java.util.Collections.list(in.entries())) {
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                if (entry.getName().equals(versionFile)) {
                    out.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream body = in.getInputStream(entry)) {
                        body.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Path libs = dir.resolve("libs");
        Files.createDirectories(libs);
        try (var files = Files.list(built.resolveSibling("libs"))) {
            for (Path lib : files.toList()) {
                if (broken && lib.getFileName().toString().startsWith("jjwt-impl")) {
                    continue; // it knows its version, but cannot start
                }
                Files.createSymbolicLink(libs.resolve(lib.getFileName()), lib);
            }
        }
        return jar;
    }
}
