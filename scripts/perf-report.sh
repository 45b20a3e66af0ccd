#!/usr/bin/env bash
# Hourly calls, p50/p95 and 5xx rate per function for the last 24 h (--hours N, --days N), and
# per function and model with tokens. Exit 1 when an hour's p95 is above --max-p95-ms. --json for machines.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
exec "$(dirname "$0")/lib/run-tool.sh" io.text2media.health.ops.OpsCli perf-report "$@"
