#!/usr/bin/env bash
# Operators and infrastructure around the lab server, with curl as the Prometheus docs show the calls:
#  * kubelet-style probes on /-/healthy and /-/ready (GET and HEAD), a federating Prometheus pulling /federate with
#    match[] selectors, a meta-monitoring scrape of /metrics (these carry the scraper's credentials);
#  * ops-anna on the status API (config, flags, runtimeinfo, buildinfo, tsdb, tsdb blocks, walreplay, self_metrics),
#    targets (with scrapePool/state filters), target metadata, relabel steps, scrape pools, alertmanagers, rules and
#    alerts with filters, notifications, the OpenAPI document (3.1 and 3.2), format_query / parse_query, the search
#    API (experimental, enabled), a few pprof reads;
#  * the admin API: a TSDB snapshot (skip_head both ways), delete_series for a job's series and the pushed backup
#    metrics (POST and PUT), clean_tombstones; the lifecycle API: config reloads after editing the rule files, a GET
#    on /-/reload (405), CORS preflights on the API.
set -uo pipefail
. "$(dirname "$0")/env.sh"
PHASE=${1:-all}
C() { curl -s -o /dev/null -w '%{http_code} %{method} %{url_effective}\n' "$@" | cut -c1-150; }
AN=(-u "$ADMIN_USER:$ADMIN_PASS" -A 'curl/7.88.1')
SC=(-u "$SCRAPER_USER:$SCRAPER_PASS")
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
if [ "$PHASE" = probes ]; then
  for i in $(seq 1 "${N:-6}"); do
    C "${SC[@]}" -A 'kube-probe/1.31' "$PROM_URL/-/healthy"
    C "${SC[@]}" -A 'kube-probe/1.31' "$PROM_URL/-/ready"
  done
  C "${SC[@]}" -I -A 'kube-probe/1.31' "$PROM_URL/-/healthy"
  C "${SC[@]}" -I -A 'kube-probe/1.31' "$PROM_URL/-/ready"
  # global Prometheus federating the lab server, and a meta-monitoring scrape
  C "${SC[@]}" -A 'Prometheus/3.5.0' -H 'Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,text/plain;version=0.0.4;q=0.3' \
    "$PROM_URL/federate?match%5B%5D=$(enc '{__name__=~"service:.*"}')&match%5B%5D=$(enc 'up{job="checkout-api"}')"
  C "${SC[@]}" -A 'Prometheus/3.5.0' --compressed "$PROM_URL/federate?match%5B%5D=$(enc 'job:inventory_queue_depth:max')"
  C "${SC[@]}" -A 'Prometheus/3.5.0' --compressed -H 'Accept: text/plain;version=0.0.4' "$PROM_URL/metrics"
  exit 0
fi
for p in status/config status/flags status/runtimeinfo status/buildinfo status/tsdb 'status/tsdb?limit=5' status/tsdb/blocks \
         status/walreplay status/self_metrics features notifications scrape_pools targets 'targets?state=active' \
         'targets?scrapePool=checkout-api&state=any' 'targets?state=dropped' alertmanagers rules \
         'rules?type=record&rule_group%5B%5D=http_red' 'rules?match%5B%5D=%7Bseverity%3D%22page%22%7D' alerts \
         'targets/metadata?match_target=%7Bjob%3D%22checkout-api%22%7D' 'targets/metadata?metric=inventory_queue_depth&limit=2' \
         'scrape_pools/config?scrapePool=inventory_worker' \
         "targets/relabel_steps?scrapePool=inventory_worker&labels=$(enc '{"__address__":"127.0.0.1:19293","job":"inventory_worker"}')" \
         'openapi.yaml' 'openapi.yaml?openapi_version=3.2'; do
  C "${AN[@]}" --compressed "$PROM_URL/api/v1/$p"
done
C "${AN[@]}" "$PROM_URL/version"
C "${AN[@]}" "$PROM_URL/api/v1/format_query?query=$(enc 'sum(rate(http_requests_total{service="checkout-api"}[5m]))by(http_route)')"
C "${AN[@]}" -X POST --data-urlencode 'query=max by(queue)(inventory_queue_depth)>40' "$PROM_URL/api/v1/format_query"
C "${AN[@]}" "$PROM_URL/api/v1/parse_query?query=$(enc 'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))')"
C "${AN[@]}" -X POST --data-urlencode 'query=up{job=~"checkout.*"} == 0' "$PROM_URL/api/v1/parse_query"
C "${AN[@]}" "$PROM_URL/api/v1/search/metric_names?search=http_req&limit=10"
C "${AN[@]}" -X POST --data-urlencode 'search=queue' "$PROM_URL/api/v1/search/metric_names"
C "${AN[@]}" "$PROM_URL/api/v1/search/label_names?search=serv"
C "${AN[@]}" -X POST --data-urlencode 'search=env' --data-urlencode 'limit=5' "$PROM_URL/api/v1/search/label_names"
# the UI's live notifications (server-sent events), held open for two seconds
curl -s -N --max-time 2 -o /dev/null -u "$ADMIN_USER:$ADMIN_PASS" -H 'Accept: text/event-stream' "$PROM_URL/api/v1/notifications/live" || true
C "${AN[@]}" "$PROM_URL/api/v1/search/label_values?label=service&search=check"
C "${AN[@]}" -X POST --data-urlencode 'label=http_route' --data-urlencode 'search=orders' "$PROM_URL/api/v1/search/label_values"
# pprof: the index, the command line, goroutines as text, and the index without its slash (redirect)
for p in /debug/pprof/ /debug/pprof/cmdline '/debug/pprof/goroutine?debug=1' /debug/pprof '/debug/pprof/heap?debug=1'; do C "${AN[@]}" "$PROM_URL$p"; done
# CORS preflight from a browser dashboard on another origin
C -X OPTIONS -H 'Origin: http://dashboards.example.com' -H 'Access-Control-Request-Method: POST' "$PROM_URL/api/v1/query_range"
C "${AN[@]}" -X OPTIONS -H 'Origin: http://dashboards.example.com' -H 'Access-Control-Request-Method: GET' "$PROM_URL/api/v1/labels"
# --- admin API
C "${AN[@]}" -X POST "$PROM_URL/api/v1/admin/tsdb/snapshot"
C "${AN[@]}" -X POST "$PROM_URL/api/v1/admin/tsdb/snapshot?skip_head=true"
C "${AN[@]}" -X PUT "$PROM_URL/api/v1/admin/tsdb/snapshot"
C "${AN[@]}" -X POST -g "$PROM_URL/api/v1/admin/tsdb/delete_series?match[]=$(enc 'http_requests_total{service="legacy_billing"}')"
C "${AN[@]}" -X POST --data-urlencode 'match[]=report_rows_processed_total{report="churn_by_region"}' "$PROM_URL/api/v1/admin/tsdb/delete_series"
C "${AN[@]}" -X PUT -g "$PROM_URL/api/v1/admin/tsdb/delete_series?match[]=$(enc 'backup_size_bytes{database="customerProfiles"}')&start=$(( $(date +%s) - 3600 ))"
C "${AN[@]}" -X POST "$PROM_URL/api/v1/admin/tsdb/delete_series"          # no match[]: 400
C "${AN[@]}" -X POST "$PROM_URL/api/v1/admin/tsdb/clean_tombstones"
C "${AN[@]}" -X PUT "$PROM_URL/api/v1/admin/tsdb/clean_tombstones"
# --- lifecycle: a rule edited on disk, then reloaded; GET is refused by a handler
W=$L/run
sed -i 's/job:inventory_queue_depth:max > 40/job:inventory_queue_depth:max > 45/' "$W/rules/alerting.yml"
C "${AN[@]}" -X POST "$PROM_URL/-/reload"
C "${AN[@]}" "$PROM_URL/-/reload"
sleep 1
C "${AN[@]}" "$PROM_URL/api/v1/rules?rule_name%5B%5D=InventoryQueueBacklog"
C "${AN[@]}" -X PUT "$PROM_URL/-/reload"
C "${AN[@]}" "$PROM_URL/api/v1/status/config"
exit 0
