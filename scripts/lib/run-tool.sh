#!/usr/bin/env bash
# Runs one of the project's Java command-line tools from the bundle jar:
#   run-tool.sh <calling script's name> <main-class> [args...]
# Finds a JDK 21+ like the Makefile, builds the bundle first if it is missing, and defaults DATA_DIR to the
# repository's ./data, the one `make run` uses. Its own exit codes (the tool's are passed through):
#   4  the bundle was missing and building it failed
#   5  nothing to run it with: no JDK 21+, or no make/mvn to build the missing bundle
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NAME="$1"
MAIN="$2"
shift 2
if ! JDK=$("$ROOT/scripts/find-jdk.sh"); then
  echo "$NAME: no JDK 21 or newer found. Install one (e.g. 'apt install openjdk-21-jdk', or Temurin 21/25 from" \
       "adoptium.net) or point JAVA_HOME at it." >&2
  exit 5
fi
JAR="$ROOT/functions/bundle/target/bundle.jar"
if [ ! -f "$JAR" ]; then
  for tool in make mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$NAME: $JAR is missing and building it needs '$tool' (install make and Maven 3.9+, or copy a built" \
           "functions/bundle/target here)." >&2
      exit 5
    fi
  done
  echo "$NAME: building the bundle first (make package)..." >&2
  if ! make -s -C "$ROOT" package >&2; then
    echo "$NAME: building the bundle failed (see above)" >&2
    exit 4
  fi
fi
export DATA_DIR="${DATA_DIR:-$ROOT/data}"
exec "$JDK/bin/java" -XX:TieredStopAtLevel=1 -cp "$JAR" "$MAIN" "$@"
