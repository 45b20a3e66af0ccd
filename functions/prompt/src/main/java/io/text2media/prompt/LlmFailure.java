package io.text2media.prompt;

import java.time.Duration;
import java.util.Optional;

/**
 * The LLM call produced no usable answer. The kind decides the client's status (design.md §5.9): 502 for a bad
 * answer, 503 when busy or no key can be used, 504 on timeout. It never carries the upstream's body.
 */
final class LlmFailure extends RuntimeException {

    enum Kind {
        BAD_ANSWER(502, "upstream_bad_answer", "AI服务返回了无效的响应"),
        BUSY(503, "upstream_busy", "AI服务繁忙，请稍后再试"),
        UNAVAILABLE(503, "upstream_unavailable", "AI服务暂时不可用，请稍后再试"),
        TIMEOUT(504, "upstream_timeout", "AI服务响应超时，请稍后再试");

        final int status;
        final String code;
        final String message;

        Kind(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;
    private final int attempts;
    private final String keyAlias;

    LlmFailure(Kind kind, Duration retryAfter, int attempts) {
        this(kind, retryAfter, attempts, null);
    }

    private LlmFailure(Kind kind, Duration retryAfter, int attempts, String keyAlias) {
        super(kind.code + " after " + attempts + " attempt(s)", null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.attempts = attempts;
        this.keyAlias = keyAlias;
    }

    Kind kind() {
        return kind;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    int attempts() {
        return attempts;
    }

    /** The alias of the last key tried (never the key), or null when no key could be used. */
    String keyAlias() {
        return keyAlias;
    }

    LlmFailure withAttempts(int n) {
        return new LlmFailure(kind, retryAfter, n, keyAlias);
    }

    LlmFailure withRetryAfter(Duration value) {
        return new LlmFailure(kind, value, attempts, keyAlias);
    }

    LlmFailure triedWith(String alias) {
        return new LlmFailure(kind, retryAfter, attempts, alias);
    }
}
