package io.text2media.bundle;

import io.text2media.shared.testing.Http;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code make run} does on a fresh machine: the bundle in the dev profile with no secrets and no upstream
 * token. It generates the secrets once (mode 600), prints where they are, answers /internal/health with the printed
 * token (503 degraded, naming the missing upstream keys), and serves the offline demo provider, saying so first.
 */
class DevProfileIT {
    private static final Pattern SECRETS_FILE = Pattern.compile("kept in (\\S+) \\(mode 600\\)");

    private static Map<String, String> freshMachine(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("PROFILE", "dev");
        env.put("DATA_DIR", dir.toString());
        env.put("LOG_LEVEL", "info");
        // Nothing a developer's shell or CI might carry over may leak into "a fresh machine".
        for (String name : List.of("JWT_SECRET", "HEALTH_CHECK_TOKEN", "POLLINATIONS_API_TOKEN", "POLLINATIONS_API_KEY",
                "DEEPSEEK_API_KEY", "GOOGLE_CLIENT_ID", "DB_URL", "GENERATION_PROVIDER")) {
            env.put(name, "");
        }
        return env;
    }

    @Test
    void makeRunOnAFreshMachine(@TempDir Path dir) throws Exception {
        String token;
        try (JarProcess bundle = JarProcess.start(JarProcess.jar("bundle"), freshMachine(dir))) {
            String out = bundle.output();
            Matcher m = SECRETS_FILE.matcher(out);
            assertTrue(m.find(), "says where the generated secrets are:\n" + out);
            Path secrets = Path.of(m.group(1));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
            token = read(secrets, "HEALTH_CHECK_TOKEN");
            assertFalse(out.contains(token), "the token itself is never printed");
            assertTrue(out.indexOf("generation_provider_demo") >= 0
                    && out.indexOf("generation_provider_demo") < out.indexOf("\"started\""),
                    "the demo provider is announced before the server reports it started:\n" + out);

            Http http = bundle.http();
            Http.Res health = http.get("/internal/health", "Authorization", "Bearer " + token);
            assertEquals(503, health.status(), health.toString());
            assertEquals("degraded", health.json().getString("status"));
            JsonObject env = health.json().getJsonArray("checks").getJsonObject(0);
            assertEquals("config.required_env", env.getString("name"));
            assertEquals(List.of("POLLINATIONS_API_TOKEN", "DEEPSEEK_API_KEY"),
                    env.getJsonObject("details").getJsonArray("missing").getValuesAs(jakarta.json.JsonString::getString),
                    "the generated JWT_SECRET counts as set; the upstream keys are named");
            assertEquals(401, http.get("/internal/health", "Authorization", "Bearer wrong").status());

            Http.Res image = http.post("/api/generate", "{\"type\":\"image\",\"text\":\"hello demo\"}");
            assertEquals(200, image.status(), image.toString());
            assertEquals("image/png", image.json().getString("content_type"));
            assertEquals(0, bundle.terminate());
        }
        try (JarProcess again = JarProcess.start(JarProcess.jar("bundle"), freshMachine(dir))) {
            assertEquals(503, again.http().get("/internal/health", "Authorization", "Bearer " + token).status(),
                    "the secrets were generated once and are reused by the next start");
            assertEquals(0, again.terminate());
        }
    }

    private static String read(Path file, String name) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(name + "="))
                .map(l -> l.substring(name.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + file));
    }
}
