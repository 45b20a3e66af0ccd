#!/usr/bin/env bash
# Row counts and latest rows per table, and the busiest functions and upstream keys with their error
# rate and p95 over the last 24 h (--hours N). Exit 1 when the 5xx rate is above --max-error-rate (default
# ALERT_ERROR_RATE or 0.05), 3 when the database is unreachable. --json for machines.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
exec "$(dirname "$0")/lib/run-tool.sh" io.text2media.health.ops.OpsCli db-monitor "$@"
