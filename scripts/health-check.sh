#!/usr/bin/env bash
# usage: health-check.sh
# Calls /internal/health and prints every check, the metrics and the database figures.
# Environment: HEALTH_CHECK_URL (default http://localhost:8080), HEALTH_CHECK_TOKEN (default: the dev profile's
# generated token in ./data/dev-secrets.env, if there is one), HEALTH_CHECK_RETRIES (default 1),
# HEALTH_CHECK_INTERVAL_MS (default 2000).
# Exit codes, for cron and CI alerts (the same meanings as the database scripts'):
#   0  HTTP 200, every check ok
#   1  answered but not healthy (503 degraded/error, 401 wrong token, any other status)
#   2  usage: an argument (it takes none but --help), or a non-numeric HEALTH_CHECK_RETRIES/INTERVAL_MS
#   3  not reachable (no answer within 10 s)
#   5  curl is not installed
set -uo pipefail
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
if [ "$#" -gt 0 ]; then
  echo "health-check: unknown option '$1' (it is configured by environment variables; see --help)" >&2
  exit 2
fi
command -v curl >/dev/null 2>&1 || { echo "health-check: curl is not installed (e.g. apt install curl)" >&2; exit 5; }

URL="${HEALTH_CHECK_URL:-http://localhost:8080}"
URL="${URL%/}"
TOKEN="${HEALTH_CHECK_TOKEN:-}"
RETRIES="${HEALTH_CHECK_RETRIES:-1}"
INTERVAL_MS="${HEALTH_CHECK_INTERVAL_MS:-2000}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)

case "$RETRIES$INTERVAL_MS" in
  *[!0-9]*) echo "health-check: HEALTH_CHECK_RETRIES and HEALTH_CHECK_INTERVAL_MS must be numbers" >&2; exit 2 ;;
esac
[ "$RETRIES" -ge 1 ] || RETRIES=1

if [ -z "$TOKEN" ] && [ -f "${DATA_DIR:-$ROOT/data}/dev-secrets.env" ]; then
  TOKEN=$(sed -n 's/^HEALTH_CHECK_TOKEN=//p' "${DATA_DIR:-$ROOT/data}/dev-secrets.env")
  echo "health-check: using the dev profile's token from ${DATA_DIR:-$ROOT/data}/dev-secrets.env"
fi

body=$(mktemp)
trap 'rm -f "$body"' EXIT
rc=3
for attempt in $(seq 1 "$RETRIES"); do
  code=$(curl -sS -m 10 -o "$body" -w '%{http_code}' -H "Authorization: Bearer ${TOKEN}" "$URL/internal/health" 2>/dev/null)
  case "$code" in
    200) label="OK"; rc=0 ;;
    503) label="DEGRADED"; rc=1 ;;
    000|"") label="UNREACHABLE"; rc=3 ;;
    *) label="ERROR"; rc=1 ;;
  esac
  echo "[$attempt/$RETRIES] $URL/internal/health -> HTTP ${code:-000} $label"
  if [ "$rc" != 3 ] && [ -s "$body" ]; then
    if command -v jq >/dev/null 2>&1 && jq -e . "$body" >/dev/null 2>&1; then
      jq -r '"  status: \(.status // "?")  version: \(.version // "-")  uptime: \(.uptime // "-")s"' "$body"
      jq -r '.checks[]? | "  check \(.name): \(.status) \(.details | tostring)"' "$body"
      jq -r 'if .metrics then .metrics | to_entries[] | "  metric \(.key): \(.value)" else empty end' "$body"
      jq -r 'if .database then "  database: \(.database.status) \(.database.row_counts // {} | tostring)" else empty end' "$body"
    elif grep -q '"checks"' "$body"; then
      # No jq: the answer is our own compact JSON, so its flat parts can be picked out as text.
      sed -n 's/^{"status":"\([^"]*\)".*/  status: \1/p' "$body"
      grep -o '"name":"[^"]*","status":"[^"]*"' "$body" | sed 's/"name":"\([^"]*\)","status":"\([^"]*\)"/  check \1: \2/'
      grep -o '"missing":\[[^]]*\]' "$body" | sed 's/"missing":/  missing: /'
      sed -n 's/.*"metrics":{\([^}]*\)}.*/\1/p' "$body" | tr ',' '\n' | sed -n 's/^"\([^"]*\)":\(.*\)$/  metric \1: \2/p'
      sed -n 's/.*"database":{"status":"\([^"]*\)".*/  database: \1/p' "$body"
    else
      echo "  $(cat "$body")"
    fi
  fi
  [ "$rc" = 0 ] && exit 0
  if [ "$attempt" -lt "$RETRIES" ]; then
    sleep "$(awk "BEGIN{print $INTERVAL_MS/1000}")"
  fi
done
exit "$rc"
