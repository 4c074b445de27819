#!/usr/bin/env bash
# Calls without credentials or with bad ones (curl), as they reach a Headscale on the internet: the public routes
# (health, version, robots.txt, the Tailscale key endpoint with several capability versions, the client set-up pages
# and the iOS/macOS configuration profiles, the Swagger page and its document, the embedded DERP's probe, latency
# check and bootstrap DNS, a DERP connection without the upgrade, a peer DERP server's client verification), and the
# REST API without a key, with a wrong key, with a malformed header and with Basic auth (401 from the API middleware).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
c() { curl -s -o /dev/null -w "public %{http_code} %{method} %{url_effective}\n" "$@" | tee -a "$STATE/calls.log"; }
# an uptime monitor and a developer's browser-less look at the public pages
UA="Uptime-Kuma/1.23.13"
c -A "$UA" "$BASE/health"; c -A "$UA" "$BASE/version"; c -A "$UA" "$BASE/health"
UA="curl/7.88.1"
c -A "$UA" "$BASE/robots.txt"
for v in 68 106 113 116; do c -A "Go-http-client/1.1" "$BASE/key?v=$v"; done
c -A "Go-http-client/1.1" "$BASE/key"
for p in /apple /apple/ios /apple/macos-app-store /apple/macos-standalone /apple/tvos /windows; do c -A "$UA" "$BASE$p"; done
c -A "$UA" "$BASE/swagger"
c -A "$UA" -o "$STATE/openapiv2.json" "$BASE/swagger/v1/openapiv2.json"
# the embedded DERP: probes and latency checks as clients' netcheck makes them, bootstrap DNS, a plain GET on /derp
for i in 1 2 3; do c -A "Go-http-client/1.1" "$BASE/derp/probe"; done
c -A "Go-http-client/1.1" -I "$BASE/derp/probe"
c -A "Go-http-client/1.1" "$BASE/derp/latency-check"
c -A "Go-http-client/1.1" "$BASE/bootstrap-dns?q=hs.northwind.io"
c -A "Go-http-client/1.1" "$BASE/bootstrap-dns?q=derp-hq.northwind.io"
c -A "$UA" "$BASE/derp"
# a peer DERP server (verify-clients) asking whether a node key belongs to the tailnet
NK=$(curl -s -H "Authorization: Bearer $(jq -r .admin_key "$STATE/state.json")" "$BASE/api/v1/node" | jq -r '.nodes[0].nodeKey' 2>/dev/null || true)
[ -n "$NK" ] && [ "$NK" != null ] || NK="nodekey:3fb5896dbf8bc59770812c69f1871a8887358e41107521a72aa1d8f6fbcdc727"
c -A "derper/1.86.5" -H 'Content-Type: application/json' -X POST -d "{\"NodePublic\":\"$NK\"}" "$BASE/verify"
c -A "derper/1.86.5" -H 'Content-Type: application/json' -X POST -d '{"NodePublic":"nodekey:00000000000000000000000000000000000000000000000000000000000000aa"}' "$BASE/verify"
c -A "derper/1.86.5" -H 'Content-Type: application/json' -X POST -d '{"NodePublic":"not-a-key"}' "$BASE/verify"
# the REST API without a key, with a wrong one, a malformed header, Basic auth
c -A "$UA" "$BASE/api/v1/user"
c -A "$UA" "$BASE/api/v1/node"
c -A "$UA" "$BASE/api/v1/node/3"
c -A "$UA" "$BASE/api/v1/health"
c -A "$UA" "$BASE/api/v1/policy"
c -A "$UA" -H 'Content-Type: application/json' -X POST -d '{"name":"mallory"}' "$BASE/api/v1/user"
c -A "$UA" -H 'Content-Type: application/json' -X POST -d '{"expiration":"2030-01-01T00:00:00Z"}' "$BASE/api/v1/apikey"
c -A "$UA" -H "Authorization: Bearer hskey-wrong.0123456789abcdefghijklmnopqrstuv" "$BASE/api/v1/node"
c -A "$UA" -H "Authorization: Bearer abc" "$BASE/api/v1/apikey"
c -A "$UA" -H "Authorization: Bearer" "$BASE/api/v1/user"
c -A "$UA" -H "Authorization: Basic YWRtaW46YWRtaW4=" "$BASE/api/v1/user"
c -A "$UA" -H "Authorization: Bearer 3OnDeUr.9fwOZ6cAyH1Npi4uRp7U05sDYu8oN4en" -X DELETE "$BASE/api/v1/node/2"
c -A "python-requests/2.31.0" -H "Authorization: Bearer nXpQ2aa.Zk3fL0wq9rT7bY1uV5cE8dH2jM6sA4gN" "$BASE/api/v1/preauthkey?user=1"
c -A "python-requests/2.31.0" "$BASE/api/v1/preauthkey?user=1"
