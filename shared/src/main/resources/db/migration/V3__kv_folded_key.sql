-- The key in lower case, indexed, so a case-insensitive look-up (records the original stored under a mixed-case
-- email) is an index probe instead of a scan of the namespace. Written by KvStore with every insert.
ALTER TABLE kv_entries ADD COLUMN IF NOT EXISTS kf VARCHAR(512);
UPDATE kv_entries SET kf = LOWER(k) WHERE kf IS NULL;
CREATE INDEX IF NOT EXISTS kv_entries_folded ON kv_entries (ns, kf);
