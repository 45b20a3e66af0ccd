package io.text2media.shared.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The dev profile's generated secrets: {@code JWT_SECRET} and {@code HEALTH_CHECK_TOKEN} are created once, kept in
 * {@code <DATA_DIR>/dev-secrets.env} (mode 600) and reused on every start, so tokens survive restarts. Variables
 * that are set in the environment always win. The prod profile never generates anything.
 */
public final class DevSecrets {
    public static final String FILE_NAME = "dev-secrets.env";
    static final List<String> GENERATED = List.of("JWT_SECRET", "HEALTH_CHECK_TOKEN");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DevSecrets() {
    }

    /** The result: the environment to read settings from, and the file that holds the generated values (if any). */
    public record Applied(Env env, Path file, boolean used) {
    }

    public static Applied apply(Env env) {
        Path dataDir = Path.of(env.string("DATA_DIR", "data"));
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        if (!Settings.profileOf(env).isDev() || GENERATED.stream().allMatch(env::isSet)) {
            return new Applied(env, file, false);
        }
        Map<String, String> stored = loadOrCreate(file);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String name : GENERATED) {
            if (!env.isSet(name)) {
                overrides.put(name, stored.get(name));
            }
        }
        return new Applied(env.with(overrides), file, true);
    }

    private static Map<String, String> loadOrCreate(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Map<String, String> values = read(file);
            if (GENERATED.stream().allMatch(values::containsKey)) {
                return values;
            }
            for (String name : GENERATED) {
                values.computeIfAbsent(name, n -> randomHex(32));
            }
            write(file, values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dev secrets in " + file, e);
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.exists(file)) {
            Properties props = new Properties();
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            for (String name : GENERATED) {
                String value = props.getProperty(name);
                if (value != null && !value.isBlank()) {
                    values.put(name, value.trim());
                }
            }
        }
        return values;
    }

    private static void write(Path file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# Generated for PROFILE=dev by text2media. Not for production.\n");
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String randomHex(int bytes) {
        byte[] buf = new byte[bytes];
        RANDOM.nextBytes(buf);
        return HexFormat.of().formatHex(buf);
    }
}
