#!/usr/bin/env bash
# The public REST API (/api/v1) with curl and an API key in X-N8N-API-KEY, as docs.n8n.io/api shows: tags, workflows
# (webhook flows activated and called by other systems, scheduled reports left inactive), executions (list, filter,
# read, retry, delete), credentials (schema, create, update, delete), users, data tables with rows, variables and
# projects (licensed features: the community build answers 403), a security audit; members with their own keys; 404s.
set -euo pipefail
. "$(dirname "$0")/env.sh"
K=key:owner
id() { jq -r .id; }
# --- tags
for t in billing crm nightly alerts reporting warehouse; do req $K POST /api/v1/tags "{\"name\":\"$t\"}" | id > "$STATE/tag.$t"; done
req $K GET /api/v1/tags > /dev/null
req $K GET '/api/v1/tags?limit=3' > "$STATE/tags.page"
CUR=$(jq -r .nextCursor "$STATE/tags.page")
[ "$CUR" = null ] || req $K GET "/api/v1/tags?limit=3&cursor=$CUR" > /dev/null
req $K GET "/api/v1/tags/$(cat "$STATE/tag.crm")" > /dev/null
req $K PUT "/api/v1/tags/$(cat "$STATE/tag.warehouse")" '{"name":"warehouse-ops"}' > /dev/null
req $K POST /api/v1/tags '{"name":"billing"}' > /dev/null                       # duplicate: 409
req $K POST /api/v1/tags '{"name":"tmp-migration"}' | id > "$STATE/tag.tmp"
req $K DELETE "/api/v1/tags/$(cat "$STATE/tag.tmp")" > /dev/null
req $K GET "/api/v1/tags/$(cat "$STATE/tag.tmp")" > /dev/null                    # 404
# --- workflows
uuid() { cat /proc/sys/kernel/random/uuid; }
hook_wf() { # name path tail-node-json
  local w=$(uuid)
  jq -nc --arg n "$1" --arg p "$2" --arg w "$w" --argjson tail "$3" '{name:$n, settings:{executionOrder:"v1", saveManualExecutions:true},
    nodes:[{id:$w, name:"Webhook", type:"n8n-nodes-base.webhook", typeVersion:2, position:[0,0], webhookId:$w,
            parameters:{httpMethod:"POST", path:$p, responseMode:"onReceived", options:{}}}, ($tail + {position:[240,0]})],
    connections:{Webhook:{main:[[{node:$tail.name, type:"main", index:0}]]}}}'
}
setn() { jq -nc --arg f "$1" --arg v "$2" '{id:"a1b2c3d4-0000-4000-8000-00000000000'"$3"'", name:"Set fields", type:"n8n-nodes-base.set", typeVersion:3.4,
  parameters:{assignments:{assignments:[{id:"f1", name:$f, value:$v, type:"string"}]}, options:{}}}'; }
STOP='{"id":"5e0f4c1a-1111-4aaa-8bbb-0123456789ab","name":"Stop and Error","type":"n8n-nodes-base.stopAndError","typeVersion":1,"parameters":{"errorMessage":"Invoice total missing"}}'
sched_wf() { jq -nc --arg n "$1" '{name:$n, settings:{executionOrder:"v1"},
  nodes:[{id:"0b7e1c52-2222-4ccc-8ddd-0123456789ab", name:"Schedule Trigger", type:"n8n-nodes-base.scheduleTrigger", typeVersion:1.2, position:[0,0],
          parameters:{rule:{interval:[{field:"weeks", triggerAtDay:[1], triggerAtHour:7}]}}},
         {id:"0b7e1c52-3333-4ccc-8ddd-0123456789ab", name:"No Operation", type:"n8n-nodes-base.noOp", typeVersion:1, position:[240,0], parameters:{}}],
  connections:{"Schedule Trigger":{main:[[{node:"No Operation", type:"main", index:0}]]}}}'; }
req $K POST /api/v1/workflows "$(hook_wf 'Order created → CRM sync' order-created "$(setn orderId '={{ $json.body.orderId }}' 1)")" | id > "$STATE/wf.orders"
req $K POST /api/v1/workflows "$(hook_wf 'Invoice paid → ledger' invoice-paid "$(setn invoice '={{ $json.body.invoice }}' 2)")" | id > "$STATE/wf.invoice"
req $K POST /api/v1/workflows "$(hook_wf 'Shipment delayed alert' shipment-delayed "$(setn tracking '={{ $json.body.tracking }}' 3)")" | id > "$STATE/wf.shipment"
req $K POST /api/v1/workflows "$(hook_wf 'Invoice validation' invoice-validate "$STOP")" | id > "$STATE/wf.validate"
req $K POST /api/v1/workflows "$(sched_wf 'Weekly revenue report')" | id > "$STATE/wf.weekly"
req $K POST /api/v1/workflows "$(sched_wf 'Nightly warehouse stock export')" | id > "$STATE/wf.nightly"
req $K POST /api/v1/workflows "$(sched_wf 'Old: Mailchimp list cleanup')" | id > "$STATE/wf.old"
req $K POST /api/v1/workflows '{"name":"broken","nodes":"nope"}' > /dev/null     # 400 from the validator
req $K GET /api/v1/workflows > /dev/null
req $K GET '/api/v1/workflows?limit=2' > "$STATE/wf.page"
CUR=$(jq -r .nextCursor "$STATE/wf.page")
[ "$CUR" = null ] || req $K GET "/api/v1/workflows?limit=2&cursor=$CUR" > /dev/null
req $K GET '/api/v1/workflows?name=Invoice%20validation' > /dev/null
req $K GET '/api/v1/workflows?excludePinnedData=true' > /dev/null
for w in orders invoice shipment validate weekly; do req $K GET "/api/v1/workflows/$(cat "$STATE/wf.$w")" > "$STATE/wf.$w.json"; done
VER=$(jq -r .versionId "$STATE/wf.orders.json")
req $K GET "/api/v1/workflows/$(cat "$STATE/wf.orders")/$VER" > /dev/null
# rename + add a tag list, then tags
W=$(cat "$STATE/wf.weekly")
req $K PUT "/api/v1/workflows/$W" "$(jq -c '{name:"Weekly revenue report (EU)", nodes, connections, settings:{executionOrder:"v1"}}' "$STATE/wf.weekly.json")" > /dev/null
tagset() { local s='['; for t in "$@"; do s+="{\"id\":\"$(cat "$STATE/tag.$t")\"},"; done; echo "${s%,}]"; }
req $K PUT "/api/v1/workflows/$(cat "$STATE/wf.orders")/tags" "$(tagset crm alerts)" > /dev/null
req $K PUT "/api/v1/workflows/$(cat "$STATE/wf.invoice")/tags" "$(tagset billing)" > /dev/null
req $K PUT "/api/v1/workflows/$(cat "$STATE/wf.validate")/tags" "$(tagset billing alerts)" > /dev/null
req $K PUT "/api/v1/workflows/$W/tags" "$(tagset reporting)" > /dev/null
req $K PUT "/api/v1/workflows/$(cat "$STATE/wf.nightly")/tags" "$(tagset nightly warehouse)" > /dev/null
req $K GET "/api/v1/workflows/$(cat "$STATE/wf.orders")/tags" > /dev/null
req $K GET '/api/v1/workflows?tags=billing' > /dev/null
# activate the webhook flows; other systems call them
for w in orders invoice shipment validate; do req $K POST "/api/v1/workflows/$(cat "$STATE/wf.$w")/activate" > /dev/null; done
req $K GET '/api/v1/workflows?active=true' > /dev/null
hook() { curl -s -o /dev/null -w "%{http_code} POST /webhook/$1\n" -X POST -H 'Content-Type: application/json' -H 'User-Agent: shop-backend/3.2' --data-binary "$2" "$B/webhook/$1" >&2; }
for n in 1041 1042 1043 1044 1045 1046; do hook order-created "{\"orderId\":\"SO-$n\",\"customer\":\"Bergstrom Outdoor\",\"total\":$((n % 97 + 40)).50}"; done
for n in 88 89 90; do hook invoice-paid "{\"invoice\":\"INV-2026-00$n\",\"amount\":1290.00}"; done
hook shipment-delayed '{"tracking":"1Z999AA10123456784","carrier":"UPS","delayDays":2}'
hook invoice-validate '{"invoice":"INV-2026-0091"}'
hook invoice-validate '{"invoice":"INV-2026-0092"}'
sleep 2
# --- executions
req $K GET /api/v1/executions > /dev/null
req $K GET '/api/v1/executions?limit=5' > "$STATE/ex.page"
CUR=$(jq -r .nextCursor "$STATE/ex.page")
[ "$CUR" = null ] || req $K GET "/api/v1/executions?limit=5&cursor=$CUR" > /dev/null
req $K GET "/api/v1/executions?workflowId=$(cat "$STATE/wf.orders")&status=success" > "$STATE/ex.orders"
req $K GET "/api/v1/executions?workflowId=$(cat "$STATE/wf.validate")&status=error" > "$STATE/ex.err"
req $K GET '/api/v1/executions?status=error&includeData=false' > /dev/null
for e in $(jq -r '.data[].id' "$STATE/ex.orders" | head -3); do req $K GET "/api/v1/executions/$e?includeData=true" > /dev/null; done
ERR=$(jq -r '.data[0].id' "$STATE/ex.err")
req $K GET "/api/v1/executions/$ERR" > /dev/null
req $K POST "/api/v1/executions/$ERR/retry" '{"loadWorkflow":true}' > /dev/null
req $K DELETE "/api/v1/executions/$(jq -r '.data[-1].id' "$STATE/ex.orders")" > /dev/null
req $K GET /api/v1/executions/999999 > /dev/null                                 # 404
# --- credentials
req $K GET /api/v1/credentials/schema/httpBasicAuth > /dev/null
req $K GET /api/v1/credentials/schema/httpHeaderAuth > /dev/null
req $K GET /api/v1/credentials/schema/notARealType > /dev/null                   # 404/400
req $K POST /api/v1/credentials '{"name":"ERP basic auth","type":"httpBasicAuth","data":{"user":"n8n-sync","password":"s3cr3t-erp"}}' | id > "$STATE/cred.erp"
req $K POST /api/v1/credentials '{"name":"CRM API token","type":"httpHeaderAuth","data":{"name":"X-Api-Token","value":"crm-7f3a9b"}}' | id > "$STATE/cred.crm"
req $K POST /api/v1/credentials '{"name":"Carrier tracking key","type":"httpHeaderAuth","data":{"name":"Authorization","value":"Bearer trk-55aa"}}' | id > "$STATE/cred.trk"
req $K POST /api/v1/credentials '{"name":"no data","type":"httpBasicAuth"}' > /dev/null  # 400
req $K GET /api/v1/credentials > /dev/null
req $K GET '/api/v1/credentials?limit=2' > /dev/null
req $K PATCH "/api/v1/credentials/$(cat "$STATE/cred.crm")" '{"name":"CRM API token (prod)","type":"httpHeaderAuth","data":{"name":"X-Api-Token","value":"crm-8e4b0c"}}' > /dev/null
req $K DELETE "/api/v1/credentials/$(cat "$STATE/cred.trk")" > /dev/null
req $K DELETE "/api/v1/credentials/$(cat "$STATE/cred.trk")" > /dev/null         # 404
# --- users
req $K GET /api/v1/users > /dev/null
req $K GET '/api/v1/users?includeRole=true&limit=10' > /dev/null
while read -r u uid email _; do req $K GET "/api/v1/users/$uid" > /dev/null; done < "$STATE/users"
req $K GET "/api/v1/users/$(awk '$1=="grace-mensah"{print $3}' "$STATE/users")" > /dev/null   # by e-mail
req $K POST /api/v1/users '[{"email":"lucia.moreno@northwind-logistics.test","role":"global:member"},{"email":"ben.adeyemi@northwind-logistics.test","role":"global:member"}]' > "$STATE/api-users.json"
req $K PATCH "/api/v1/users/$(awk '$1=="aiko-tanaka"{print $2}' "$STATE/users")/role" '{"newRoleName":"global:admin"}' > /dev/null
BEN=$(jq -r '.[1].user.id // empty' "$STATE/api-users.json")
[ -z "$BEN" ] || req $K DELETE "/api/v1/users/$BEN" > /dev/null
req $K DELETE "/api/v1/users/$(awk '$1=="omar-farouk"{print $2}' "$STATE/users")" > /dev/null
req $K GET /api/v1/users/00000000-0000-4000-8000-000000000000 > /dev/null       # 404
# --- data tables and rows
req $K POST /api/v1/data-tables '{"name":"carrier_sla","columns":[{"name":"carrier","type":"string"},{"name":"max_days","type":"number"}]}' | id > "$STATE/dt.sla"
req $K POST /api/v1/data-tables '{"name":"customer_tiers","columns":[{"name":"customer","type":"string"},{"name":"tier","type":"string"}]}' | id > "$STATE/dt.tiers"
req $K GET /api/v1/data-tables > /dev/null
DT=$(cat "$STATE/dt.sla")
req $K GET "/api/v1/data-tables/$DT" > /dev/null
req $K POST "/api/v1/data-tables/$DT/rows" '{"data":[{"carrier":"UPS","max_days":3},{"carrier":"DHL","max_days":4},{"carrier":"PostNord","max_days":5}],"returnType":"all"}' > /dev/null
req $K GET "/api/v1/data-tables/$DT/rows" > /dev/null
req $K GET "/api/v1/data-tables/$DT/rows?limit=2&sortBy=max_days:desc" > /dev/null
req $K PATCH "/api/v1/data-tables/$DT/rows/update" '{"filter":{"type":"and","filters":[{"columnName":"carrier","condition":"eq","value":"DHL"}]},"data":{"max_days":3}}' > /dev/null
req $K POST "/api/v1/data-tables/$DT/rows/upsert" '{"filter":{"type":"and","filters":[{"columnName":"carrier","condition":"eq","value":"FedEx"}]},"data":{"carrier":"FedEx","max_days":2}}' > /dev/null
req $K DELETE "/api/v1/data-tables/$DT/rows/delete?filter=%7B%22type%22%3A%22and%22%2C%22filters%22%3A%5B%7B%22columnName%22%3A%22carrier%22%2C%22condition%22%3A%22eq%22%2C%22value%22%3A%22PostNord%22%7D%5D%7D" > /dev/null
req $K PATCH "/api/v1/data-tables/$(cat "$STATE/dt.tiers")" '{"name":"customer_tiers_2026"}' > /dev/null
T2=$(cat "$STATE/dt.tiers")
req $K POST "/api/v1/data-tables/$T2/rows" '{"data":[{"customer":"Bergstrom Outdoor","tier":"gold"},{"customer":"Kaya Textiles","tier":"silver"}]}' > /dev/null
req $K GET "/api/v1/data-tables/$T2/rows" > /dev/null
req $K DELETE "/api/v1/data-tables/$T2" > /dev/null
# --- licensed features (community build: 403) and the audit
req $K GET /api/v1/variables > /dev/null
req $K POST /api/v1/variables '{"key":"ERP_BASE_URL","value":"http://erp.internal"}' > /dev/null
req $K PUT /api/v1/variables/abc123 '{"key":"ERP_BASE_URL","value":"http://erp2.internal"}' > /dev/null
req $K DELETE /api/v1/variables/abc123 > /dev/null
req $K GET /api/v1/projects > /dev/null
req $K POST /api/v1/projects '{"name":"Finance automations"}' > /dev/null
req $K GET /api/v1/projects/abc123/users > /dev/null
req $K PUT "/api/v1/workflows/$(cat "$STATE/wf.old")/transfer" '{"destinationProjectId":"abc123"}' > /dev/null
req $K POST /api/v1/source-control/pull '{"force":false}' > /dev/null
req $K POST /api/v1/audit '{"additionalOptions":{"daysAbandonedWorkflow":30,"categories":["credentials","database","filesystem"]}}' > /dev/null
# --- members with their own keys
for u in tomas-lindqvist aiko-tanaka; do
  req key:$u GET /api/v1/workflows > /dev/null
  req key:$u GET /api/v1/tags > /dev/null
  req key:$u GET /api/v1/executions > /dev/null
  req key:$u GET "/api/v1/workflows/$(cat "$STATE/wf.orders")" > /dev/null     # not shared: 403/404
done
req key:tomas-lindqvist POST /api/v1/workflows "$(sched_wf 'Tomas: carrier invoice reconciliation')" | id > "$STATE/wf.tomas"
req key:tomas-lindqvist PUT "/api/v1/workflows/$(cat "$STATE/wf.tomas")/tags" "$(tagset billing)" > /dev/null
req key:tomas-lindqvist POST /api/v1/credentials '{"name":"Tomas SFTP","type":"httpBasicAuth","data":{"user":"tomas","password":"pw-2026"}}' > /dev/null
req key:aiko-tanaka POST /api/v1/workflows "$(hook_wf 'Aiko: returns intake' returns-intake "$(setn rma '={{ $json.body.rma }}' 4)")" | id > "$STATE/wf.aiko"
req key:aiko-tanaka POST "/api/v1/workflows/$(cat "$STATE/wf.aiko")/activate" > /dev/null
hook returns-intake '{"rma":"RMA-5521","reason":"wrong size"}'
req key:aiko-tanaka GET /api/v1/users > /dev/null                                 # member: 403
# --- clean-up by the owner
req $K POST "/api/v1/workflows/$(cat "$STATE/wf.shipment")/deactivate" > /dev/null
req $K DELETE "/api/v1/workflows/$(cat "$STATE/wf.old")" > /dev/null
req $K GET "/api/v1/workflows/$(cat "$STATE/wf.old")" > /dev/null               # 404
req $K DELETE "/api/v1/tags/$(cat "$STATE/tag.warehouse")" > /dev/null
