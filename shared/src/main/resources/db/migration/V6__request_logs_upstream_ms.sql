-- How long a call waited for its upstreams (Pollinations, DeepSeek): duration_ms minus upstream_ms is the time the
-- function itself took, which is what an operator compares against a slow upstream. Null for calls without one.
ALTER TABLE request_logs ADD COLUMN IF NOT EXISTS upstream_ms INTEGER;
