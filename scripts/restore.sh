#!/usr/bin/env bash
# usage: restore.sh <file> [--yes]
# Replaces every table of the configured database with a backup made by backup.sh. Asks on a terminal and
# needs --yes otherwise. H2: DROP ALL OBJECTS + RUNSCRIPT; PostgreSQL: pg_restore --clean --if-exists.
# Stop the functions first, or expect a few failed requests while the tables are replaced.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
# Exit codes:
#   0  restored
#   2  usage: no file, an unknown option, or not confirmed (no --yes and no terminal, or the answer was not 'restore')
#   3  database unreachable
#   4  failed: the restore did not complete (pg_restore failed, unreadable file, SQL error)
#   5  no JDK 21+ to run it (install one, or set JAVA_HOME)
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
exec "$(dirname "$0")/lib/run-tool.sh" "$(basename "$0")" io.text2media.health.ops.OpsCli restore "$@"
