package io.text2media.shared.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** original-contract.md §3. */
class TokenExtractorTest {

    private static Optional<String> extract(String authorization, String cookie) {
        WritableHeaders<?> headers = WritableHeaders.create();
        if (authorization != null) {
            headers.set(HeaderNames.AUTHORIZATION, authorization);
        }
        if (cookie != null) {
            headers.set(HeaderNames.COOKIE, cookie);
        }
        return TokenExtractor.extract(headers);
    }

    @Test
    void bearerIsCaseSensitiveOneSpaceAndUntrimmed() {
        assertEquals(Optional.of("abc"), extract("Bearer abc", null));
        assertEquals(Optional.of("abc "), extract("Bearer abc ", null));
        assertEquals(Optional.of(" abc"), extract("Bearer  abc", null));
        assertEquals(Optional.empty(), extract("bearer abc", null));
        assertEquals(Optional.empty(), extract("Bearer ", null));
    }

    @Test
    void otherSchemesFallThroughToTheCookie() {
        assertEquals(Optional.of("fromcookie"), extract("Basic dXNlcjpwdw==", "a=1; auth_token=fromcookie; b=2"));
        assertEquals(Optional.of("x y"), extract(null, "auth_token=x%20y"));
        assertEquals(Optional.of("first"), extract(null, "auth_token=first"));
        assertEquals(Optional.empty(), extract(null, "not_auth_token=x"));
        assertEquals(Optional.empty(), extract(null, null));
    }

    @Test
    void theCookieIsDecodedLikeDecodeUriComponent() {
        // A legacy token is standard base64: its '+' must survive, and an encoded one decodes to '+' as well.
        assertEquals(Optional.of("ab+c/d="), extract(null, "auth_token=ab+c/d="));
        assertEquals(Optional.of("ab+c/d="), extract(null, "auth_token=ab%2Bc%2Fd%3D"));
        assertEquals(Optional.empty(), extract(null, "auth_token=%E0%A4%A"), "a malformed escape is no token");
    }
}
