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
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private IsoTimes() {
    }

    public static String format(Instant instant) {
        return JS_ISO.format(instant);
    }

    public static String format(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Any ISO-8601 instant (the original's, or ours); empty when absent, unreadable, or beyond what epoch milliseconds
     * can hold (a stored {@code +999999999-…} parses, but ordering or formatting by it would overflow).
     */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(text);
            return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
