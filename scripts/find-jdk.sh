#!/usr/bin/env bash
# usage: find-jdk.sh
# Prints the home of a JDK 21 or newer (used by the Makefile and the other scripts).
# Order: $JAVA_HOME when it is new enough, then the newest JDK in the system's JVM folders, then `java` on PATH.
# Exit codes:
#   0  found; the home is on stdout
#   1  none found (nothing on stdout)
#   2  usage: it takes no arguments but --help
set -u
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
if [ "$#" -gt 0 ]; then
  echo "find-jdk: unknown option '$1'" >&2
  exit 2
fi
MIN=21

feature_version() { # $1 = JDK home; prints the feature version (17, 21, 25, ...) or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | sed 's/^1\.//' | cut -d. -f1
}

pick() { # $1 = JDK home
  local v
  v=$(feature_version "$1")
  [ -n "$v" ] && [ "$v" -ge "$MIN" ] 2>/dev/null
}

if [ -n "${JAVA_HOME:-}" ] && pick "$JAVA_HOME"; then
  echo "$JAVA_HOME"; exit 0
fi

best=""; best_v=0
for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -d "$dir" ] || continue
  [ -L "$dir" ] && continue
  v=$(feature_version "$dir")
  if [ -n "$v" ] && [ "$v" -ge "$MIN" ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then
    best="$dir"; best_v="$v"
  fi
done
if [ -n "$best" ]; then
  echo "$best"; exit 0
fi

if command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  if pick "$home"; then echo "$home"; exit 0; fi
fi
exit 1
