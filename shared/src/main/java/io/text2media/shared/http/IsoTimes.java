package io.text2media.shared.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Timestamps as the original wrote them: JavaScript's {@code toISOString()}, always UTC with exactly three fraction
 * digits ({@code Instant.toString()} prints up to nine and drops zeros).
 */
public final class IsoTimes {
    private static final DateTimeFormatter JS_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private IsoTimes() {
    }

    public static String format(Instant instant) {
        return JS_ISO.format(instant);
    }

    public static String format(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /** Any ISO-8601 instant (the original's, or ours); empty when absent or unreadable. */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
