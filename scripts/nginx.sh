#!/usr/bin/env bash
# The one origin in front of the one-machine layout: nginx routing infra/routes.tsv to each function's port.
#   scripts/nginx.sh config    write releases/nginx/nginx.conf and print it
#   scripts/nginx.sh start     write it and start nginx (PUBLIC_PORT, default 8080)
#   scripts/nginx.sh reload    write it and reload a running nginx (deploy.sh and rollback.sh do this themselves)
#   scripts/nginx.sh stop
# Needs nginx (Debian: apt install nginx). Exit codes: 0 done, 1 failed, 2 usage.
set -euo pipefail
PROG=nginx.sh
. "$(dirname "$0")/lib/releases.sh"

conf="$RELEASES/nginx"
need_nginx() { command -v nginx >/dev/null 2>&1 || fail "nginx is not installed (Debian: apt install nginx)"; }
case "${1:-}" in
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  config) write_nginx_conf; cat "$conf/nginx.conf" ;;
  start) need_nginx; write_nginx_conf; nginx -p "$conf" -c nginx.conf; say "nginx serves :${PUBLIC_PORT:-8080}" ;;
  reload) need_nginx; write_nginx_conf; nginx -p "$conf" -c nginx.conf -s reload ;;
  stop) need_nginx; nginx -p "$conf" -c nginx.conf -s quit ;;
  *) usage_error "config, start, reload or stop" ;;
esac
