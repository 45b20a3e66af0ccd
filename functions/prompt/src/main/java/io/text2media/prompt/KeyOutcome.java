package io.text2media.prompt;

/** What one upstream call did with a key; decides how the pool treats the key afterwards. */
enum KeyOutcome {
    /** a usable answer. */
    SUCCESS,
    /** 429: the key's quota is exhausted for now; cool it down. */
    RATE_LIMITED,
    /** a 5xx (or an unreadable 2xx): counts towards opening the key's circuit. */
    SERVER_ERROR,
    /** the attempt timed out: counts towards opening the key's circuit. */
    TIMEOUT,
    /** the connection failed or dropped: counts towards opening the key's circuit. */
    CONNECTION_ERROR,
    /** 401: the key is wrong or revoked; disabled until an operator reset or a restart. */
    UNAUTHORIZED,
    /** 402: the account behind the key has no balance; disabled like 401. */
    PAYMENT_REQUIRED,
    /** 400/422 and other 4xx: our request was refused, the key is not to blame. */
    CLIENT_ERROR,
    /** nothing was sent (the upstream's circuit was open): neutral. */
    NOT_SENT;

    boolean isFailure() {
        return this == SERVER_ERROR || this == TIMEOUT || this == CONNECTION_ERROR;
    }

    boolean disables() {
        return this == UNAUTHORIZED || this == PAYMENT_REQUIRED;
    }

    boolean neutral() {
        return this == CLIENT_ERROR || this == NOT_SENT;
    }

    /** The lower-case name used in health details and metric tags. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
