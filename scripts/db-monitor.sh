#!/usr/bin/env bash
# usage: db-monitor.sh [--hours N] [--max-error-rate R] [--min-calls N] [--json]
# Row counts and latest rows per table; functions and upstream keys over the last 24 h (--hours N) ranked by
# traffic, and by 5xx rate among those with at least --min-calls calls (default 20). --json for machines.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
# Exit codes, for cron:
#   0  fine
#   1  alert: the overall 5xx rate is above --max-error-rate (default ALERT_ERROR_RATE, else 0.05)
#   2  usage: unknown option, extra argument, bad value
#   3  database unreachable
#   4  failed: an unexpected SQL or runtime error
#   5  no JDK 21+ to run it (install one, or set JAVA_HOME)
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
exec "$(dirname "$0")/lib/run-tool.sh" "$(basename "$0")" io.text2media.health.ops.OpsCli db-monitor "$@"
