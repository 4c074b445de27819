#!/usr/bin/env bash
# An operator (admin) with curl, as the Data Plane API docs show: discovery, process info, global/defaults,
# the raw configuration, and the simplified Sites API. Usage: ops.sh bootstrap|sites|raw|defaults
set -uo pipefail
. "$(dirname "$0")/env.sh"
A=(-u "$ADMIN_USER:$ADMIN_PASS" -A "curl/7.88.1")
J=(-H "Content-Type: application/json")
CFG=$BASE/v1/services/haproxy/configuration
c() { # c METHOD URL [curl args...]: one call, logged
  local m=$1 u=$2; shift 2
  local code; code=$(curl -s -o "$STATE/last.json" -w '%{http_code}' -X "$m" "${A[@]}" "$@" "$u")
  echo "ops $code $m ${u#$BASE}" >> "$STATE/calls.log"
}
ver() { curl -s "${A[@]}" "$CFG/frontends" | python3 -c 'import json,sys; print(json.load(sys.stdin)["_version"])'; echo "ops 200 GET /v1/services/haproxy/configuration/frontends" >> "$STATE/calls.log"; }

case "$1" in
bootstrap)
  c GET "$BASE/v1"; c GET "$BASE/v1/services"; c GET "$BASE/v1/services/haproxy"; c GET "$BASE/v1/services/haproxy/configuration"
  c GET "$BASE/v1/services/haproxy/stats"
  c GET "$BASE/v1/info"; c GET "$BASE/v1/services/haproxy/info"
  c GET "$CFG/global"; c GET "$CFG/defaults"; c GET "$CFG/frontends"; c GET "$CFG/backends"
  c GET "$CFG/servers?backend=legacy_web"; c GET "$CFG/binds?frontend=www_main"; c GET "$CFG/binds/http_in?frontend=www_main"
  c GET "$CFG/raw"
  c GET "$BASE/v1/services/haproxy/transactions"; c GET "$BASE/v1/services/haproxy/reloads"
  ;;
defaults)
  c GET "$CFG/defaults"
  V=$(ver)
  c PUT "$CFG/defaults?version=$V" "${J[@]}" -d '{"mode":"http","connect_timeout":5000,"client_timeout":30000,"server_timeout":30000,"http_request_timeout":10000,"http_keep_alive_timeout":2000,"queue_timeout":15000,"retries":3,"dontlognull":"enabled","httplog":true,"maxconn":3000}'
  c GET "$CFG/defaults"
  c GET "$CFG/global"
  V=$(ver)
  c PUT "$CFG/global?version=$V" "${J[@]}" -d '{"master-worker":true,"daemon":"disabled","nbthread":2,"maxconn":4000,"pidfile":"'"$RUN"'/haproxy.pid","stats_timeout":30000,"runtime_apis":[{"address":"'"$RUN"'/haproxy.sock","level":"admin","mode":"600"}]}'
  c GET "$CFG/global"
  ;;
raw)
  # config-management job: fetch the whole file, append a maintenance backend, push it back as text/plain
  c GET "$CFG/raw"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"], end="")' "$STATE/last.json" > "$STATE/raw.cfg"
  V=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_version"])' "$STATE/last.json")
  printf '\nbackend maintenance_page\n  mode http\n  balance roundrobin\n  server maint-1 127.0.0.1:18664 weight 1\n' >> "$STATE/raw.cfg"
  c POST "$CFG/raw?version=$V" -H "Content-Type: text/plain" --data-binary @"$STATE/raw.cfg"
  sleep 1.5
  c GET "$CFG/backends/maintenance_page"
  c GET "$CFG/raw"
  c GET "$CFG/raw?version=$V"
  ;;
sites)
  V=$(ver)
  c POST "$BASE/v1/services/haproxy/sites?version=$V" "${J[@]}" -d '{"name":"blog_site","service":{"mode":"http","maxconn":500,"http_connection_mode":"http-keep-alive","listeners":[{"name":"blog-http","address":"127.0.0.1","port":18645}]},"farms":[{"name":"blog-wordpress","use_as":"default","mode":"http","balance":{"algorithm":"roundrobin"},"servers":[{"name":"wp1","address":"127.0.0.1","port":18661,"weight":50},{"name":"wp2","address":"127.0.0.1","port":18662,"weight":50}]}]}'
  V=$(ver)
  c POST "$BASE/v1/services/haproxy/sites?version=$V" "${J[@]}" -d '{"name":"docsPortal","service":{"mode":"http","listeners":[{"name":"docs_http","address":"127.0.0.1","port":18646}]},"farms":[{"name":"docs.backend","use_as":"default","mode":"http","servers":[{"name":"docs-01","address":"127.0.0.1","port":18661}]}]}'
  c GET "$BASE/v1/services/haproxy/sites"
  c GET "$BASE/v1/services/haproxy/sites/blog_site"
  c GET "$BASE/v1/services/haproxy/sites/docsPortal"
  V=$(ver)
  c PUT "$BASE/v1/services/haproxy/sites/blog_site?version=$V" "${J[@]}" -d '{"name":"blog_site","service":{"mode":"http","maxconn":800,"http_connection_mode":"http-keep-alive","listeners":[{"name":"blog-http","address":"127.0.0.1","port":18645}]},"farms":[{"name":"blog-wordpress","use_as":"default","mode":"http","balance":{"algorithm":"leastconn"},"servers":[{"name":"wp1","address":"127.0.0.1","port":18661,"weight":50},{"name":"wp2","address":"127.0.0.1","port":18662,"weight":50},{"name":"wp3","address":"127.0.0.1","port":18663,"weight":20}]}]}'
  c GET "$BASE/v1/services/haproxy/sites/blog_site"
  c GET "$BASE/v1/services/haproxy/sites/blog-site"          # typo: 404
  ;;
sites-cleanup)
  V=$(ver)
  c DELETE "$BASE/v1/services/haproxy/sites/docsPortal?version=$V"
  c GET "$BASE/v1/services/haproxy/sites"
  ;;
esac
