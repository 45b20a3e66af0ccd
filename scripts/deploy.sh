#!/usr/bin/env bash
# usage: deploy.sh [--target local|knative] [--canary PERCENT | --promote] <function> [version] [--jar PATH] [--no-aot] [--apply]
# Deploys one function without touching the others.
#   deploy.sh <function> [version] [--jar PATH] [--no-aot]       one machine (the releases/ layout)
#   deploy.sh --canary PERCENT <function> <version> [--jar PATH]  start it beside the current release with PERCENT of
#                                                                 the function's traffic (nginx weights)
#   deploy.sh --promote <function>                                the canary becomes the release (100 %)
#   deploy.sh --target knative [--canary P | --promote] <function> [version] [--apply]
#                                                                 the same on Knative (scripts/knative.sh; prints the
#                                                                 change, applies it with --apply)
# One machine: takes the jar given with --jar, or the release already in releases/<function>/<version>, or builds the
# function (mvn -pl functions/<function> -am package, with -Dfunction.version=<version> when one is given); puts it in
# releases/<function>/<version>/ with an AOT cache trained on it (JDK 25; --no-aot skips that); switches
# releases/<function>/current; restarts only that function's process on its own port (infra/local/functions.tsv)
# and waits until it is ready. A release that does not become ready is rolled back at once. Every deploy appends a
# line to releases/DEPLOYS.log and the deploy_log table. DEPLOYED_BY names the operator (default: $USER);
# RELEASES_DIR moves the layout (default: <repo>/releases).
# Exit codes:
#   0  deployed (or, without --apply on Knative, printed)
#   1  failed: the previous release is serving again
#   2  usage: an unknown option, function or percentage
#   5  no JDK 21+ (install one, or set JAVA_HOME)
set -euo pipefail
PROG=deploy.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

target=local canary="" promote=false jar="" aot=true apply=false args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) [ $# -ge 2 ] || usage_error "--target needs local or knative"; target=$2; shift ;;
    --canary) [ $# -ge 2 ] || usage_error "--canary needs a percentage"; canary=$2; shift ;;
    --promote) promote=true ;;
    --jar) [ $# -ge 2 ] || usage_error "--jar needs a path"; jar=$2; shift ;;
    --no-aot) aot=false ;;
    --apply) apply=true ;;
    -*) usage_error "unknown option '$1'" ;;
    *) args+=("$1") ;;
  esac
  shift
done
fn=${args[0]:-}
version=${args[1]:-}
[ ${#args[@]} -le 2 ] || usage_error "too many arguments: ${args[*]}"
require_function "$fn"
if [ -n "$canary" ]; then
  case "$canary" in ''|*[!0-9]*) usage_error "--canary takes a percentage from 1 to 99" ;; esac
  [ "$canary" -ge 1 ] && [ "$canary" -le 99 ] || usage_error "--canary takes a percentage from 1 to 99"
  [ -n "$version" ] || usage_error "--canary needs the version to try"
  $promote && usage_error "--canary and --promote are separate steps"
fi

case "$target" in
  local) ;;
  knative)
    find_java
    knative=("$ROOT/scripts/knative.sh")
    if $promote; then cmd=(promote "$fn")
    elif [ -n "$canary" ]; then cmd=(canary "$fn" "$version" "$canary")
    else [ -n "$version" ] || usage_error "--target knative needs the version (the image tag)"; cmd=(deploy "$fn" "$version")
    fi
    $apply && cmd+=(--apply)
    DEPLOYS_LOG="$RELEASES/DEPLOYS.log" "${knative[@]}" "${cmd[@]}"
    # Only what was applied is a deploy; without --apply the manifest was printed for review.
    if $apply; then log_deploy "$fn" "$(last_logged_version "$fn" knative)" "${version:-promoted}" knative; fi
    exit 0 ;;
  *) usage_error "--target is local or knative, not '$target'" ;;
esac

find_java
mkdir -p "$RELEASES/$fn"

# Puts the given or built jar (with its libs) into releases/<fn>/<version>/, with its AOT cache.
make_release() {
  local src=$1 want=$2 got dir tmp
  [ -f "$src" ] || fail "no jar at $src"
  [ -d "$(dirname "$src")/libs" ] || fail "no libs/ beside $src (a function's jar needs the libraries it was built with)"
  got=$(jar_version "$src" "$fn")
  [ -n "$got" ] || fail "$src is not the $fn function's jar"
  if [ -n "$want" ] && [ "$want" != "$got" ]; then
    fail "$src is $fn $got, not $want (build it with -Dfunction.version=$want)"
  fi
  dir=$(release_dir "$fn" "$got")
  if [ ! -f "$dir/.complete" ]; then
    # Built in place: an AOT cache is only valid for the class path it was trained with.
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$src" "$dir/$fn.jar"
    cp -RL "$(dirname "$src")/libs" "$dir/libs"
    if $aot; then
      "$ROOT/scripts/aot-train.sh" "$dir/$fn.jar" "$dir/$fn.aot" "$fn" >&2 || say "continuing without an AOT cache" >&2
    fi
    touch "$dir/.complete"
  fi
  echo "$got"
}

if $promote; then
  to=$(canary_version "$fn")
  [ -n "$to" ] || fail "$fn has no canary to promote"
elif [ -n "$version" ] && [ -z "$jar" ] && [ -f "$(release_dir "$fn" "$version")/.complete" ]; then
  to=$version
else
  if [ -z "$jar" ]; then
    say "building $fn${version:+ $version}"
    (cd "$ROOT" && JAVA_HOME=$(dirname "$(dirname "$JAVA")") mvn -q -B -ntp -pl "functions/$fn" -am package -DskipTests \
      ${version:+-Dfunction.version=$version}) >&2 || fail "the build of $fn failed"
    jar="$ROOT/functions/$fn/target/$fn.jar"
  fi
  to=$(make_release "$jar" "$version")
fi
from=$(current_version "$fn")

if [ -n "$canary" ]; then
  [ -n "$from" ] || fail "$fn has no current release to run a canary beside: deploy it first"
  [ "$to" != "$from" ] || fail "$fn $to is already the current release"
  stop_slot "$fn" canary
  switch_link "$fn" canary "$to"
  start_slot "$fn" canary "$to"
  wait_ready "$fn" canary || { rm -f "$RELEASES/$fn/canary" "$RELEASES/$fn/canary-weight"; write_nginx_conf; fail "canary $fn $to did not start; nothing changed"; }
  echo "$canary" > "$RELEASES/$fn/canary-weight"
  write_nginx_conf
  log_deploy "$fn" "$from" "$to" "local-canary-$canary"
  say "$fn $to is the canary with $canary % of the traffic (port $(canary_port "$fn")); next: --promote or rollback.sh"
  exit 0
fi

# A plain deploy or a promotion: the function's own port switches to the new release.
switch_link "$fn" current "$to"
stop_slot "$fn" stable
start_slot "$fn" stable "$to"
if ! wait_ready "$fn" stable; then
  if [ -n "$from" ] && [ "$from" != "$to" ]; then
    say "$fn $to did not become ready: back to $from"
    switch_link "$fn" current "$from"
    start_slot "$fn" stable "$from"
    wait_ready "$fn" stable || true
    log_deploy "$fn" "$to" "$from" "local-failed-deploy"
  fi
  fail "deploy of $fn $to failed"
fi
if [ -n "$from" ] && [ "$from" != "$to" ]; then
  echo "$from" > "$RELEASES/$fn/previous"
fi
if $promote || [ -n "$(canary_version "$fn")" ]; then
  stop_slot "$fn" canary
  rm -f "$RELEASES/$fn/canary" "$RELEASES/$fn/canary-weight"
fi
write_nginx_conf
log_deploy "$fn" "$from" "$to" "$($promote && echo local-promote || echo local)"
say "$fn $to serves port $(function_port "$fn") (pid $(running_pid "$fn" stable))${from:+, was $from}"
