#!/usr/bin/env bash
# curl as operators, load balancers, Prometheus and scanners use Centrifugo (curl 7.88, keep-alive inside one curl
# process). PHASE: first | last.
#   - kubelet / ALB probes: GET /health on the internal port, GET /connection/init on the client port (the docs'
#     "public endpoint for ALB health checks"); Prometheus scraping /metrics
#   - the Swagger UI's page, its initializer, css, icons and the document it loads (/swagger/swagger.json); the big
#     swagger-ui bundles are left out (size budget of the capture)
#   - pprof reads under /debug/pprof/ (debug.enabled)
#   - uni-directional HTTP streaming and SSE as the docs show them with curl (a connect request with a token; cut
#     after a few seconds), a WebSocket endpoint hit without an upgrade (400), connect attempts without a token
#   - the admin endpoints without a login (init is public; /admin/admin/api answers 401)
#   - scanner probes on both ports (paths no route serves)
set -uo pipefail
: "${EXT:=http://127.0.0.1:18800}" "${INT:=http://127.0.0.1:18801}" "${PHASE:=first}" "${TOKENS_FILE:?}"
tok() { grep "^$1=" "$TOKENS_FILE" | cut -d= -f2-; }
# one curl process per group of URLs (keep-alive), every body discarded, one status line per URL
C() {
  local opts=() urls=()
  for a in "$@"; do case "$a" in http://*) urls+=(-o /dev/null "$a");; *) opts+=("$a");; esac; done
  curl -s -w '%{http_code} %{method} %{url_effective}\n' "${opts[@]}" "${urls[@]}"
}
KUBE=(-A kube-probe/1.31)
PROM=(-A Prometheus/3.5.0 -H 'Accept: application/openmetrics-text;version=1.0.0;escaping=underscores,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')

probes() {
  C "${KUBE[@]}" "$INT/health" "$INT/health" "$INT/health"
  C "${KUBE[@]}" -I "$INT/health"
  C -A ELB-HealthChecker/2.0 "$EXT/connection/init" "$EXT/connection/init"
  C -A ELB-HealthChecker/2.0 -X POST "$EXT/connection/init"
}

if [ "$PHASE" = first ]; then
  probes
  C "${PROM[@]}" "$INT/metrics"
  echo "-- the server API with curl, as the docs' quick start shows it"
  K=$(jq -r .http_api.key "$(dirname "$0")/config.json")
  api() { curl -s -o /dev/null -w "%{http_code} POST %{url_effective}\n" -A curl/7.88.1 "$@"; }
  api -H "X-API-Key: $K" --request POST --data '{"channel": "news", "data": {"title": "hello from curl"}}' "$INT/api/publish"
  api -H "X-API-Key: $K" --data '{"channel": "chat:room-lobby", "data": {"from": "curl", "text": "ping"}}' "$INT/api/publish"
  api -H "Authorization: apikey $K" --data '{"channels": ["news", "news:tech"], "data": {"title": "docs example"}}' "$INT/api/broadcast"
  api -H "X-API-Key: $K" --data '{"channel": "chat:room-lobby"}' "$INT/api/presence"
  api -H "X-API-Key: $K" --data '{"channel": "chat:room-lobby"}' "$INT/api/presence_stats"
  api -H "X-API-Key: $K" --data '{"channel": "news", "limit": 5}' "$INT/api/history"
  api -H "Authorization: apikey $K" --data '{}' "$INT/api/channels"
  api -H "X-API-Key: $K" --data '{"user": "curl-tester"}' "$INT/api/disconnect"
  api -H "X-API-Key: $K" --data '{"method": "publish", "params": {"channel": "news", "data": {"title": "legacy format"}}}' "$INT/api"
  api --data '{"channel": "news", "data": {"title": "no key"}}' "$INT/api/publish"
  api --data '{}' "$INT/api/channels"
  api -H "X-API-Key: " --data '{}' "$INT/api/info"
  api -H "Authorization: Bearer $K" --data '{"channel": "news"}' "$INT/api/history"
  echo "-- swagger UI (page and document)"
  C -A 'Mozilla/5.0 (X11; Linux x86_64) curl-docs-check' "$INT/swagger/" "$INT/swagger/swagger-initializer.js" \
     "$INT/swagger/index.css" "$INT/swagger/favicon-32x32.png" "$INT/swagger/favicon-16x16.png" \
     "$INT/swagger/swagger.json" "$INT/swagger/oauth2-redirect.html" "$INT/swagger/api.swagger.yaml"
  echo "-- pprof"
  C "$INT/debug/pprof/" "$INT/debug/pprof/cmdline" "$INT/debug/pprof/goroutine?debug=1" \
     "$INT/debug/pprof/symbol" "$INT/debug/pprof/threadcreate?debug=1"
  echo "-- uni-directional transports with curl"
  curl -s -N --max-time 3 -A curl/7.88.1 -X POST "$EXT/connection/uni_http_stream" \
     -d "{\"token\":\"$(tok jonas.weber)\",\"subs\":{\"news:sports\":{}}}" -o /dev/null -w '%{http_code} uni_http_stream\n'
  curl -s -N --max-time 3 -A curl/7.88.1 -G "$EXT/connection/uni_sse" \
     --data-urlencode "cf_connect={\"token\":\"$(tok priya-k)\"}" -o /dev/null -w '%{http_code} uni_sse\n'
  curl -s -N --max-time 3 -A curl/7.88.1 -X POST "$EXT/connection/uni_sse" \
     -d "{\"token\":\"$(tok 42017)\"}" -o /dev/null -w '%{http_code} uni_sse POST\n'
  # without a token: the server refuses the connect inside the stream (3500 "invalid token" / 3501)
  curl -s -N --max-time 2 -A curl/7.88.1 -X POST "$EXT/connection/uni_http_stream" -d '{}' -o /dev/null -w '%{http_code} uni_http_stream no token\n'
  curl -s -N --max-time 2 -A curl/7.88.1 "$EXT/connection/uni_sse" -o /dev/null -w '%{http_code} uni_sse no token\n'
  C -A curl/7.88.1 "$EXT/connection/websocket" "$EXT/connection/uni_websocket"
  C -A curl/7.88.1 -X POST "$EXT/emulation" -d '{}'
  C -A curl/7.88.1 -X POST "$EXT/connection/http_stream" -d ''
  C -A curl/7.88.1 "$EXT/connection/sse"
  echo "-- admin endpoints without a login"
  C -A curl/7.88.1 "$INT/admin/admin/init"
  C -A curl/7.88.1 -X POST "$INT/admin/admin/api" -H 'Content-Type: application/json' -d '{"method":"info","params":{}}'
  C -A curl/7.88.1 -X POST "$INT/admin/admin/api" -H 'Authorization: token not-a-valid-admin-token' -d '{"method":"channels","params":{}}'
  C -A curl/7.88.1 -X POST "$INT/admin/admin/auth" -d 'password=admin'
  C -A curl/7.88.1 "$INT/admin/admin/auth"
  C -A curl/7.88.1 "$INT/admin/assets/no-such-chunk.js"
else
  probes
  for i in 1 2; do C "${PROM[@]}" "$INT/metrics"; sleep 1; done
  C "${KUBE[@]}" "$INT/health"
  echo "-- scanner probes"
  UA=(-A 'Mozilla/5.0 zgrab/0.x')
  for base in "$EXT" "$INT"; do
    C "${UA[@]}" "$base/.env" "$base/wp-login.php" "$base/.git/config"
  done
  C "${UA[@]}" "$EXT/admin.php" "$EXT/server-status" "$EXT/actuator/health" "$EXT/connection/sockjs/info" \
     "$EXT/centrifugo/connection/websocket" "$EXT/connection/long_polling"
  C "${UA[@]}" "$INT/phpmyadmin/" "$INT/config.json" "$INT/api/v1/publish" "$INT/v2/api-docs" "$INT/swagger.json"
  C "${UA[@]}" -X POST "$INT/xmlrpc.php" -d '<methodCall/>'
  C "${UA[@]}" -X POST "$EXT/api/v2/publish" -d '{"channel":"news"}'
fi
