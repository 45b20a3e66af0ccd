package io.text2media.health.ops;

import io.text2media.shared.store.Database;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Inserts request_logs rows at chosen times, for rollup, report and retention tests. Ids go in as text cast to UUID:
 * the DbClient binds a UUID parameter as a string, which PostgreSQL will not put into a uuid column by itself.
 */
final class LogRows {
    private final Database database;

    LogRows(Database database) {
        this.database = database;
    }

    /** A row; {@code cacheHit}, {@code userId}, {@code model}, {@code keyId} and {@code tokens} may be null. */
    UUID insert(Instant ts, String function, int status, int durationMs, String userId, Boolean cacheHit, String model,
                  String keyId, Integer tokens) {
        return insert(ts, function, status, durationMs, 10, userId, cacheHit, model, keyId,
                tokens == null ? null : tokens / 2, tokens == null ? null : tokens - tokens / 2);
    }

    /** A 200 with the given request size and LLM usage (either token count may be null). */
    UUID insertUsage(Instant ts, String function, long requestBytes, Integer promptTokens, Integer completionTokens) {
        return insert(ts, function, 200, 20, requestBytes, null, null, null, null, promptTokens, completionTokens);
    }

    private UUID insert(Instant ts, String function, int status, int durationMs, long requestBytes, String userId,
                        Boolean cacheHit, String model, String keyId, Integer promptTokens, Integer completionTokens) {
        UUID id = UUID.randomUUID();
        Integer total = promptTokens == null && completionTokens == null ? null
                : (promptTokens == null ? 0 : promptTokens) + (completionTokens == null ? 0 : completionTokens);
        database.execute().createInsert("INSERT INTO request_logs (id, ts, function, route, method, status_code, duration_ms, "
                        + "request_bytes, response_bytes, is_stream, has_error, user_id, cache_hit, model, key_id, "
                        + "prompt_tokens, completion_tokens, total_tokens) VALUES (CAST(:id AS UUID), :ts, :fn, '/r', 'POST', :status, "
                        + ":duration, :rb, 100, FALSE, :error, :user, :hit, :model, :key, :pt, :ct, :tt)")
                .addParam("id", id.toString()).addParam("ts", OffsetDateTime.ofInstant(ts, ZoneOffset.UTC)).addParam("fn", function)
                .addParam("status", status).addParam("duration", durationMs).addParam("rb", requestBytes)
                .addParam("error", status >= 400)
                .addParam("user", (Object) userId).addParam("hit", (Object) cacheHit).addParam("model", (Object) model)
                .addParam("key", (Object) keyId)
                .addParam("pt", (Object) promptTokens)
                .addParam("ct", (Object) completionTokens)
                .addParam("tt", (Object) total)
                .execute();
        return id;
    }

    void insertError(Instant ts, UUID requestId) {
        database.execute().createInsert("INSERT INTO error_logs (id, request_id, ts, function, route, status_code, error_type, "
                        + "message) VALUES (CAST(:id AS UUID), CAST(:rid AS UUID), :ts, 'probe', '/r', 500, 'x', 'm')")
                .addParam("id", UUID.randomUUID().toString()).addParam("rid", requestId.toString())
                .addParam("ts", OffsetDateTime.ofInstant(ts, ZoneOffset.UTC)).execute();
    }

    long count(String sql) {
        return database.execute().get(sql).orElseThrow().column(1).get(Long.class);
    }
}
