package io.text2media.shared.boot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * A function's own version, from {@code META-INF/text2media/<name>.properties} (written by the build from
 * {@code function.version}), so each function can be released and rolled back on its own.
 */
public final class FunctionVersion {

    private FunctionVersion() {
    }

    public static String of(String function) {
        String path = "META-INF/text2media/" + function + ".properties";
        try (InputStream in = FunctionVersion.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "dev";
            }
            Properties props = new Properties();
            props.load(in);
            String version = props.getProperty("version", "dev").trim();
            return version.isEmpty() || version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
