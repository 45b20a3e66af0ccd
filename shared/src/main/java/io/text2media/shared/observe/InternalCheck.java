package io.text2media.shared.observe;

import jakarta.json.JsonObject;

/**
 * One entry of {@code checks[]} on {@code /internal/health}: a name, {@code ok}/{@code degraded}/{@code error} and
 * details. Implementations must be quick and must not write.
 */
public interface InternalCheck {

    String name();

    Result check();

    /** The check's answer. */
    record Result(String status, JsonObject details) {
        public static final String OK = "ok";
        public static final String DEGRADED = "degraded";
        public static final String ERROR = "error";
    }
}
