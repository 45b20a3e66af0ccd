package io.helidon.webserver.observe.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The patched copy of MetricsFeature (see its header) is the one loaded, not Helidon's original. */
class HelidonMetricsPatchTest {

    @Test
    void thePatchedClassShadowsTheOriginal() {
        // Helidon's own class has no such field: with it loaded this line fails with NoSuchFieldError.
        assertTrue(MetricsFeature.TEXT2MEDIA_PATCH);
        String location = MetricsFeature.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(location.contains("shared"), "loaded from " + location);
    }
}
