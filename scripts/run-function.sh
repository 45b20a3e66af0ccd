#!/usr/bin/env bash
# Runs one built function in the foreground, as its release would run: scripts/run-function.sh <function>
# Uses functions/<function>/target/<function>.jar with the production JVM flags (infra/jvm.options) and its AOT
# cache (make aot FN=<function>) when that cache matches this JDK, these flags and these jars. The environment
# (PORT, PROFILE, DB_URL, ...) is passed on as it is. Exit codes: the function's own; 2 usage, 5 no JDK 21+.
set -euo pipefail
PROG=run-function.sh
. "$(dirname "$0")/lib/releases.sh"

case "${1:-}" in -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; -*) usage_error "unknown option $1" ;; esac
[ $# -eq 1 ] || usage_error "run-function.sh <function>"
require_function "$1"
find_java
dir="$ROOT/functions/$1/target"
[ -f "$dir/$1.jar" ] || fail "no $dir/$1.jar: build it first (make package)"
# shellcheck disable=SC2046 # one option or none
exec "$JAVA" "@$JVM_OPTIONS" $(aot_options "$dir" "$1") -jar "$dir/$1.jar"
