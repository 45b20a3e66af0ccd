#!/usr/bin/env bash
# usage: backup.sh <file>
# Writes a backup of the configured database to <file>. H2: SCRIPT ... COMPRESSION ZIP (online, while the
# functions run); PostgreSQL: pg_dump --format=custom (pg_dump must be on PATH).
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
# Exit codes, for cron:
#   0  the backup was written
#   2  usage: no file, more than one, or an unknown option
#   3  database unreachable
#   4  failed: the backup did not complete (pg_dump failed, file not writable, SQL error)
#   5  no JDK 21+ to run it (install one, or set JAVA_HOME)
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
exec "$(dirname "$0")/lib/run-tool.sh" "$(basename "$0")" io.text2media.health.ops.OpsCli backup "$@"
