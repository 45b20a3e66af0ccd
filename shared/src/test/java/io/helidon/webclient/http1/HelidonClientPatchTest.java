package io.helidon.webclient.http1;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The patched copy of Http1CallChainBase (see its header) is the one loaded, not Helidon's original. */
class HelidonClientPatchTest {

    @Test
    void thePatchedClassShadowsTheOriginal() {
        // Helidon's own class has no such field: with it loaded this line fails with NoSuchFieldError.
        assertTrue(Http1CallChainBase.TEXT2MEDIA_PATCH);
        String location = Http1CallChainBase.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(location.contains("shared"), "loaded from " + location);
    }
}
