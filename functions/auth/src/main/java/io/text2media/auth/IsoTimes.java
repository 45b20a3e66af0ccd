package io.text2media.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as the original wrote them: JavaScript's {@code toISOString()}, always with milliseconds. */
final class IsoTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private IsoTimes() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
