package io.text2media.auth;

import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * A call to Google that did not give a usable answer. {@code status} is Google's HTTP status when it answered
 * (0 when it did not: timeout, refused or dropped connection, open circuit); {@code error} is Google's error JSON when
 * it sent one. Control flow only: no stack trace, never shown to the client as is.
 */
final class GoogleCallException extends RuntimeException {
    private final int status;
    private final transient JsonObject error;

    GoogleCallException(String what, int status, JsonObject error) {
        super(what, null, false, false);
        this.status = status;
        this.error = error;
    }

    /** Google answered with a status (non-2xx). */
    boolean answered() {
        return status > 0;
    }

    int status() {
        return status;
    }

    Optional<JsonObject> error() {
        return Optional.ofNullable(error);
    }
}
