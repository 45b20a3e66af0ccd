-- The KV store (design.md §3): one table of namespaced entries. Portable text for H2 2.x and PostgreSQL 15.
-- expires_at and updated_at are epoch milliseconds: TTL arithmetic stays in one unit on both databases.
CREATE TABLE IF NOT EXISTS kv_entries (
    ns VARCHAR(32) NOT NULL,
    k VARCHAR(512) NOT NULL,
    v VARCHAR,
    n BIGINT DEFAULT 0 NOT NULL,
    version BIGINT NOT NULL,
    expires_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (ns, k)
);
CREATE INDEX IF NOT EXISTS kv_entries_expires ON kv_entries (expires_at);
