package io.text2media.shared.observe;

import java.time.Instant;

/** One row of {@code error_logs}: a 5xx or an unexpected exception, joined to its request by {@code requestId}. */
public record ErrorLogRow(String id, String requestId, Instant ts, String function, String route, int statusCode,
                          String errorType, String message, String stackHash) implements OpsRow {
}
