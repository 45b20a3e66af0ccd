package io.text2media.shared.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * An upstream call that did not produce a usable answer after the policy's attempts. The kind says what the
 * client gets (design.md §5.9): 502 for a bad answer, 503 when the upstream is busy or its circuit is open, 504 on
 * timeout. It never carries the upstream's body.
 */
public final class UpstreamException extends RuntimeException {

    public enum Kind {
        /** 5xx (other than 503), a dropped connection, or an answer that is not what was asked for. */
        BAD_ANSWER(502),
        /** 429 or 503 after every attempt. */
        BUSY(503),
        /** the circuit breaker is open: no call was made. */
        CIRCUIT_OPEN(503),
        /** an attempt timed out, or the overall deadline passed. */
        TIMEOUT(504);

        private final int clientStatus;

        Kind(int clientStatus) {
            this.clientStatus = clientStatus;
        }

        public int clientStatus() {
            return clientStatus;
        }
    }

    private final String upstream;
    private final Kind kind;
    private final int lastStatus;
    private final int attempts;
    private final Duration retryAfter;

    public UpstreamException(String upstream, Kind kind, int lastStatus, int attempts, Duration retryAfter, Throwable cause) {
        super(upstream + ": " + kind + (lastStatus > 0 ? " (HTTP " + lastStatus + ")" : "") + " after " + attempts + " attempt(s)",
                cause);
        this.upstream = upstream;
        this.kind = kind;
        this.lastStatus = lastStatus;
        this.attempts = attempts;
        this.retryAfter = retryAfter;
    }

    public String upstream() {
        return upstream;
    }

    public Kind kind() {
        return kind;
    }

    /** The last HTTP status seen, or 0 when there was none (timeout, connection error, circuit open). */
    public int lastStatus() {
        return lastStatus;
    }

    public int attempts() {
        return attempts;
    }

    /** How long the upstream asked us to wait, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
