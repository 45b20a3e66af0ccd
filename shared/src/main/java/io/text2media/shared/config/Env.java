package io.text2media.shared.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of environment variables. Every read either returns a valid value or throws a
 * {@link SettingsException} naming the variable, so a bad deployment stops at start-up instead of at first use.
 * Blank values count as unset, as in the original Worker.
 */
public final class Env {
    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** A copy with the given variables added (or replaced). */
    public Env with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(vars);
        merged.putAll(overrides);
        return new Env(merged);
    }

    public Map<String, String> asMap() {
        return vars;
    }

    /** The trimmed value, or empty when unset or blank. */
    public Optional<String> optional(String name) {
        String value = vars.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public boolean isSet(String name) {
        return optional(name).isPresent();
    }

    /** The first of several alias names that is set (the original reads e.g. RETRY_MAX_ATTEMPTS before FETCH_RETRY_MAX). */
    public Optional<String> firstOf(String... names) {
        for (String name : names) {
            Optional<String> value = optional(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new SettingsException(name, "must be an integer between " + min + " and " + max + ", got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new SettingsException(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public double decimal(String name, double defaultValue, double min, double max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw new SettingsException(name, "must be a number between " + min + " and " + max + ", got '" + raw.get() + "'");
        }
        if (Double.isNaN(value) || value < min || value > max) {
            throw new SettingsException(name, "must be between " + min + " and " + max + ", got " + raw.get());
        }
        return value;
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new SettingsException(name, "must be true or false, got '" + raw.get() + "'");
        };
    }

    /** A list split on commas and whitespace, as the original splits ALLOWED_ORIGINS. */
    public List<String> list(String name, List<String> defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return Arrays.stream(raw.get().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }

    public String oneOf(String name, String defaultValue, Set<String> allowed) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String value = raw.get().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new SettingsException(name, "must be one of " + allowed.stream().sorted().toList() + ", got '" + raw.get() + "'");
        }
        return value;
    }

    /**
     * An absolute http(s) URL. The value is not echoed in the error: URLs may carry credentials.
     */
    public URI url(String name, String defaultValue) {
        String raw = optional(name).orElse(defaultValue);
        return parseUrl(name, raw);
    }

    public Optional<URI> optionalUrl(String name) {
        return optional(name).map(raw -> parseUrl(name, raw));
    }

    private static URI parseUrl(String name, String raw) {
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new SettingsException(name, "must be an absolute http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new SettingsException(name, "must be an absolute http:// or https:// URL");
        }
    }
}
