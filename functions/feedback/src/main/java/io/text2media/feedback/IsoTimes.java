package io.text2media.feedback;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Timestamps as JavaScript's {@code toISOString()} writes them (always milliseconds, {@code Z}), as the original stored them. */
final class IsoTimes {
    private static final DateTimeFormatter JS_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private IsoTimes() {
    }

    static String format(long epochMillis) {
        return JS_ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The instant, or empty when the text is not an ISO instant or lies beyond what epoch milliseconds can hold (a
     * stored {@code +999999999-…} parses, but ordering by it would overflow and break the whole admin list).
     */
    static Optional<Instant> parse(String text) {
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
