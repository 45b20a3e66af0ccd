package io.text2media.shared.store;

/** The database cannot be reached (or is not migrated yet). Routes that need it answer 503 JSON and recover by themselves. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
