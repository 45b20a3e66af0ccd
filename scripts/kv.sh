#!/usr/bin/env bash
# The operator's KV command: get|put|list|delete|import on the configured database, also while the functions run.
# What `wrangler kv key ...` was for the original. Run with --help for the commands.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
exec "$(dirname "$0")/lib/run-tool.sh" io.text2media.shared.store.KvCli "$@"
