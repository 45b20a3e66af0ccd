package io.text2media.shared.observe;

import java.time.Instant;

/** One row of {@code request_logs}: one call of a function route (ops-reference.md "request_logs"). */
public record RequestLogRow(String id, Instant ts, String function, String functionVersion, String route, String method,
                            int statusCode, int durationMs, long requestBytes, long responseBytes, boolean stream,
                            boolean hasError, String errorCode, String userId, String clientIpPrefix, String uaFamily,
                            String upstream, String model, String originalModel, String keyId, Integer promptTokens,
                            Integer completionTokens, Integer totalTokens, Boolean cacheHit, Integer attempts,
                            Integer upstreamMs)
        implements OpsRow {
}
