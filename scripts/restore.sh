#!/usr/bin/env bash
# Replaces every table of the configured database with a backup: restore.sh <file> [--yes]. Asks on a
# terminal, needs --yes otherwise. H2: DROP ALL OBJECTS + RUNSCRIPT; PostgreSQL: pg_restore --clean --if-exists.
# Stop the functions first, or expect a few failed requests while the tables are replaced.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
exec "$(dirname "$0")/lib/run-tool.sh" io.text2media.health.ops.OpsCli restore "$@"
