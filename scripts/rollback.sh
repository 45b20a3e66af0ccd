#!/usr/bin/env bash
# usage: rollback.sh [--target local|knative] <function> [version] [--apply]
# Rolls one function back to its previous release, without touching the others.
#   rollback.sh <function>              one machine: a running canary is dropped (all traffic back to the current
#                                       release); otherwise releases/<function>/current switches back to
#                                       releases/<function>/previous and only that function's process restarts
#   rollback.sh --target knative <function> [version] [--apply]
#                                       Knative: the traffic switch back to the previous revision (or to
#                                       <version>'s), printed, or applied with --apply, by scripts/knative.sh
# Every rollback appends a line to releases/DEPLOYS.log and the deploy_log table.
# Exit codes:
#   0  rolled back (or, without --apply on Knative, printed)
#   1  failed, or nothing to roll back to
#   2  usage: an unknown option or function
#   5  no JDK 21+ (install one, or set JAVA_HOME)
set -euo pipefail
PROG=rollback.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

target=local apply=false args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) [ $# -ge 2 ] || usage_error "--target needs local or knative"; target=$2; shift ;;
    --apply) apply=true ;;
    -*) usage_error "unknown option '$1'" ;;
    *) args+=("$1") ;;
  esac
  shift
done
fn=${args[0]:-}
require_function "$fn"
find_java

case "$target" in
  local) [ ${#args[@]} -eq 1 ] || usage_error "one machine: rollback.sh <function> (it returns to the previous release)" ;;
  knative)
    cmd=("$ROOT/scripts/knative.sh" rollback "$fn")
    [ ${#args[@]} -lt 2 ] || cmd+=("${args[1]}")
    $apply && cmd+=(--apply)
    DEPLOYS_LOG="$RELEASES/DEPLOYS.log" "${cmd[@]}"
    if $apply; then log_deploy "$fn" "$(last_logged_version "$fn" knative)" "${args[1]:-previous}" knative-rollback; fi
    exit 0 ;;
  *) usage_error "--target is local or knative, not '$target'" ;;
esac

current=$(current_version "$fn")
canary=$(canary_version "$fn")
if [ -n "$canary" ]; then
  stop_slot "$fn" canary
  rm -f "$RELEASES/$fn/canary" "$RELEASES/$fn/canary-weight"
  write_nginx_conf
  log_deploy "$fn" "$canary" "$current" local-rollback
  say "dropped the canary $fn $canary: $fn $current has all the traffic"
  exit 0
fi

previous=$(previous_version "$fn")
[ -n "$current" ] || fail "$fn is not deployed"
[ -n "$previous" ] || fail "$fn $current has no previous release to return to"
[ -f "$(release_dir "$fn" "$previous")/$fn.jar" ] || fail "the previous release $fn $previous is gone from $RELEASES/$fn"
switch_link "$fn" current "$previous"
stop_slot "$fn" stable
start_slot "$fn" stable "$previous"
if ! wait_ready "$fn" stable; then
  switch_link "$fn" current "$current"
  start_slot "$fn" stable "$current"
  wait_ready "$fn" stable || true
  fail "$fn $previous did not become ready: $fn $current is serving again"
fi
echo "$current" > "$RELEASES/$fn/previous"
write_nginx_conf
log_deploy "$fn" "$current" "$previous" local-rollback
say "$fn is back at $previous (pid $(running_pid "$fn" stable)), was $current"
