#!/usr/bin/env bash
# usage: perf-report.sh [--hours N | --days N] [--max-p95-ms M] [--json]
# Hourly calls, p50/p95 and 5xx rate per function for the last 24 h (or N hours, or N days), and per
# function and model with tokens. --json for machines.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
# Exit codes, for cron:
#   0  fine
#   1  alert: an hour's p95 is above --max-p95-ms
#   2  usage: unknown option, extra argument, bad value
#   3  database unreachable
#   4  failed: an unexpected SQL or runtime error
#   5  no JDK 21+ to run it (install one, or set JAVA_HOME)
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
exec "$(dirname "$0")/lib/run-tool.sh" "$(basename "$0")" io.text2media.health.ops.OpsCli perf-report "$@"
