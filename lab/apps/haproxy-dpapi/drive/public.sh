#!/usr/bin/env bash
# Calls without or with bad credentials: the API answers 401 to every /v1 operation without Basic auth, while the
# document (/swagger.json) and the Redoc page (/v1/docs) are served to anyone (before the API's auth).
set -uo pipefail
. "$(dirname "$0")/env.sh"
CFG=$BASE/v1/services/haproxy/configuration
c() { local who=$1 m=$2 u=$3; shift 3
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -X "$m" "$@" "$u")
  echo "$who $code $m ${u#$BASE}" >> "$STATE/calls.log"; }
UA=(-A "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36")
# a developer opens the docs in a browser, and a code generator fetches the document
c browser GET "$BASE/v1/docs" "${UA[@]}"
c browser GET "$BASE/v1/docs" "${UA[@]}"
c codegen GET "$BASE/swagger.json" -A "openapi-generator-cli/7.5.0"
c monitor HEAD "$BASE/swagger.json" -I -A "Blackbox-Exporter/0.25.0"
c monitor HEAD "$BASE/swagger.json" -I -A "Blackbox-Exporter/0.25.0"
c monitor GET "$BASE/v1/docs" -A "Blackbox-Exporter/0.25.0"
# no credentials
for p in /v1 /v1/info /v1/specification /v1/services/haproxy/info /v1/services/haproxy/configuration/backends \
         /v1/services/haproxy/configuration/backends/checkout-api "/v1/services/haproxy/configuration/servers?backend=payments-v2" \
         /v1/services/haproxy/stats/native /v1/services/haproxy/transactions /v1/services/haproxy/configuration/raw \
         /v1/services/haproxy/reloads /v1/services/haproxy/sites; do
  c anon GET "$BASE$p" -A "curl/7.88.1"
done
c anon POST "$CFG/backends?version=2" -A "curl/7.88.1" -H "Content-Type: application/json" -d '{"name":"evil","mode":"http"}'
c anon DELETE "$CFG/backends/checkout-api?version=2" -A "curl/7.88.1"
c anon POST "$BASE/v1/services/haproxy/transactions?version=2" -A "curl/7.88.1"
# wrong passwords, unknown users, other schemes
c badpass GET "$CFG/backends" -u "admin:admin" -A "curl/7.88.1"
c badpass GET "$CFG/backends" -u "admin:Hx-adm1n-2023" -A "curl/7.88.1"
c badpass GET "$BASE/v1/services/haproxy/info" -u "deploy_bot:deploy" -A "curl/7.88.1"
c badpass GET "$BASE/v1/services/haproxy/info" -u "haproxy:haproxy" -A "curl/7.88.1"
c badpass GET "$BASE/v1/services/haproxy/stats/native" -u "grafana:" -A "Grafana/10.4.2"
c badpass PUT "$BASE/v1/services/haproxy/transactions/abc" -u "dataplaneapi:mypassword" -A "curl/7.88.1"
c badpass GET "$CFG/frontends" -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.x" -A "curl/7.88.1"
c badpass GET "$CFG/frontends" -H "Authorization: Basic Og==" -A "curl/7.88.1"
# with credentials, the specification operation (the same document, re-marshalled)
c admin GET "$BASE/v1/specification" -u "$ADMIN_USER:$ADMIN_PASS" -A "curl/7.88.1"
