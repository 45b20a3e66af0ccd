#!/usr/bin/env bash
# usage: status.sh [--history <function> [--db]]
# One line per deployed function of the one-machine layout: name version port pid health (health: up, down, or
# stopped). A running canary gets its own line: name version port pid health canary=<percent>%.
#   status.sh --history <function> [--db]   that function's deploys and rollbacks from releases/DEPLOYS.log (UTC
#                                           time, operator, function, from, to, commit, target); --db reads the
#                                           deploy_log table instead (the database the functions use)
# Exit codes:
#   0  every deployed function is up
#   1  one is down or stopped
#   2  usage: an unknown option or function
#   5  no JDK 21+ (--db only)
set -euo pipefail
PROG=status.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

case "${1:-}" in
  --history)
    require_function "${2:-}"
    [ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = --db ]; } || usage_error "status.sh --history <function> [--db]"
    printf 'time\toperator\tfunction\tfrom\tto\tcommit\ttarget\n'
    if [ "${3:-}" = --db ]; then
      find_java
      code=0
      run_release_tool "$2" io.text2media.shared.store.DeployLogCli history "$2" || code=$?
      [ "$code" != 9 ] || fail "$2 is not deployed here: its release's jar reads the database"
      exit "$code"
    else
      awk -F'\t' -v f="$2" '$3 == f' "$RELEASES/DEPLOYS.log" 2>/dev/null || true
    fi
    exit 0 ;;
  "") ;;
  -*) usage_error "unknown option '$1'" ;;
  *) usage_error "unknown argument '$1'" ;;
esac

health() { # port pid
  [ -n "$2" ] || { echo stopped; return; }
  case "$(ready_status "$1")" in 200|204) echo up ;; *) echo down ;; esac
}

rc=0
for fn in $(known_functions); do
  version=$(current_version "$fn")
  [ -n "$version" ] || continue
  port=$(function_port "$fn")
  pid=$(running_pid "$fn" stable)
  state=$(health "$port" "$pid")
  [ "$state" = up ] || rc=1
  echo "$fn $version $port ${pid:--} $state"
  canary=$(canary_version "$fn")
  if [ -n "$canary" ]; then
    cport=$(canary_port "$fn")
    cpid=$(running_pid "$fn" canary)
    cstate=$(health "$cport" "$cpid")
    [ "$cstate" = up ] || rc=1
    echo "$fn $canary $cport ${cpid:--} $cstate canary=$(canary_weight "$fn")%"
  fi
done
exit "$rc"
