-- The operations tables (ops-reference.md): one row per call, one per server error, and a daily rollup.
-- Timestamps are TIMESTAMP WITH TIME ZONE, written in UTC; durations are milliseconds. Portable H2 2.x / PostgreSQL 15.
-- Ids are time-ordered UUIDs (version 7) in the SQL UUID type: primary-key inserts are appends. Every index is paid
-- for by every call (H2 copies each touched page), so only the two the reports need: (ts) and (function, ts). The key
-- report reads a 24 h ts range; no query reads by user. (key_id, ts) alone cost ~1-2% of cache-hit throughput.
CREATE TABLE IF NOT EXISTS request_logs (
    id UUID NOT NULL PRIMARY KEY,
    ts TIMESTAMP WITH TIME ZONE NOT NULL,
    function VARCHAR(32) NOT NULL,
    function_version VARCHAR(64),
    route VARCHAR(200),
    method VARCHAR(10) NOT NULL,
    status_code INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    request_bytes BIGINT NOT NULL,
    response_bytes BIGINT NOT NULL,
    is_stream BOOLEAN NOT NULL,
    has_error BOOLEAN NOT NULL,
    error_code VARCHAR(64),
    user_id VARCHAR(64),
    client_ip_prefix VARCHAR(64),
    ua_family VARCHAR(32),
    upstream VARCHAR(64),
    model VARCHAR(128),
    original_model VARCHAR(128),
    key_id VARCHAR(64),
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    total_tokens INTEGER,
    cache_hit BOOLEAN,
    attempts INTEGER
);
CREATE INDEX IF NOT EXISTS request_logs_ts ON request_logs (ts);
CREATE INDEX IF NOT EXISTS request_logs_function_ts ON request_logs (function, ts);

CREATE TABLE IF NOT EXISTS error_logs (
    id UUID NOT NULL PRIMARY KEY,
    request_id UUID NOT NULL,
    ts TIMESTAMP WITH TIME ZONE NOT NULL,
    function VARCHAR(32) NOT NULL,
    route VARCHAR(200),
    status_code INTEGER NOT NULL,
    error_type VARCHAR(200) NOT NULL,
    message VARCHAR(1000),
    stack_hash VARCHAR(64)
);
CREATE INDEX IF NOT EXISTS error_logs_ts ON error_logs (ts);
CREATE INDEX IF NOT EXISTS error_logs_request_id ON error_logs (request_id);

CREATE TABLE IF NOT EXISTS daily_stats (
    stat_day DATE NOT NULL,
    function VARCHAR(32) NOT NULL,
    requests BIGINT NOT NULL,
    client_errors BIGINT NOT NULL,
    server_errors BIGINT NOT NULL,
    p50_ms DOUBLE PRECISION,
    p95_ms DOUBLE PRECISION,
    request_bytes BIGINT NOT NULL,
    response_bytes BIGINT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    total_tokens BIGINT NOT NULL,
    cache_hits BIGINT NOT NULL,
    cache_misses BIGINT NOT NULL,
    distinct_users BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (stat_day, function)
);
