#!/usr/bin/env bash
# A Grafana-style Prometheus data source, scripted with curl as Grafana 12's data source sends it (POST with form
# bodies for queries, labels and series; GET for label values, metadata, buildinfo, rules): the data source's health
# check, the query editor's metric browser (label names, label values for the dashboard variables service, env,
# http_route, queue, instance, job), and three dashboards (Checkout Overview, Inventory Worker, Edge Gateway) refreshed
# a few times by two viewers, with exemplars on the latency panel; Grafana's alerting view of data-source rules.
set -uo pipefail
. "$(dirname "$0")/env.sh"
ROUNDS=${ROUNDS:-5}
UA='Grafana/12.3.1'
C() { curl -s -o /dev/null -w '%{http_code} %{method} %{url_effective}\n' -A "$UA" -u "$GRAFANA_USER:$GRAFANA_PASS" \
        -H 'X-Grafana-Org-Id: 1' "$@" | cut -c1-150; }
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
now=$(date -u +%s)
# --- data source health check ("Save & test")
C "$PROM_URL/api/v1/status/buildinfo"
C -X POST --data-urlencode 'query=1+1' --data-urlencode "time=$now" "$PROM_URL/api/v1/query"
C "$PROM_URL/api/v1/features"
# --- metric browser in the query editor
C -X POST --data-urlencode "start=$((now-3600))" --data-urlencode "end=$now" "$PROM_URL/api/v1/labels"
C "$PROM_URL/api/v1/label/__name__/values?start=$((now-3600))&end=$now"
C "$PROM_URL/api/v1/metadata"
C "$PROM_URL/api/v1/metadata?metric=http_requests_total"
C "$PROM_URL/api/v1/metadata?metric=inventory_queue_depth&limit=1"
for l in service env http_route queue instance job team status method le site agent database report channel \
         payment_provider messaging_destination_name service_name service_namespace deployment_environment_name; do
  C "$PROM_URL/api/v1/label/$l/values?start=$((now-3600))&end=$now"
done
C "$PROM_URL/api/v1/label/http_route/values?match%5B%5D=$(enc 'http_requests_total{service="checkout-api"}')&start=$((now-3600))&end=$now"
C "$PROM_URL/api/v1/label/queue/values?match%5B%5D=$(enc 'inventory_queue_depth')"
C -X POST --data-urlencode 'match[]=http_requests_total' --data-urlencode "start=$((now-3600))" --data-urlencode "end=$now" "$PROM_URL/api/v1/series"
C -X POST --data-urlencode 'match[]={service="InventoryWorker"}' --data-urlencode "start=$((now-600))" --data-urlencode "end=$now" "$PROM_URL/api/v1/series"
C -X POST --data-urlencode 'match[]=http_requests_total{service="checkout-api"}' "$PROM_URL/api/v1/labels"
# --- dashboards
panel() { # dashboard-uid panel-id expr step
  local t; t=$(date -u +%s)
  C -X POST -H "X-Dashboard-Uid: $1" -H "X-Panel-Id: $2" --data-urlencode "query=$3" --data-urlencode "start=$((t-1800))" \
    --data-urlencode "end=$t" --data-urlencode "step=$4" "$PROM_URL/api/v1/query_range"
}
for r in $(seq 1 "$ROUNDS"); do
  for env in production staging; do
    C "$PROM_URL/api/v1/label/service/values?match%5B%5D=$(enc "http_requests_total{env=\"$env\"}")"
    panel checkout-overview 2 "sum by (http_route) (rate(http_requests_total{service=\"checkout-api\",env=\"$env\"}[1m]))" 15
    panel checkout-overview 3 "service:http_errors:ratio_rate1m{service=\"checkout-api\",env=\"$env\"}" 15
    panel checkout-overview 4 "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"checkout-api\",env=\"$env\"}[1m])))" 15
  done
  t=$(date -u +%s)
  C -X POST -H 'X-Dashboard-Uid: checkout-overview' -H 'X-Panel-Id: 4' \
    --data-urlencode 'query=histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout-api"}[1m])))' \
    --data-urlencode "start=$((t-1800))" --data-urlencode "end=$t" "$PROM_URL/api/v1/query_exemplars"
  C -X POST -H 'X-Dashboard-Uid: checkout-overview' -H 'X-Panel-Id: 1' --data-urlencode 'query=sum(up{service="checkout-api"})' --data-urlencode "time=$t" "$PROM_URL/api/v1/query"
  C "$PROM_URL/api/v1/label/queue/values?match%5B%5D=$(enc 'inventory_queue_depth{service="InventoryWorker"}')"
  panel inventory-worker 1 'max by (queue) (inventory_queue_depth)' 10
  panel inventory-worker 2 'job:inventory_queue_depth:max' 10
  panel inventory-worker 3 'sum by (http_route, status) (rate(http_requests_total{service="InventoryWorker"}[1m]))' 10
  C -X POST -H 'X-Dashboard-Uid: inventory-worker' -H 'X-Panel-Id: 4' --data-urlencode 'query=http_requests_total{service="InventoryWorker",http_route="/v2/stock/{sku}"}' \
    --data-urlencode "start=$((t-600))" --data-urlencode "end=$t" "$PROM_URL/api/v1/query_exemplars"
  panel edge-gateway 1 'sum by (http_route) (rate(http_requests_total{service="edge_gateway"}[1m]))' 20
  panel edge-gateway 2 'sum(rate(prometheus_remote_storage_samples_total[1m]))' 20
  C -X POST -H 'X-Dashboard-Uid: edge-gateway' -H 'X-Panel-Id: 3' --data-urlencode 'query=backup_size_bytes' --data-urlencode "time=$t" "$PROM_URL/api/v1/query"
  # Grafana alerting's list of the data source's rules and alerts
  C "$PROM_URL/api/v1/rules"
  C "$PROM_URL/api/v1/rules?type=alert&exclude_alerts=true"
  [ $((r % 2)) -eq 0 ] && C "$PROM_URL/api/v1/alerts"
  # the OTLP-pushed services' dashboard: its variables and panels
  C "$PROM_URL/api/v1/label/job/values?match%5B%5D=$(enc 'target_info')"
  C "$PROM_URL/api/v1/label/payment_provider/values?match%5B%5D=$(enc 'payments_amount_EUR_total')"
  panel otel-shop 1 'sum by (job, http_route) (rate(http_server_requests_total[1m]))' 15
  panel otel-shop 2 'sum by (payment_provider) (rate(payments_amount_EUR_total[1m]))' 15
  panel otel-shop 3 'max by (messaging_destination_name) (queue_depth)' 15
  # a bad query typed in Explore (400) and one with a syntax error in a variable (422/400)
  [ "$r" -eq 2 ] && C -X POST --data-urlencode 'query=sum(rate(http_requests_total[1m]) by (' --data-urlencode "time=$t" "$PROM_URL/api/v1/query"
  [ "$r" -eq 3 ] && C -X POST --data-urlencode 'query=rate(http_requests_total)' --data-urlencode "start=$((t-600))" --data-urlencode "end=$t" --data-urlencode 'step=15' "$PROM_URL/api/v1/query_range"
  sleep 1
done
# Explore: instant GET queries and a label lookup by a second viewer, the way older Grafana (httpMethod GET) does
for q in 'up' 'count(up == 0)' 'topk(5, sum by (http_route) (rate(http_requests_total[5m])))' 'ALERTS'; do
  C -G --data-urlencode "query=$q" --data-urlencode "time=$(date -u +%s)" -H 'X-Grafana-Org-Id: 2' "$PROM_URL/api/v1/query"
done
C -G --data-urlencode 'query=rate(http_requests_total{service="edge_gateway"}[1m])' --data-urlencode "start=$((now-900))" --data-urlencode "end=$(date -u +%s)" --data-urlencode 'step=30' "$PROM_URL/api/v1/query_range"
C "$PROM_URL/api/v1/series?match%5B%5D=up&match%5B%5D=$(enc 'process_start_time_seconds{service="edge_gateway"}')"
C "$PROM_URL/api/v1/labels?match%5B%5D=backup_size_bytes"
C -G --data-urlencode 'query=http_request_duration_seconds_bucket{service="InventoryWorker",le="+Inf"}' --data-urlencode "start=$((now-900))" --data-urlencode "end=$(date -u +%s)" "$PROM_URL/api/v1/query_exemplars"
