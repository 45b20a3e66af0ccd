package io.text2media.shared.store;

import io.text2media.shared.config.Env;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCliTest {

    private record Run(int code, String out, String err) {
        JsonObject json() {
            return Jsons.parseObject(out.trim()).orElseThrow(() -> new AssertionError(out + err));
        }
    }

    private static Run kv(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env env = Env.of(Map.of("DB_URL", url(dir)));
        int code = KvCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("kv").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    @Test
    void putGetListDeleteAndExitCodes(@TempDir Path dir) {
        assertEquals(0, kv(dir, "--help").code());
        assertTrue(kv(dir, "--help").out().contains("usage: kv.sh"));
        assertEquals(2, kv(dir).code());
        assertEquals(2, kv(dir, "get", "NOPE", "k").code());
        assertEquals(2, kv(dir, "frobnicate", "USERS", "k").code());
        assertEquals(2, kv(dir, "get", "USERS", "k", "--frobnicate").code(), "an unknown option is not ignored");
        assertEquals(2, kv(dir, "list", "USERS", "--value").code(), "a misspelt option is not taken for a prefix");

        Run missing = kv(dir, "get", "USERS", "a@b.co");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("not found"));

        assertEquals(0, kv(dir, "put", "users", "a@b.co", "{\"id\":\"u1\",\"email\":\"a@b.co\"}").code());
        Run got = kv(dir, "get", "USERS", "a@b.co");
        assertEquals(0, got.code());
        assertEquals("u1", got.json().getString("id"));

        assertEquals(2, kv(dir, "put", "USERS", "x", "not json").code());
        assertEquals(0, kv(dir, "put", "STATE", "t", "\"short\"", "--ttl", "60").code());
        JsonArray listed = Jsons.parse(kv(dir, "list", "STATE", "--values").out().trim()).asJsonArray();
        assertEquals(1, listed.size());
        assertEquals("t", listed.getJsonObject(0).getString("key"));
        assertEquals("short", listed.getJsonObject(0).getString("value"));
        long expiration = listed.getJsonObject(0).getJsonNumber("expiration").longValue();
        assertTrue(Math.abs(expiration - Instant.now().plusSeconds(60).getEpochSecond()) < 10);

        assertEquals(0, kv(dir, "delete", "USERS", "a@b.co").code());
        assertEquals(1, kv(dir, "delete", "USERS", "a@b.co").code());
    }

    @Test
    void anUnexpectedSqlFailureIsExitFourNotNotFound(@TempDir Path dir) {
        try (Database database = Database.open(new io.text2media.shared.config.DatabaseSettings(url(dir), "sa", "", 2, 2000))) {
            database.execute().dml("DROP TABLE kv_entries");
        }
        Run run = kv(dir, "get", "USERS", "a@b.co");
        assertEquals(4, run.code(), run.err());
        assertTrue(run.err().startsWith("kv: get failed: "), run.err());
    }

    @Test
    void importsACloudflareExportWithTheNormalisations(@TempDir Path dir) throws Exception {
        long future = Instant.now().plusSeconds(3600).getEpochSecond();
        String export = "[" + String.join(",", List.of(
                "{\"key\":\"Alice@Example.com\",\"value\":\"{\\\"id\\\":\\\"a1\\\",\\\"email\\\":\\\"alice@example.com\\\",\\\"lastLoginAt\\\":\\\"2025-01-01T00:00:00Z\\\"}\"}",
                "{\"key\":\"alice@example.com\",\"value\":\"{\\\"id\\\":\\\"a2\\\",\\\"email\\\":\\\"alice@example.com\\\",\\\"lastLoginAt\\\":\\\"2024-01-01T00:00:00Z\\\"}\"}",
                "{\"key\":\"Bob@Example.com\",\"value\":\"{\\\"id\\\":\\\"b1\\\",\\\"email\\\":\\\"bob@example.com\\\"}\"}",
                "{\"key\":\"RATE_LIMIT:anon:1.2.3.4\",\"value\":\"{\\\"count\\\":3}\",\"expiration\":" + future + "}",
                "{\"key\":\"USAGE:anon:1.2.3.4:2026-01-01\",\"value\":\"{\\\"used\\\":3}\"}",
                "{\"key\":\"gone@example.com\",\"value\":\"{\\\"id\\\":\\\"g\\\"}\",\"expiration\":1000}"
        )) + "]";
        Path file = dir.resolve("users.json");
        Files.writeString(file, export);
        Run run = kv(dir, "import", "USERS", file.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject report = run.json();
        assertEquals(2, report.getInt("imported"));
        assertEquals(2, report.getJsonObject("skipped").getInt("counters"));
        assertEquals(1, report.getJsonObject("skipped").getInt("expired"));
        assertTrue(report.getJsonObject("mergedCaseDuplicates").containsKey("alice@example.com"));

        assertEquals("a2", kv(dir, "get", "USERS", "alice@example.com").json().getString("id"), "the lower-case key wins");
        JsonObject bob = kv(dir, "get", "USERS", "bob@example.com").json();
        assertEquals("b1", bob.getString("id"));
        assertEquals(1, kv(dir, "get", "USERS", "Bob@Example.com").code(), "no mixed-case key is kept");

        Run again = kv(dir, "import", "USERS", file.toString());
        assertEquals(0, again.json().getInt("imported"), "a repeated import keeps what is there");
        assertEquals(2, again.json().getInt("keptExisting"));
    }

    @Test
    void resetTokensAreKeyedByTheirHashAndUsedOnesAreSkipped(@TempDir Path dir) throws Exception {
        long future = Instant.now().plusSeconds(3600).getEpochSecond();
        Path file = dir.resolve("reset.json");
        Files.writeString(file, "[{\"key\":\"Ym9iQGV4YW1wbGU\",\"value\":\"{\\\"email\\\":\\\"Bob@Example.com\\\",\\\"token\\\":\\\"Ym9iQGV4YW1wbGU\\\",\\\"used\\\":false}\",\"expiration\":" + future + "},"
                + "{\"key\":\"dXNlZA\",\"value\":\"{\\\"email\\\":\\\"x@y.z\\\",\\\"used\\\":true}\"}]");
        assertEquals(1, kv(dir, "import", "RESET_TOKENS", file.toString()).json().getInt("imported"));
        JsonObject record = kv(dir, "get", "RESET_TOKENS", KvImport.sha256("Ym9iQGV4YW1wbGU")).json();
        assertEquals("bob@example.com", record.getString("email"));
        assertFalse(record.containsKey("token"), "the token itself is not stored");
        assertEquals(1, kv(dir, "get", "RESET_TOKENS", "Ym9iQGV4YW1wbGU").code());
    }

    @Test
    void worksOnTheH2FileWhileAFunctionIsRunningOnIt(@TempDir Path dir) throws Exception {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).env("DB_URL", url(dir)).start()) {
            assertEquals(201, app.http().post("/probe/kv/fromapp", "{\"v\":1}").status());
            Process get = cli(dir, "get", "STATE", "probe:fromapp");
            assertEquals(0, get.waitFor(), new String(get.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("{\"v\":1}", new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());

            Process put = cli(dir, "put", "STATE", "probe:fromcli", "{\"v\":2}");
            assertEquals(0, put.waitFor(), new String(put.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(2, app.http().get("/probe/kv/fromcli").json().getInt("v"));
        }
    }

    /** The CLI as its own JVM, as an operator runs it next to the running functions. */
    private static Process cli(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), KvCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DB_URL", url(dir));
        return pb.start();
    }
}
