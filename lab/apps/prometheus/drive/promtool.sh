#!/usr/bin/env bash
# promtool v0.316.0 (the project's own CLI, built from the same module) against the lab server, as an SRE uses it:
# health/readiness checks, instant/range queries, series and label lookups, query analysis, metric pushes over
# remote write, a debug bundle (metrics + pprof) and the offline config/rule checks (no HTTP).
# Auth: --http.config.file with basic auth (two people: sre.bob, ops-anna).
set -uo pipefail
. "$(dirname "$0")/env.sh"
W=$L/run
cat > "$W/promtool-bob.yml" <<Y
basic_auth: {username: $SRE_USER, password: '$SRE_PASS'}
Y
cat > "$W/promtool-anna.yml" <<Y
basic_auth: {username: $ADMIN_USER, password: '$ADMIN_PASS'}
Y
P() { echo "+ promtool $*" | cut -c1-160; "$PROMTOOL" "$@" >/dev/null 2>"$W/promtool.err" || { echo "  (exit $?) $(head -c 200 "$W/promtool.err")"; }; }
B=(--http.config.file="$W/promtool-bob.yml")
A=(--http.config.file="$W/promtool-anna.yml")
P check healthy --url="$PROM_URL" "${B[@]}"
P check ready --url="$PROM_URL" "${B[@]}"
P check config "$L/run/prometheus.yml"
P check rules "$L/run/rules/recording.yml" "$L/run/rules/alerting.yml"
P check web-config "$L/run/web.yml"
now=$(date -u +%s)
for q in 'up' 'up{job="checkout-api"}' 'sum by (service) (rate(http_requests_total[1m]))' \
         'service:http_requests:rate1m{env="production"}' 'histogram_quantile(0.99, sum by (le, http_route) (rate(http_request_duration_seconds_bucket{service="checkout-api"}[1m])))' \
         'topk(3, inventory_queue_depth)' 'ALERTS{alertstate="firing"}' 'count by (__name__) ({job="prometheus"})' \
         'sum(rate(http_requests_total{status=~"5.."}[2m])) by (env' ; do
  P query instant "${B[@]}" -o json "$PROM_URL" "$q"
done
P query instant "${A[@]}" --time="$(date -u -d @$((now-60)) +%Y-%m-%dT%H:%M:%SZ)" "$PROM_URL" 'prometheus_build_info'
for q in 'rate(prometheus_http_requests_total[1m])' 'service:http_errors:ratio_rate1m' 'job:inventory_queue_depth:max' 'sum by (site) (rate(http_requests_total{service="edge_gateway"}[1m]))'; do
  P query range "${B[@]}" --start=$((now-300)) --end=$now --step=15s "$PROM_URL" "$q"
done
P query range "${A[@]}" --start=$((now-120)) --end=$now --step=5s -o json "$PROM_URL" 'up{env="production"}'
P query series "${B[@]}" --match='http_requests_total{service="checkout-api"}' --match='inventory_queue_depth' "$PROM_URL"
P query series "${A[@]}" --match='{__name__=~"service:.*"}' --start=$((now-600)) --end=$now "$PROM_URL"
for l in job service env http_route queue __name__; do P query labels "${B[@]}" "$PROM_URL" "$l"; done
P query labels "${A[@]}" --match='up' "$PROM_URL" instance
P query analyze "${B[@]}" --server="$PROM_URL" --type=histogram --duration=5m --match='http_request_duration_seconds_bucket'
P query analyze "${A[@]}" --server="$PROM_URL" --type=histogram --duration=2m --match='http_request_duration_seconds_bucket{service="InventoryWorker"}'
# push a few batch-job metrics over remote write (promtool push metrics reads text exposition files)
cat > "$W/nightly_backup.prom" <<M
# HELP backup_last_success_timestamp_seconds Last successful backup.
# TYPE backup_last_success_timestamp_seconds gauge
backup_last_success_timestamp_seconds{job="nightly-backup",database="orders_db"} $now
backup_last_success_timestamp_seconds{job="nightly-backup",database="customerProfiles"} $((now-40))
# HELP backup_size_bytes Size of the last backup.
# TYPE backup_size_bytes gauge
backup_size_bytes{job="nightly-backup",database="orders_db"} 734003200
backup_size_bytes{job="nightly-backup",database="customerProfiles"} 91226112
M
cat > "$W/report_generator.prom" <<M
# TYPE report_rows_processed_total counter
report_rows_processed_total{job="ReportGenerator",report="monthly-revenue"} 128734
report_rows_processed_total{job="ReportGenerator",report="churn_by_region"} 20419
M
P push metrics "${A[@]}" --label=env=production --label=pushed_by=promtool "$PROM_URL" "$W/nightly_backup.prom"
P push metrics "${B[@]}" --label=env=staging "$PROM_URL" "$W/report_generator.prom"
# a debug bundle as one attaches to a bug report (GETs /debug/pprof/* and /metrics): promtool debug has no
# --http.config.file, so every one of its requests goes without credentials and gets the web config's 401
( cd "$W" && P debug all "$PROM_URL" )
exit 0
