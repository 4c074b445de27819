#!/usr/bin/env bash
# Mistakes real users make, with curl as deploy_bot: typos in names (404), malformed or invalid bodies (400/422),
# a change with no version or transaction, a stale version (409), a missing required query parameter, wrong methods,
# a commit of a transaction that does not exist.
set -uo pipefail
. "$(dirname "$0")/env.sh"
A=(-u "$DEPLOY_USER:$DEPLOY_PASS" -A "curl/7.88.1")
J=(-H "Content-Type: application/json")
CFG=$BASE/v1/services/haproxy/configuration
c() { local m=$1 u=$2; shift 2
  local code; code=$(curl -s -o "$STATE/last.json" -w '%{http_code}' -X "$m" "${A[@]}" "$@" "$u")
  echo "mistake $code $m ${u#$BASE}" >> "$STATE/calls.log"; }
V=$(curl -s "${A[@]}" "$CFG/backends" | python3 -c 'import json,sys; print(json.load(sys.stdin)["_version"])')
echo "mistake 200 GET /v1/services/haproxy/configuration/backends" >> "$STATE/calls.log"
c GET "$CFG/backends/chekout-api"                              # typo
c GET "$CFG/backends/checkout_api"                             # wrong separator
c GET "$CFG/backends/searchindex"                              # wrong case
c GET "$CFG/servers/checkout-01?backend=checkout-api"          # no such server
c GET "$CFG/servers/checkout-1?backend=chekout-api"            # typo in the parent
c GET "$CFG/servers/checkout-1"                                # required ?backend= missing
c GET "$CFG/servers"                                           # required ?backend= missing
c GET "$CFG/frontends/api_gateway"
c GET "$CFG/binds/api_http?frontend=api_gateway"
c GET "$CFG/acls/9?parent_type=frontend&parent_name=api-gateway"
c GET "$CFG/acls?parent_type=frontnd&parent_name=api-gateway"  # invalid enum
c GET "$CFG/http_request_rules/12?parent_type=frontend&parent_name=api-gateway"
c GET "$CFG/http_request_rules/first?parent_type=frontend&parent_name=api-gateway"   # id is an integer
c GET "$BASE/v1/services/haproxy/sites/blogsite"
c GET "$BASE/v1/services/haproxy/reloads/2019-01-01-1"
c GET "$BASE/v1/services/haproxy/transactions/5f0c1b7e-0000-4000-8000-000000000000"
c PUT "$BASE/v1/services/haproxy/transactions/5f0c1b7e-0000-4000-8000-000000000000"
c DELETE "$BASE/v1/services/haproxy/transactions/not-a-transaction"
c POST "$BASE/v1/services/haproxy/transactions"                # version is required
c POST "$CFG/backends" "${J[@]}" -d '{"name":"orders-svc","mode":"http"}'     # neither version nor transaction
c POST "$CFG/backends?version=$V" "${J[@]}" -d '{"name":"orders-svc","mode":"http",}'   # malformed JSON
c POST "$CFG/backends?version=$V" "${J[@]}" -d '{"name":"orders svc","mode":"http"}'   # invalid name
c POST "$CFG/backends?version=$V" "${J[@]}" -d '{"name":"orders-svc","mode":"https"}'  # invalid enum
c POST "$CFG/backends?version=$V" "${J[@]}" -d '{"mode":"http"}'                       # name missing
c POST "$CFG/backends?version=$V" -H "Content-Type: text/plain" -d 'name=orders-svc'   # wrong type
c POST "$CFG/backends?version=$V" "${J[@]}" -d '{"name":"checkout-api","mode":"http"}' # exists: 409
c POST "$CFG/backends?version=1" "${J[@]}" -d '{"name":"orders-svc","mode":"http"}'    # stale version: 409
c POST "$CFG/servers?backend=checkout-api&version=$V" "${J[@]}" -d '{"name":"checkout-9","address":"127.0.0.1","port":"18669"}'  # port as a string
c POST "$CFG/servers?backend=checkout-api&version=$V" "${J[@]}" -d '{"name":"checkout-9","address":"127.0.0.1","port":99999}'   # port out of range
c PUT "$CFG/servers/checkout-404?backend=checkout-api&version=$V" "${J[@]}" -d '{"name":"checkout-404","address":"127.0.0.1","port":18669}'
c DELETE "$CFG/backends/chekout-api?version=$V"
c DELETE "$CFG/frontends/www-main?version=$V"
c POST "$CFG/acls?parent_type=frontend&parent_name=api-gateway&version=$V" "${J[@]}" -d '{"acl_name":"is_blog","criterion":"path_beg"}'  # id and value missing
c POST "$CFG/http_request_rules?parent_type=frontend&parent_name=api-gateway&version=$V" "${J[@]}" -d '{"id":0,"type":"drop"}'     # no such action
c PUT "$CFG/defaults?version=$V" "${J[@]}" -d '{"mode":"http","retries":"three"}'
c PATCH "$CFG/backends/checkout-api?version=$V" "${J[@]}" -d '{"balance":{"algorithm":"roundrobin"}}'   # no PATCH: 405
c DELETE "$CFG/backends?version=$V"                                                                      # 405
c POST "$BASE/v1/services/haproxy/info"                                                                  # 405
c PUT "$BASE/v1/services/haproxy/reloads"                                                                # 405
c GET "$BASE/v1/services/haproxy/stats/native?type=listener"                                             # invalid enum
c GET "$BASE/v1/services/haproxy/stats/native?type=server&parent=chekout-api"
c GET "$CFG/backend/checkout-api"          # singular: no route
c GET "$BASE/v1/services/haproxy/configuration/maps"          # no maps in API 1.2
c GET "$BASE/v2/services/haproxy/configuration/backends"      # a v2 client against v1
c GET "$BASE/v2/services/haproxy/runtime/servers?backend=checkout-api"
c GET "$BASE/services/haproxy/configuration/backends"         # base path forgotten
