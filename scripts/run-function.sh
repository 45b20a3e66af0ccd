#!/usr/bin/env bash
# usage: run-function.sh <function>
# Runs one built function in the foreground, as its release would run: functions/<function>/target/<function>.jar
# with the production JVM flags (infra/jvm.options) and its AOT cache (make aot FN=<function>) when that cache
# matches this JDK, these flags and these jars. The environment (PORT, PROFILE, DB_URL, ...) is passed on as it is.
# Exit codes:
#   the function's own while it runs (0 after SIGTERM)
#   1  not built
#   2  usage: an unknown option or function
#   5  no JDK 21+ (install one, or set JAVA_HOME)
set -euo pipefail
PROG=run-function.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

case "${1:-}" in -*) usage_error "unknown option '$1'" ;; esac
[ $# -eq 1 ] || usage_error "run-function.sh <function>"
require_function "$1"
find_java
dir="$ROOT/functions/$1/target"
[ -f "$dir/$1.jar" ] || fail "no $dir/$1.jar: build it first (make package)"
# shellcheck disable=SC2046 # one option or none
exec "$JAVA" "@$JVM_OPTIONS" $(aot_options "$dir" "$1") -jar "$dir/$1.jar"
