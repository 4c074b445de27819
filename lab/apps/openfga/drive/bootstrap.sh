#!/usr/bin/env bash
# The platform team's bootstrap of the production instance with curl, as the API docs show (preshared key of the
# platform team): health, the (empty) store list, the stores of three teams (docs, helpdesk, a tenant sandbox) and the
# old wiki's store (kept for a while, deleted by ops.sh later), a store created twice by mistake and removed, the first
# authorization models (DSL turned into JSON by `fga model transform`, a local command), each store and model read
# back. Ids go to $STATE/ids.env for the other clients.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"; . "$HERE/lib.sh"
WHO=bootstrap UA="curl/7.88.1"
ids="$STATE/ids.env"; : > "$ids"
api GET /healthz "" "" ; echo
api GET /stores ; echo
mk() { api POST /stores "$(jq -nc --arg n "$1" '{name: $n}')" | jq -r .id; }
DOCS=$(mk acme-docs); HELP=$(mk helpdesk_portal); SANDBOX=$(mk tenant42-sandbox); WIKI=$(mk legacy_wiki)
DUP=$(mk acme-docs)
echo "DOCS=$DOCS HELP=$HELP SANDBOX=$SANDBOX WIKI=$WIKI DUP=$DUP"
# two stores called acme-docs: find them by name, drop the newer one
api GET "/stores?name=acme-docs" | jq -c '[.stores[] | {id, name}]'
api DELETE "/stores/$DUP"; echo
api GET "/stores?name=acme-docs" | jq -c '[.stores[] | .id]'
# the first models
DOCS_M1=$(api POST "/stores/$DOCS/authorization-models" "$(model_json "$HERE/models/docs-v1.fga")" | jq -r .authorization_model_id)
HELP_M1=$(api POST "/stores/$HELP/authorization-models" "$(model_json "$HERE/models/helpdesk.fga")" | jq -r .authorization_model_id)
WIKI_M1=$(api POST "/stores/$WIKI/authorization-models" "$(model_json "$HERE/models/wiki.fga")" | jq -r .authorization_model_id)
SANDBOX_M1=$(api POST "/stores/$SANDBOX/authorization-models" "$(model_json "$HERE/models/tenant.fga")" | jq -r .authorization_model_id)
for s in $DOCS $HELP $SANDBOX $WIKI; do api GET "/stores/$s" | jq -c '{id, name}'; done
api GET "/stores/$DOCS/authorization-models" | jq -c '[.authorization_models[].id]'
api GET "/stores/$DOCS/authorization-models/$DOCS_M1" | jq -c '.authorization_model.type_definitions | map(.type)'
api GET "/stores/$HELP/authorization-models/$HELP_M1" | jq -c '.authorization_model.schema_version'
# the old wiki still answers a few checks until it is retired
api POST "/stores/$WIKI/write" "$(jq -nc --argjson t "$(printf '%s\n' \
  'user:anne admin space:eng-handbook' 'user:* reader space:eng-handbook' 'user:bob.smith contributor space:OnCallRunbooks' \
  'space:eng-handbook space page:onboarding-checklist' 'space:OnCallRunbooks space page:db_failover' | tuple_keys)" '{writes: {tuple_keys: $t}}')"; echo
api POST "/stores/$WIKI/check" '{"tuple_key":{"user":"user:bob.smith","relation":"can_edit","object":"page:db_failover"}}'; echo
api GET /stores | jq -c '[.stores[].name]'
cat >> "$ids" <<IDS
DOCS=$DOCS
HELP=$HELP
SANDBOX=$SANDBOX
WIKI=$WIKI
DUP=$DUP
DOCS_M1=$DOCS_M1
HELP_M1=$HELP_M1
WIKI_M1=$WIKI_M1
SANDBOX_M1=$SANDBOX_M1
IDS
