#!/usr/bin/env bash
# Runs one of the project's Java command-line tools from the bundle jar: run-tool.sh <main-class> [args...].
# Finds a JDK 21+ like the Makefile, builds the bundle first if it is missing, and defaults DATA_DIR to the
# repository's ./data, the one `make run` uses.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JDK=$("$ROOT/scripts/find-jdk.sh") || { echo "$(basename "$0"): no JDK 21 or newer found (install one, or set JAVA_HOME)" >&2; exit 2; }
JAR="$ROOT/functions/bundle/target/bundle.jar"
if [ ! -f "$JAR" ]; then
  echo "$(basename "$0"): building the bundle first (make package)..." >&2
  make -s -C "$ROOT" package >&2
fi
export DATA_DIR="${DATA_DIR:-$ROOT/data}"
MAIN="$1"
shift
exec "$JDK/bin/java" -XX:TieredStopAtLevel=1 -cp "$JAR" "$MAIN" "$@"
