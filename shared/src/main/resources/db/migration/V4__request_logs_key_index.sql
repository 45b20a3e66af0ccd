-- The upstream-key report (db-monitor: calls, error rate and p95 per key over the last 24 h, ops-reference.md #15)
-- reads request_logs by key_id within a ts range. V2 left this index out for its insert cost (~1-2% of cache-hit
-- throughput as measured then, inside the request log's 5% budget); the key pool is analysed, so it is added.
CREATE INDEX IF NOT EXISTS request_logs_key_ts ON request_logs (key_id, ts);
