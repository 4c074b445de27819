#!/usr/bin/env bash
# The platform team's operations with curl (platform key): the store list page by page and by name (kebab, snake and
# CamelCase names, one that does not exist), each store read, a rename attempt (PATCH /stores/{id}: the gateway routes
# it, the server does not implement UpdateStore), the change feed with a start time and type filters, the models
# page by page, the docs and billing models' assertions, the helpdesk's assertions written and read, the legacy wiki
# retired (store deleted, then read again), and the mistakes an operator makes (a malformed store id, an unknown
# store, an unknown model, a page size over the limit, an unknown relation).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"; . "$HERE/lib.sh"; . "$STATE/ids.env"
WHO=ops UA="curl/7.88.1"
tok=""
for i in 1 2 3 4 5; do
  q="page_size=2"; [ -n "$tok" ] && q="$q&continuation_token=$tok"
  r=$(api GET "/stores?$q"); echo "$r" | jq -c '[.stores[].name]'
  tok=$(echo "$r" | jq -r '.continuation_token // empty'); [ -z "$tok" ] && break
done
for n in acme-docs helpdesk_portal BillingProd tenant42-sandbox legacy_wiki payroll-eu; do
  api GET "/stores?name=$n" | jq -c '[.stores[].id]'
done
for s in $DOCS $HELP $BILL $SANDBOX; do api GET "/stores/$s" | jq -c '{name, updated_at}'; done
# rename attempt: UpdateStore is routed by the gateway but not implemented by the server
api PATCH "/stores/$SANDBOX" '{"name":"tenant42-staging"}'; echo
api GET "/stores/$SANDBOX" | jq -c .name
# change feeds
api GET "/stores/$DOCS/changes?page_size=15" | jq -c '.changes | length'
api GET "/stores/$DOCS/changes?type=group&page_size=5" | jq -c '[.changes[].tuple_key.object]'
api GET "/stores/$BILL/changes?start_time=2020-01-01T00:00:00Z" | jq -c '.changes | length'
api GET "/stores/$HELP/changes?type=ticket&page_size=20" | jq -c '.changes | length'
api GET "/stores/$HELP/changes?type=team" | jq -c '.changes | length'
# models page by page, and the ones in use
tok=""
for i in 1 2 3; do
  q="page_size=1"; [ -n "$tok" ] && q="$q&continuation_token=$tok"
  r=$(api GET "/stores/$BILL/authorization-models?$q"); echo "$r" | jq -c '[.authorization_models[].id]'
  tok=$(echo "$r" | jq -r '.continuation_token // empty'); [ -z "$tok" ] && break
done
api GET "/stores/$DOCS/authorization-models?page_size=5" | jq -c '[.authorization_models[].id]'
api GET "/stores/$DOCS/authorization-models/$DOCS_M2" | jq -c '.authorization_model.conditions | keys'
api GET "/stores/$BILL/authorization-models/$BILL_M2" | jq -c '.authorization_model.type_definitions | map(.type)'
api GET "/stores/$SANDBOX/authorization-models/$SANDBOX_M1" | jq -c '.authorization_model.id'
# assertions
api GET "/stores/$DOCS/assertions/$DOCS_M2" | jq -c '.assertions | length'
api GET "/stores/$BILL/assertions/$BILL_M1" | jq -c '.assertions | length'
api GET "/stores/$BILL/assertions/$BILL_M2" | jq -c '.assertions | length'
api PUT "/stores/$HELP/assertions/$HELP_M1" '{"assertions":[
 {"tuple_key":{"user":"user:carlos_m","relation":"can_view","object":"ticket:HD-1002"},"expectation":true},
 {"tuple_key":{"user":"user:mallory","relation":"can_reply","object":"ticket:HD-1003"},"expectation":false},
 {"tuple_key":{"user":"user:r.kowalski","relation":"can_reassign","object":"ticket:HD-1005"},"expectation":true,
  "contextual_tuples":[{"user":"queue:outage-hotline","relation":"queue","object":"ticket:HD-1005"}]}]}'; echo
api GET "/stores/$HELP/assertions/$HELP_M1" | jq -c '.assertions | length'
# a quick look at the helpdesk and sandbox data
api POST "/stores/$HELP/read" '{"page_size":10}' | jq -c '.tuples | length'
api POST "/stores/$SANDBOX/read" '{"tuple_key":{"object":"workspace:tenant42"}}' | jq -c '[.tuples[].key.user]'
api POST "/stores/$DOCS/list-users" '{"object":{"type":"folder","id":"hr_policies"},"relation":"editor","user_filters":[{"type":"user"}]}' | jq -c '[.users[].object.id]'
api POST "/stores/$DOCS/batch-check" "{\"authorization_model_id\":\"$DOCS_M2\",\"checks\":[
 {\"tuple_key\":{\"user\":\"user:priya_n\",\"relation\":\"editor\",\"object\":\"document:salary_bands_2026\"},\"correlation_id\":\"audit-1\"},
 {\"tuple_key\":{\"user\":\"user:tom.baker\",\"relation\":\"viewer\",\"object\":\"document:salary_bands_2026\"},\"correlation_id\":\"audit-2\"},
 {\"tuple_key\":{\"user\":\"user:OmarH\",\"relation\":\"viewer\",\"object\":\"document:salary_bands_2026\"},\"correlation_id\":\"audit-3\"}]}" | jq -c '.result | map_values(.allowed)'
# retire the legacy wiki
api POST "/stores/$WIKI/read" '{}' | jq -c '.tuples | length'
api DELETE "/stores/$WIKI"; echo
api GET "/stores/$WIKI"; echo
api POST "/stores/$WIKI/check" '{"tuple_key":{"user":"user:anne","relation":"can_read","object":"page:onboarding-checklist"}}'; echo
api GET "/stores?name=legacy_wiki" | jq -c '.stores | length'
# mistakes
api GET "/stores/not-a-store-id"; echo
api GET "/stores/01JQZZZZZZZZZZZZZZZZZZZZZZ/authorization-models"; echo
api GET "/stores/$DOCS/authorization-models/01JQZZZZZZZZZZZZZZZZZZZZZZ"; echo
api GET "/stores/$DOCS/changes?page_size=500"; echo
api POST "/stores/$BILL/check" '{"tuple_key":{"user":"user:maria.lopez","relation":"can_refund","object":"invoice:INV-2026-0042"}}'; echo
api POST "/stores/$BILL/expand" '{"tuple_key":{"object":"invoice:INV-2026-0107","relation":"can_view"}}' | jq -c '.tree.root.name'
api POST "/stores/$BILL/list-objects" '{"type":"subscription","relation":"can_cancel","user":"user:ops42"}' | jq -c .objects
