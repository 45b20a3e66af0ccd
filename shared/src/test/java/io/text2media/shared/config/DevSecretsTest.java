package io.text2media.shared.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevSecretsTest {

    @Test
    void devGeneratesSecretsOnceKeepsThemPrivateAndReusesThem(@TempDir Path dir) throws Exception {
        Env env = Env.of(Map.of("PROFILE", "dev", "DATA_DIR", dir.toString()));
        DevSecrets.Applied first = DevSecrets.apply(env);
        assertTrue(first.used());
        Path file = dir.resolve("dev-secrets.env").toAbsolutePath();
        assertEquals(file, first.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String secret = first.env().optional("JWT_SECRET").orElseThrow();
        String token = first.env().optional("HEALTH_CHECK_TOKEN").orElseThrow();
        assertEquals(64, secret.length());
        assertNotEquals(secret, token);

        DevSecrets.Applied second = DevSecrets.apply(env);
        assertEquals(secret, second.env().optional("JWT_SECRET").orElseThrow(), "reused across restarts");
        assertEquals(token, second.env().optional("HEALTH_CHECK_TOKEN").orElseThrow());
        Settings settings = Settings.from(second.env());
        assertEquals(Profile.DEV, settings.profile());
        assertEquals(token, settings.healthCheckToken().orElseThrow());
    }

    @Test
    void variablesFromTheEnvironmentWin(@TempDir Path dir) {
        Env env = Env.of(Map.of("PROFILE", "dev", "DATA_DIR", dir.toString(), "HEALTH_CHECK_TOKEN", "mine"));
        DevSecrets.Applied applied = DevSecrets.apply(env);
        assertEquals("mine", applied.env().optional("HEALTH_CHECK_TOKEN").orElseThrow());
        assertTrue(applied.env().isSet("JWT_SECRET"));
    }

    @Test
    void prodNeverGeneratesAnything(@TempDir Path dir) {
        Env env = Env.of(Map.of("PROFILE", "prod", "DATA_DIR", dir.toString()));
        DevSecrets.Applied applied = DevSecrets.apply(env);
        assertFalse(applied.used());
        assertFalse(Files.exists(dir.resolve("dev-secrets.env")));
        assertFalse(applied.env().isSet("JWT_SECRET"));
    }
}
