# The one-machine release layout, sourced by deploy.sh, rollback.sh, stop.sh, status.sh, nginx.sh and aot-train.sh.
#
#   releases/                       RELEASES_DIR (default: <repo>/releases)
#     DEPLOYS.log                   one line per deploy and rollback (UTC time, operator, function, from, to, commit, target)
#     env/common.env, env/<fn>.env  the operator's settings for every function / one function (KEY=value lines)
#     data/                         DATA_DIR of every function (the shared H2 file), unless DB_URL says otherwise
#     nginx/nginx.conf              written from infra/local/nginx.conf.template after every change
#     <fn>/<version>/               <fn>.jar, libs/, and the AOT cache <fn>.aot with its fingerprint <fn>.aot.id
#     <fn>/current -> <version>     what the function's own port serves
#     <fn>/canary -> <version>      during a staged rollout: what the canary port serves
#     <fn>/previous                 the version before current (what rollback.sh returns to)
#     <fn>/run/<slot>.pid           slot = stable (the function's port) or canary (its canary port)
#     <fn>/logs/<slot>.log
#
# Ports: infra/local/functions.tsv (LOCAL_FUNCTIONS_FILE overrides it). Exit codes: 0 done, 1 failed, 2 usage,
# 5 no JDK 21+.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RELEASES="${RELEASES_DIR:-$ROOT/releases}"
FUNCTIONS_TSV="${LOCAL_FUNCTIONS_FILE:-$ROOT/infra/local/functions.tsv}"
JVM_OPTIONS="$ROOT/infra/jvm.options"
PROG=${PROG:-$(basename "$0")}
READY_TIMEOUT_SECONDS=${READY_TIMEOUT_SECONDS:-90}
STOP_TIMEOUT_SECONDS=${STOP_TIMEOUT_SECONDS:-45}

say() { echo "$PROG: $*"; }
fail() { echo "$PROG: $*" >&2; exit 1; }
usage_error() { echo "$PROG: $*" >&2; echo "$PROG: see $PROG --help" >&2; exit 2; }

find_java() {
  local jdk
  if jdk=$("$ROOT/scripts/find-jdk.sh"); then
    JAVA="$jdk/bin/java"
  elif command -v java >/dev/null 2>&1 && JAVA=$(command -v java) && [ "$(java_feature_version)" -ge 21 ] 2>/dev/null; then
    : # a Java 21+ runtime on PATH is enough to run a release (a container's JRE has no javac)
  else
    echo "$PROG: no JDK 21 or newer found. Install one (e.g. 'apt install openjdk-21-jdk', or Temurin 21/25 from" \
      "adoptium.net) or point JAVA_HOME at it." >&2
    exit 5
  fi
}

java_feature_version() {
  "$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

known_functions() { awk '!/^#/ && NF {print $1}' "$FUNCTIONS_TSV"; }
function_port() { awk -v f="$1" '!/^#/ && $1 == f {print $2}' "$FUNCTIONS_TSV"; }
canary_port() { awk -v f="$1" '!/^#/ && $1 == f {print $3}' "$FUNCTIONS_TSV"; }
slot_port() { if [ "$2" = canary ]; then canary_port "$1"; else function_port "$1"; fi; }

require_function() {
  [ -n "$1" ] || usage_error "name a function ($(known_functions | tr '\n' ' '))"
  [ -n "$(function_port "$1")" ] || usage_error "unknown function '$1' (one of: $(known_functions | tr '\n' ' '))"
}

release_dir() { echo "$RELEASES/$1/$2"; }
link_version() { [ -L "$RELEASES/$1/$2" ] && basename "$(readlink "$RELEASES/$1/$2")" || true; }
current_version() { link_version "$1" current; }
canary_version() { link_version "$1" canary; }
previous_version() { cat "$RELEASES/$1/previous" 2>/dev/null || true; }

# Points releases/<fn>/<link> at a version, atomically (a reader never sees it missing).
switch_link() {
  ln -sfn "$3" "$RELEASES/$1/.$2.new"
  mv -Tf "$RELEASES/$1/.$2.new" "$RELEASES/$1/$2"
}

pid_file() { echo "$RELEASES/$1/run/$2.pid"; }

# The pid of a slot's process if it is running, else nothing.
running_pid() {
  local pid
  pid=$(cat "$(pid_file "$1" "$2")" 2>/dev/null) || return 0
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready_status() { # prints the HTTP status of a port's readiness probe (000 when nothing answers)
  curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$1/observe/health/ready" 2>/dev/null || true
}

# The version a jar carries (its META-INF/text2media/<fn>.properties), asked of the jar itself.
jar_version() {
  "$JAVA" -jar "$1" --version 2>/dev/null | awk -v f="$2" '$1 == f {print $2}'
}

# What an AOT cache depends on: the JDK, the JVM flags, the jar and every library beside it (libs/). A cache is used
# only when this still matches.
aot_fingerprint() {
  local jar=$1
  {
    "$JAVA" -version 2>&1
    grep -v '^#' "$JVM_OPTIONS"
    echo "training: classes only, prod profile" # how aot-train.sh trains: a cache trained otherwise is retrained
    (cd "$(dirname "$jar")" && sha256sum "$(basename "$jar")" libs/*.jar)
  } | sha256sum | cut -d' ' -f1
}

# The JVM options for starting a release: the shared flags, plus its AOT cache when it was trained for exactly this
# JDK, these flags and these jars (otherwise a clear message, and the start goes on without the cache).
aot_options() {
  local dir=$1 fn=$2
  [ -f "$dir/$fn.aot" ] || return 0
  if [ "$(cat "$dir/$fn.aot.id" 2>/dev/null)" = "$(aot_fingerprint "$dir/$fn.jar")" ]; then
    echo "-XX:AOTCache=$dir/$fn.aot"
  else
    echo "$PROG: the AOT cache of $fn $(basename "$dir") was trained for another JDK, JVM flags or jars: starting" \
      "without it (retrain: scripts/aot-train.sh $dir/$fn.jar $dir/$fn.aot $fn)" >&2
  fi
}

# Exports a function's settings into the current (sub)shell: the layout's defaults (where the data lives), then the
# operator's env/common.env and env/<fn>.env, which may override them.
export_function_env() {
  export DATA_DIR="$RELEASES/data"
  set -a
  [ -f "$RELEASES/env/common.env" ] && . "$RELEASES/env/common.env"
  [ -f "$RELEASES/env/$1.env" ] && . "$RELEASES/env/$1.env"
  set +a
}

# Starts the tool class of a function's current release with the function's settings (DeployLogCli, for instance).
run_release_tool() {
  local fn=$1 jar
  shift
  jar="$(release_dir "$fn" "$(current_version "$fn")")/$fn.jar"
  [ -f "$jar" ] || return 9
  (export_function_env "$fn"; exec "$JAVA" -XX:TieredStopAtLevel=1 -cp "$jar" "$@")
}

# Starts one slot of a function from a release, detached from this script (it outlives it), logging to its slot log.
start_slot() {
  local fn=$1 slot=$2 version=$3 port dir aot
  port=$(slot_port "$fn" "$slot")
  dir=$(release_dir "$fn" "$version")
  [ -f "$dir/$fn.jar" ] || fail "no release $fn $version in $RELEASES/$fn"
  if port_in_use "$port"; then
    fail "port $port ($fn $slot) is already taken by another process"
  fi
  mkdir -p "$RELEASES/$fn/run" "$RELEASES/$fn/logs" "$RELEASES/data"
  aot=$(aot_options "$dir" "$fn")
  (
    # The layout's defaults, the operator's settings over them, then what only the layout decides (port, host).
    export TRUSTED_PROXY_HEADER=X-Forwarded-For
    if [ "$fn" = image ]; then export AUDIO_FUNCTION_URL="http://127.0.0.1:$(function_port audio)"; fi
    export_function_env "$fn"
    export PORT="$port" HOST=127.0.0.1
    unset FUNCTIONS
    echo "--- $(date -u +%Y-%m-%dT%H:%M:%SZ) starting $fn $version ($slot, port $port)" >> "$RELEASES/$fn/logs/$slot.log"
    # shellcheck disable=SC2086 # $aot is one option or none
    setsid "$JAVA" "@$JVM_OPTIONS" $aot -jar "$dir/$fn.jar" < /dev/null >> "$RELEASES/$fn/logs/$slot.log" 2>&1 &
    echo $! > "$(pid_file "$fn" "$slot")"
  )
}

# Waits until a slot answers ready; fails (and stops it) when it exits or the timeout passes.
wait_ready() {
  local fn=$1 slot=$2 port pid code waited=0
  port=$(slot_port "$fn" "$slot")
  while [ "$waited" -lt $((READY_TIMEOUT_SECONDS * 10)) ]; do
    pid=$(running_pid "$fn" "$slot")
    [ -n "$pid" ] || { tail -n 20 "$RELEASES/$fn/logs/$slot.log" >&2; echo "$PROG: $fn ($slot) exited during start" >&2; return 1; }
    code=$(ready_status "$port")
    case "$code" in 200|204) return 0 ;; esac
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "$PROG: $fn ($slot) was not ready within ${READY_TIMEOUT_SECONDS}s" >&2
  stop_slot "$fn" "$slot"
  return 1
}

# SIGTERM (the function drains its requests and flushes its logs), then SIGKILL if it does not stop in time.
stop_slot() {
  local fn=$1 slot=$2 pid waited=0
  pid=$(running_pid "$fn" "$slot")
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((STOP_TIMEOUT_SECONDS * 10)) ]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$PROG: $fn ($slot, pid $pid) did not stop within ${STOP_TIMEOUT_SECONDS}s: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$(pid_file "$fn" "$slot")"
}

# The weight (percent) of a function's canary in nginx: 0 without a canary.
canary_weight() { cat "$RELEASES/$1/canary-weight" 2>/dev/null || echo 0; }

# Writes releases/nginx/nginx.conf for the current layout and reloads nginx when it runs.
write_nginx_conf() {
  local out="$RELEASES/nginx" upstreams locations fn w
  mkdir -p "$out/logs" "$out/tmp"
  upstreams=$(
    for fn in $(known_functions); do
      w=$(canary_weight "$fn")
      echo "    upstream t2m_$fn {"
      if [ "$w" -gt 0 ] && [ -n "$(canary_version "$fn")" ]; then
        echo "        server 127.0.0.1:$(function_port "$fn") weight=$((100 - w));"
        echo "        server 127.0.0.1:$(canary_port "$fn") weight=$w;"
      else
        echo "        server 127.0.0.1:$(function_port "$fn");"
      fi
      echo "        keepalive 16;"
      echo "    }"
    done
  )
  locations=$(awk -F'\t' '!/^#/ && NF == 2 {
      printf "        location %s {\n            proxy_pass http://t2m_%s;\n        }\n", $1, $2 }' "$ROOT/infra/routes.tsv")
  awk -v upstreams="$upstreams" -v locations="$locations" -v port="${PUBLIC_PORT:-8080}" '
      /^#@UPSTREAMS@$/ { print upstreams; next }
      /^#@LOCATIONS@$/ { print locations; next }
      { gsub(/@PUBLIC_PORT@/, port); print }' "$ROOT/infra/local/nginx.conf.template" > "$out/nginx.conf.new"
  mv -f "$out/nginx.conf.new" "$out/nginx.conf"
  if [ -f "$out/nginx.pid" ] && kill -0 "$(cat "$out/nginx.pid")" 2>/dev/null && command -v nginx >/dev/null 2>&1; then
    nginx -p "$out" -c nginx.conf -s reload
  fi
}

# The to-version of a function's last logged deploy or rollback on a target (local*, knative*).
last_logged_version() {
  awk -F'\t' -v f="$1" -v t="$2" '$3 == f && index($7, t) == 1 {v = $5} END {print v}' "$RELEASES/DEPLOYS.log" 2>/dev/null || true
}

# One line in releases/DEPLOYS.log (and in the deploy_log table when the functions use a database).
log_deploy() {
  local fn=$1 from=$2 to=$3 target=$4 line commit operator
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo -)
  operator=${DEPLOYED_BY:-${USER:-$(id -un 2>/dev/null || echo unknown)}}
  mkdir -p "$RELEASES"
  line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$operator" "$fn" "${from:--}" "${to:--}" "$commit" "$target")
  echo "$line" >> "$RELEASES/DEPLOYS.log"
  record_deploy_in_database "$fn" "$line"
}

# The database copy of a deploy log line, written with the deployed release's own jar (it knows the schema).
record_deploy_in_database() {
  local code=0
  run_release_tool "$1" io.text2media.shared.store.DeployLogCli append "$2" >/dev/null 2>&1 || code=$?
  case "$code" in
    0|9) ;; # recorded, or no local release of this function to write it with (a Knative-only deploy)
    *) echo "$PROG: warning: the deploy was not recorded in the database's deploy_log (see $RELEASES/DEPLOYS.log)" >&2 ;;
  esac
}
