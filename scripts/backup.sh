#!/usr/bin/env bash
# Writes a backup of the configured database: backup.sh <file>. H2: SCRIPT ... COMPRESSION ZIP (online);
# PostgreSQL: pg_dump --format=custom. Exit 4 when the backup failed, 3 when the database is unreachable.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
exec "$(dirname "$0")/lib/run-tool.sh" io.text2media.health.ops.OpsCli backup "$@"
