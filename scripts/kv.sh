#!/usr/bin/env bash
# usage: kv.sh <command> ...
#   get    <NAMESPACE> <key>                      print the value
#   put    <NAMESPACE> <key> <json> [--ttl SECONDS]
#   list   <NAMESPACE> [prefix] [--limit N] [--values]
#   delete <NAMESPACE> <key>
#   import <NAMESPACE> <file> [--overwrite]       load a Cloudflare KV bulk export
# namespaces: USERS, RESET_TOKENS, FEEDBACK, IMAGES_CACHE, RATE_LIMITS, STATE
# The operator's KV command on the configured database, also while the functions run: what
# `wrangler kv key ...` was for the original.
# Database: DB_URL / DB_USER / DB_PASSWORD, or by default the H2 file under ./data (the one `make run` uses).
# Exit codes:
#   0  done
#   1  get/delete: the key does not exist
#   2  usage: unknown command, namespace or option, a bad value
#   3  database unreachable
#   4  failed: an unexpected SQL or runtime error
#   5  no JDK 21+ to run it (install one, or set JAVA_HOME)
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
exec "$(dirname "$0")/lib/run-tool.sh" "$(basename "$0")" io.text2media.shared.store.KvCli "$@"
