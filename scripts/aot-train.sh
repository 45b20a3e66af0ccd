#!/usr/bin/env bash
# usage: aot-train.sh [--if-stale] <jar> <cache-file> <function>
# Trains a JDK 25 AOT cache for one function's jar (--if-stale: only when there is none yet, or the JDK, the JVM
# flags or a jar changed since it was trained). Starts the jar with the production JVM flags (infra/jvm.options) and
# -XX:AOTCacheOutput on a free loopback port, with a throwaway data directory and the prod profile (demo generation,
# throw-away secrets: nothing real is touched), sends that function's representative requests, stops it with SIGTERM
# and waits: the JVM writes the cache as it exits. The cache holds the loaded and linked classes, not the training
# run's method profiles (-XX:-AOTRecordTraining): replayed at start, those profiles had the JIT compile the training's
# hot methods during the cold start itself, ~150 ms of CPU on two cores (docs/PERFORMANCE.md). Beside the cache goes
# <cache-file>.id, the fingerprint of the JDK, the flags and the jars it is valid for; the start scripts use the cache
# only while it matches. Train where the jar will run: the cache holds its path.
# Exit codes:
#   0  trained (or skipped on a JDK without AOT caches, said so)
#   1  failed
#   2  usage: an unknown option or function
#   5  no JDK 21+ (install one, or set JAVA_HOME)
set -euo pipefail
PROG=aot-train.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

if_stale=false
case "${1:-}" in
  --if-stale) if_stale=true; shift ;;
  -*) usage_error "unknown option '$1'" ;;
esac
[ $# -eq 3 ] || usage_error "aot-train.sh [--if-stale] <jar> <cache-file> <function>"
jar=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cache=$2
fn=$3
require_function "$fn"
[ -f "$jar" ] || fail "no jar at $jar"
find_java
if [ "$(java_feature_version)" -lt 25 ] 2>/dev/null; then
  say "the JDK at $JAVA has no AOT cache (JDK 25 or newer): $fn runs without one"
  exit 0
fi

if $if_stale && [ -s "$cache" ] && [ "$(cat "$cache.id" 2>/dev/null)" = "$(aot_fingerprint "$jar")" ]; then
  say "$(basename "$cache") is up to date for this JDK, these flags and these jars"
  exit 0
fi

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    port_in_use "$p" || { echo "$p"; return; }
  done
  fail "no free port found"
}

port=$(free_port)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$cache" "$cache.id"
# A clean environment: an operator's DB_URL or keys must never reach a training run.
# The prod profile, as releases run, so that the classes of its start are the ones in the cache; throw-away secrets,
# in this process's environment only.
token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
env -i PATH="$PATH" HOME="$work" PROFILE=prod DATA_DIR="$work/data" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warn \
  JWT_SECRET="$(od -An -N48 -tx1 /dev/urandom | tr -d ' \n')" HEALTH_CHECK_TOKEN="$token" \
  GENERATION_PROVIDER=demo REQUEST_LOG_FLUSH_MS=100 \
  "$JAVA" "@$JVM_OPTIONS" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining "-XX:AOTCacheOutput=$cache" -jar "$jar" > "$work/train.log" 2>&1 &
pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || { cat "$work/train.log" >&2; fail "$fn exited during its training run"; }
  case "$(ready_status "$port")" in 200|204) break ;; esac
  sleep 0.1
done

req() { curl -s -o /dev/null -m 30 "$@" || true; }
json() { req -X "$1" -H 'Content-Type: application/json' --data "$3" "$base$2"; }

# What every function does, then what this one is for; three rounds so the profile sees the hot paths again.
for round in 1 2 3; do
  req "$base/observe/health"
  req "$base/observe/health/ready"
  req "$base/observe/metrics"
  req "$base/nowhere"
  req -X OPTIONS -H 'Origin: https://example.com' -H 'Access-Control-Request-Method: POST' "$base/api/auth/login"
  json POST /api/auth/login 'not json'
  case "$fn" in
    auth)
      json POST /api/auth/register "{\"username\":\"aot\",\"email\":\"aot$round@example.com\",\"password\":\"train-$round\"}"
      json POST /api/auth/login "{\"email\":\"aot$round@example.com\",\"password\":\"wrong\"}"
      user=$(curl -s -m 30 -H 'Content-Type: application/json' \
        --data "{\"email\":\"aot$round@example.com\",\"password\":\"train-$round\"}" "$base/api/auth/login" \
        | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
      req -H "Authorization: Bearer $user" "$base/api/auth/validate"
      req "$base/api/auth/validate"
      req -H "Authorization: Bearer not.a.token" "$base/api/auth/validate"
      json POST /api/auth/forgot-password "{\"email\":\"aot$round@example.com\"}"
      req -H "Authorization: Bearer $user" -X POST "$base/api/auth/logout" ;;
    image)
      json POST /api/generate "{\"type\":\"image\",\"text\":\"a lighthouse at dusk $round\",\"width\":256,\"height\":256}"
      json POST /api/generate/image "{\"text\":\"a red fox\",\"seed\":$round,\"width\":256,\"height\":256}"
      json POST /api/generate/image "{\"text\":\"a red fox\",\"seed\":$round,\"width\":256,\"height\":256}"
      json POST /api/pollinations/image '{"prompt":"dog","width":256,"height":256}'
      json POST /api/generate '{"type":"video"}'
      req "$base/api/images/daily" ;;
    audio)
      json POST /api/generate/audio "{\"text\":\"hello number $round\",\"voice\":\"nova\"}"
      json POST /api/generate/audio '{"text":"","voice":"nobody"}' ;;
    prompt)
      json POST /api/prompts/optimize "{\"text\":\"a cat $round\"}"
      json POST /api/translate '{"text":"猫"}'
      json POST /api/prompts/optimize '{}' ;;
    feedback)
      json POST /api/feedback "{\"content\":\"training feedback number $round\",\"category\":\"other\"}"
      req "$base/api/feedback/my"
      req "$base/api/admin/feedback?admin_key=none" ;;
    health)
      req "$base/health"
      req -H "Authorization: Bearer $token" "$base/internal/health"
      req "$base/internal/health" ;;
  esac
done

kill -TERM "$pid"
for _ in $(seq 1 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fail "$fn did not stop after its training run"; fi
wait "$pid" 2>/dev/null || true
[ -s "$cache" ] || { cat "$work/train.log" >&2; fail "no AOT cache was written for $fn"; }
aot_fingerprint "$jar" > "$cache.id"
say "trained $(basename "$cache") for $fn ($(du -h "$cache" | cut -f1))"
