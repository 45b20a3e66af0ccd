#!/usr/bin/env bash
# usage: nginx.sh config|start|reload|stop
# The one origin in front of the one-machine layout: nginx routing infra/routes.tsv to each function's port.
#   config    write releases/nginx/nginx.conf and print it
#   start     write it and start nginx (PUBLIC_PORT, default 8080)
#   reload    write it and reload a running nginx (deploy.sh and rollback.sh do this themselves)
#   stop
# Needs nginx for start, reload and stop (Debian: apt install nginx).
# Exit codes:
#   0  done
#   1  failed (nginx missing or refused the configuration)
#   2  usage: an unknown command or option
set -euo pipefail
PROG=nginx.sh
source "$(dirname "$0")/lib/help.sh"
answer_help "$0" "$@"
. "$(dirname "$0")/lib/releases.sh"

conf="$RELEASES/nginx"
need_nginx() { command -v nginx >/dev/null 2>&1 || fail "nginx is not installed (Debian: apt install nginx)"; }
case "${1:-}" in
  config) write_nginx_conf; cat "$conf/nginx.conf" ;;
  start) need_nginx; write_nginx_conf; nginx -p "$conf" -c nginx.conf; say "nginx serves :${PUBLIC_PORT:-8080}" ;;
  reload) need_nginx; write_nginx_conf; nginx -p "$conf" -c nginx.conf -s reload ;;
  stop) need_nginx; nginx -p "$conf" -c nginx.conf -s quit ;;
  -*) usage_error "unknown option '$1'" ;;
  *) usage_error "config, start, reload or stop" ;;
esac
