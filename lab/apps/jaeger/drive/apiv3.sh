#!/usr/bin/env bash
# Calls Jaeger's api_v3 HTTP API (/api/v3/...) with curl as its OpenAPI document (jaeger-idl
# swagger/api_v3/query_service.swagger.json) shows: services, operations (service, span_kind), find traces
# (query.service_name, query.operation_name, query.start_time_min/max, query.duration_min/max, query.search_depth
# as documented, query.num_traces as the server reads it, query.raw_traces), get trace by id (start_time, end_time,
# raw_traces). Then unknown trace ids (404), malformed parameters (400), and an operator's scripted checks with
# jq. One curl process per phase (connections reused). Env JAEGER_URL (default http://127.0.0.1:16686), STATE.
set -euo pipefail
U=${JAEGER_URL:-http://127.0.0.1:16686}
S=${STATE:-/tmp/shadowtap-lab/jaeger/run/state}
mkdir -p "$S"
UA="jaeger-apiv3-check/1.4 (curl)"
c() { curl -s -A "$UA" -H 'Accept: application/json' "$@"; }
enc() { jq -rn --arg v "$1" '$v|@uri'; }
now() { date -u +%Y-%m-%dT%H:%M:%S.%6NZ; }
ago() { date -u -d "-$1" +%Y-%m-%dT%H:%M:%S.%6NZ; }

c "$U/api/v3/services" > "$S/v3-services.json"
mapfile -t SVCS < <(jq -r '.services[]' "$S/v3-services.json")
echo "api_v3 services: ${SVCS[*]}"

# operations of each service, all kinds and by span kind
args=()
for s in "${SVCS[@]}"; do
  e=$(enc "$s")
  args+=(-o /dev/null "$U/api/v3/operations?service=$e")
  for k in server client producer consumer internal; do args+=(-o /dev/null "$U/api/v3/operations?service=$e&span_kind=$k"); done
done
c "${args[@]}"
c "$U/api/v3/operations?service=checkout-api&span_kind=server" > "$S/v3-ops-checkout.json"

# find traces: by service, by service + operation, with durations, documented search_depth and the server's num_traces
MIN=$(ago '1 hour'); MAX=$(now)
: > "$S/v3-trace-ids"
for s in "${SVCS[@]}"; do
  e=$(enc "$s")
  c "$U/api/v3/traces?query.service_name=$e&query.start_time_min=$(enc "$MIN")&query.start_time_max=$(enc "$MAX")&query.num_traces=20" \
    | jq -r '.result.resourceSpans[]?.scopeSpans[]?.spans[]?.traceId' 2>/dev/null | sort -u | head -3 >> "$S/v3-trace-ids" || true
done
args=()
while IFS='|' read -r s op; do
  args+=(-o /dev/null "$U/api/v3/traces?query.service_name=$(enc "$s")&query.operation_name=$(enc "$op")&query.start_time_min=$(enc "$MIN")&query.start_time_max=$(enc "$MAX")&query.num_traces=10")
done <<'EOF'
checkout-api|POST /api/checkout
checkout-api|GET /api/orders/{id}
checkout-api|SELECT orders
payment_service|charge card
InventoryWorker|reserve stock
auth|verify token
auth|POST /oauth/token
frontend|GET /products
notification-worker|send email
catalog-svc|GET /v1/products
EOF
args+=(-o /dev/null "$U/api/v3/traces?query.service_name=checkout-api&query.start_time_min=$(enc "$MIN")&query.start_time_max=$(enc "$MAX")&query.duration_min=20ms&query.num_traces=5")
args+=(-o /dev/null "$U/api/v3/traces?query.service_name=payment_service&query.start_time_min=$(enc "$MIN")&query.start_time_max=$(enc "$MAX")&query.duration_min=1ms&query.duration_max=1s")
args+=(-o /dev/null "$U/api/v3/traces?query.service_name=frontend&query.start_time_min=$(enc "$(ago '15 minutes')")&query.start_time_max=$(enc "$MAX")&query.raw_traces=true&query.num_traces=3")
# the documented query.search_depth alone: the server reads query.num_traces, so the depth is 0 and it answers 500
args+=(-o /dev/null "$U/api/v3/traces?query.service_name=auth&query.start_time_min=$(enc "$(ago '6 hours')")&query.start_time_max=$(enc "$MAX")&query.search_depth=20")
args+=(-o /dev/null "$U/api/v3/traces?query.service_name=geo-lookup&query.start_time_min=$(enc "$(ago '6 hours')")&query.start_time_max=$(enc "$MAX")")
# a time window in which nothing was recorded: 404 "No traces found"
args+=(-o /dev/null "$U/api/v3/traces?query.service_name=checkout-api&query.start_time_min=2026-01-01T00:00:00Z&query.start_time_max=2026-01-01T01:00:00Z&query.num_traces=20")
c "${args[@]}"

# get trace by id, plain, with the window, raw
args=()
while read -r id; do
  [ -n "$id" ] || continue
  args+=(-o /dev/null "$U/api/v3/traces/$id")
  args+=(-o /dev/null "$U/api/v3/traces/$id?start_time=$(enc "$MIN")&end_time=$(enc "$MAX")")
done < "$S/v3-trace-ids"
first=$(head -1 "$S/v3-trace-ids")
args+=(-o /dev/null "$U/api/v3/traces/$first?raw_traces=true")
c "${args[@]}"
c "$U/api/v3/traces/$first" | jq -r '[.result.resourceSpans[].resource.attributes[]|select(.key=="service.name")|.value.stringValue]|unique|join(",")' || true

# unknown ids (404), malformed ids and parameters (400)
args=()
for url in \
  "$U/api/v3/traces/0af7651916cd43dd8448eb211c80319c" \
  "$U/api/v3/traces/00000000000000000000000000000bad" \
  "$U/api/v3/traces/7f3e2a" \
  "$U/api/v3/traces/not-a-trace" \
  "$U/api/v3/traces/$first?start_time=yesterday" \
  "$U/api/v3/traces/$first?raw_traces=perhaps" \
  "$U/api/v3/traces?query.service_name=checkout-api" \
  "$U/api/v3/traces?query.service_name=checkout-api&query.start_time_min=$(enc "$MIN")&query.start_time_max=now" \
  "$U/api/v3/traces?query.service_name=checkout-api&query.start_time_min=$(enc "$MIN")&query.start_time_max=$(enc "$MAX")&query.duration_min=5%20seconds" \
  "$U/api/v3/traces?query.service_name=checkout-api&query.start_time_min=$(enc "$MIN")&query.start_time_max=$(enc "$MAX")&query.num_traces=twenty" \
  "$U/api/v3/operations?service=billing-legacy" \
  "$U/api/v3/operations"; do
  args+=(-o /dev/null -w '%{http_code} ' "$url")
done
c "${args[@]}"
echo

# a second look a minute later, as an on-call script would do it
for s in checkout-api payment_service; do
  c "$U/api/v3/services" -o /dev/null
  c "$U/api/v3/traces?query.service_name=$s&query.start_time_min=$(enc "$(ago '5 minutes')")&query.start_time_max=$(enc "$(now)")&query.num_traces=50" \
    | jq -r '[.result.resourceSpans[]?.scopeSpans[]?.spans[]? | select(.status.code==2)] | length' || true
done
