#!/usr/bin/env bash
# The admin's bootstrap of a fresh Headscale, as the docs' "Remote CLI / API" pages show it: the first API key is made
# with the headscale CLI on the server (local gRPC over the unix socket, not on the recorded listener), then curl
# checks the server (health, version, the Tailscale key endpoint), checks the key (GET /api/v1/health, the key list)
# and makes the dashboard's own read key. Keys go to state.json for the other clients.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
UA="curl/7.88.1"
c() { curl -s -A "$UA" -o "$STATE/last.json" -w "bootstrap %{http_code} %{method} %{url_effective}\n" "$@" | tee -a "$STATE/calls.log"; }
ADMIN=$("$L/bin/headscale" -c "$RUN/config.yaml" apikeys create --expiration 90d 2>/dev/null | tail -1)
A="Authorization: Bearer $ADMIN"
c "$BASE/health"
c "$BASE/version"
c "$BASE/key?v=116"
c -H "$A" "$BASE/api/v1/health"
c -H "$A" "$BASE/api/v1/apikey"
c -H "$A" -H 'Content-Type: application/json' -X POST -d '{"expiration":"2027-06-30T00:00:00Z"}' "$BASE/api/v1/apikey"
DASH=$(jq -r .apiKey "$STATE/last.json")
c -H "$A" "$BASE/api/v1/apikey"
c -H "$A" "$BASE/api/v1/user"
c -H "$A" "$BASE/api/v1/node"
jq -n --arg a "$ADMIN" --arg d "$DASH" '{admin_key: $a, bootstrap_key: $a, dashboard_key: $d}' > "$STATE/state.json"
