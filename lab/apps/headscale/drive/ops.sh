#!/usr/bin/env bash
# The platform team's key rotation with curl (as the docs' API examples: Bearer key, JSON bodies): a new admin key,
# the bootstrap key expired by its prefix (POST /api/v1/apikey/expire) and then refused (401), a short-lived key for
# a contractor made, expired and deleted (DELETE /api/v1/apikey/{prefix}), lists in between; a deploy job's policy
# round trip (GET, PUT the same document back, a broken document refused); the health endpoints.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
UA="curl/7.88.1"
c() { curl -s -A "$UA" -o "$STATE/last.json" -w "ops %{http_code} %{method} %{url_effective}\n" "$@" | tee -a "$STATE/calls.log"; }
OLD=$(jq -r .admin_key "$STATE/state.json")
J='Content-Type: application/json'
c -H "Authorization: Bearer $OLD" "$BASE/api/v1/apikey"
c -H "Authorization: Bearer $OLD" -H "$J" -X POST -d '{"expiration":"2027-03-07T00:00:00Z"}' "$BASE/api/v1/apikey"
NEW=$(jq -r .apiKey "$STATE/last.json")
A="Authorization: Bearer $NEW"
c -H "$A" "$BASE/api/v1/apikey"
c -H "$A" -H "$J" -X POST -d "{\"prefix\":\"${OLD%%.*}\"}" "$BASE/api/v1/apikey/expire"
c -H "Authorization: Bearer $OLD" "$BASE/api/v1/user"          # the old key is expired now: 401
c -H "$A" "$BASE/api/v1/user"
# a contractor's key for one afternoon
c -H "$A" -H "$J" -X POST -d '{"expiration":"2026-12-08T18:00:00Z"}' "$BASE/api/v1/apikey"
TMP=$(jq -r .apiKey "$STATE/last.json")
c -H "Authorization: Bearer $TMP" "$BASE/api/v1/node"
c -H "$A" -H "$J" -X POST -d "{\"prefix\":\"${TMP%%.*}\"}" "$BASE/api/v1/apikey/expire"
c -H "$A" "$BASE/api/v1/apikey"
c -H "$A" -X DELETE "$BASE/api/v1/apikey/${TMP%%.*}"
c -H "$A" -X DELETE "$BASE/api/v1/apikey/${OLD%%.*}"
c -H "$A" -X DELETE "$BASE/api/v1/apikey/nosuchk"
c -H "$A" "$BASE/api/v1/apikey"
# the deploy job's policy round trip
c -H "$A" "$BASE/api/v1/policy"
jq '{policy: .policy}' "$STATE/last.json" > "$STATE/policy.json"
c -H "$A" -H "$J" -X PUT --data-binary @"$STATE/policy.json" "$BASE/api/v1/policy"
c -H "$A" -H "$J" -X PUT -d '{"policy":"{\"acls\": [{\"action\": \"accept\", \"src\": [\"group:nobody\"], \"dst\": [\"*:*\"]}]}"}' "$BASE/api/v1/policy"
c -H "$A" -H "$J" -X PUT -d '{"policy":"{ this is not json"}' "$BASE/api/v1/policy"
c -H "$A" "$BASE/api/v1/policy"
c -H "$A" "$BASE/api/v1/health"
c "$BASE/health"
jq --arg k "$NEW" '.admin_key = $k' "$STATE/state.json" > "$STATE/state.tmp" && mv "$STATE/state.tmp" "$STATE/state.json"
