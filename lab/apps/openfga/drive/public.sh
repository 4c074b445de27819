#!/usr/bin/env bash
# Calls without credentials or with bad ones, and the public routes: the health route and the metrics listener
# answer without a key; every API route refuses a missing key (401 bearer_token_missing), an unknown key, a key sent
# in the wrong scheme (401 unauthenticated); a stale status dashboard still polls with a revoked key.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"; . "$HERE/lib.sh"; . "$STATE/ids.env"
WHO=public UA="curl/7.88.1"
api GET /healthz "" ""; echo
curl -s -A "$UA" -o /dev/null -w "public %{http_code} GET /metrics\n" "$METRICS/metrics" >> "$STATE/calls.log"
api GET /stores "" ""; echo
api POST /stores '{"name":"shadow-store"}' ""; echo
api GET "/stores/$DOCS" "" ""; echo
api POST "/stores/$DOCS/check" '{"tuple_key":{"user":"user:anne","relation":"viewer","object":"document:roadmap-2026"}}' ""; echo
api POST "/stores/$HELP/access/v1/evaluation" '{"subject":{"type":"user","id":"eve77"},"action":{"name":"can_view"},"resource":{"type":"ticket","id":"HD-1001"}}' ""; echo
api GET "/.well-known/authzen-configuration/$HELP" "" ""; echo
api GET "/stores/$BILL/authorization-models" "" "not-a-real-key"; echo
api POST "/stores/$BILL/read" '{}' "pk_docs_svc_2b81d4e0c6f94a36"; echo
api DELETE "/stores/$DOCS" "" "guest"; echo
# a key sent as HTTP basic auth
code=$(curl -s -A "$UA" -u "platform:$KEY_PLATFORM" -o /dev/null -w '%{http_code}' "$BASE/stores")
echo "public $code GET /stores" >> "$STATE/calls.log"
# the stale dashboard: status page polling with the revoked key
WHO=dashboard UA="fga-status-board/0.4 (+axios)"
for i in 1 2 3 4 5 6; do
  api GET "/stores?page_size=50" "" "$KEY_REVOKED" > /dev/null
  api GET "/stores/$DOCS/changes?page_size=50" "" "$KEY_REVOKED" > /dev/null
  api GET "/stores/$HELP" "" "$KEY_REVOKED" > /dev/null
  sleep 1
done
echo done
