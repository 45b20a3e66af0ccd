#!/usr/bin/env bash
# usage: stop.sh <function>|all
# Stops one function's processes of the one-machine layout (its release and any canary), or all of them. Each gets
# SIGTERM (it finishes its requests and writes its queued log rows), then SIGKILL after 45 s.
# Exit codes:
#   0  stopped (or was not running)
#   2  usage: an unknown option or function
set -euo pipefail
PROG=stop.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

case "${1:-}" in
  all) targets=$(known_functions) ;;
  -*) usage_error "unknown option '$1'" ;;
  *) require_function "${1:-}"; targets=$1 ;;
esac
[ $# -le 1 ] || usage_error "stop.sh <function>|all"
for fn in $targets; do
  for slot in stable canary; do
    pid=$(running_pid "$fn" "$slot")
    if [ -n "$pid" ]; then
      stop_slot "$fn" "$slot"
      say "stopped $fn ($slot, pid $pid)"
    fi
  done
done
