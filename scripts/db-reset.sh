#!/usr/bin/env bash
# usage: db-reset.sh [--yes] [--force]
# Development reset: drops every table of the configured database's schema and migrates it again (an empty,
# current schema). H2: DROP ALL OBJECTS; PostgreSQL: every table of the connection's current schema.
# Refuses when PROFILE=prod unless --force is given. Asks for confirmation on a terminal (type 'reset');
# --yes answers it, and is required when there is no terminal (scripts, CI).
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses);
# stop the functions first when it is the H2 file.
# Exit codes:
#   0  reset
#   1  refused (PROFILE=prod without --force) or not confirmed
#   2  usage: an unknown option
#   3  database unreachable
#   4  failed
#   5  no JDK 21+ to run it (install one, or set JAVA_HOME)
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
exec "$(dirname "$0")/lib/run-tool.sh" "$(basename "$0")" io.text2media.shared.store.DbResetCli "$@"
