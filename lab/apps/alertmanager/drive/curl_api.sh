#!/usr/bin/env bash
# API traffic as the docs show it, sent with curl:
#  - two Prometheus servers (prom-eu, prom-us) pushing alert batches to POST /api/v2/alerts
#    every "evaluation round", with a Prometheus User-Agent (Prometheus re-sends firing alerts
#    and finally sends them resolved with endsAt in the past);
#  - a Prometheus scraping /metrics and a kubelet probing /-/healthy and /-/ready;
#  - an operator/dashboard reading /api/v2/alerts, /alerts/groups, /silences, /silence/{id},
#    /receivers, /status, deleting silences, reloading config, a few legacy /api/v1 calls (410),
#    a few pprof reads; and a handful of scanner probes.
# Each phase is one curl process with many requests (-K config, --next), so connections are kept alive.
set -u
URL=${AM_URL:-http://127.0.0.1:19093}
ST=${AM_STATE:-/tmp/shadowtap-lab/alertmanager/state}
mkdir -p "$ST"
ROUNDS=${ROUNDS:-30}

cfg() { : > "$ST/$1.curl"; }
req() { # file method path [json-body] [extra header]
  local f="$ST/$1.curl" m=$2 p=$3 b=${4:-} h=${5:-}
  {
    [ -s "$f" ] && echo "next"
    echo "url = \"$URL$p\""
    if [ "$m" = HEAD ]; then echo "head"; else echo "request = \"$m\""; fi
    echo "output = \"/dev/null\""
    echo "write-out = \"%{http_code} %{method} %{url_effective}\\\\n\""
    echo "silent"
    [ -n "$h" ] && echo "header = \"$h\""
    if [ -n "$b" ]; then
      echo 'header = "Content-Type: application/json"'
      printf 'data = "%s"\n' "$(printf '%s' "$b" | sed 's/\\/\\\\/g; s/"/\\"/g')"
    fi
  } >> "$f"
}
run() { curl -s -K "$ST/$1.curl" "${@:2}" >> "$ST/curl_status.log" 2>&1 || true; }

ts() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.000Z; }

alert() { # alertname severity team service cluster instance summary [endsAt]
  local ends=""
  [ -n "${8:-}" ] && ends=",\"endsAt\":\"$8\""
  printf '{"labels":{"alertname":"%s","severity":"%s","team":"%s","service":"%s","cluster":"%s","instance":"%s","job":"%s","prometheus":"%s"},"annotations":{"summary":"%s","runbook_url":"https://runbooks.example.com/%s/%s"},"startsAt":"%s"%s,"generatorURL":"http://%s:9090/graph?g0.expr=%s&g0.tab=1"}' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$4" "$PROM" "$7" "$3" "$1" "$START" "$ends" "$PROM" "$1"
}

batch_eu() {
  echo "[$(alert PaymentsErrorRate critical payments checkout-api eu-west-1 checkout-7f9c:8080 '5xx ratio above 5%' $1),$(alert PaymentsErrorRate warning payments checkout-api eu-west-1 checkout-7f9c:8080 '5xx ratio above 1%'),$(alert SearchIndexLag warning search indexer eu-west-1 indexer-2:9200 'index lag above 10m'),$(alert NodeFilesystemAlmostFull critical platform node-exporter eu-west-1 node-14:9100 'filesystem /var/lib/docker 97% full'),$(alert NodeHighLoad warning platform node-exporter eu-west-1 node-11:9100 'load15 above 8'),$(alert Watchdog none platform prometheus eu-west-1 prom-eu:9090 'always firing')]"
}
batch_us() {
  echo "[$(alert RefundQueueBacklog warning payments refund-worker us-east-2 refund-0:9102 'backlog above 5000' $1),$(alert SearchQueryLatency critical search search-api us-east-2 search-api-4:8080 'p99 above 1.5s'),$(alert SearchQueryLatency warning search search-api us-east-2 search-api-1:8080 'p99 above 700ms'),$(alert NodeMemoryPressure warning platform node-exporter us-east-2 node-03:9100 'memory available below 5%'),$(alert KubePodCrashLooping warning platform kube-state-metrics us-east-2 ksm-0:8080 'pod ledger-sync-6d9 restarting'),$(alert Watchdog none platform prometheus us-east-2 prom-us:9090 'always firing')]"
}

START=$(ts '-25 minutes')
cfg prom_eu; cfg prom_us; cfg probes_k8s
for r in $(seq 1 "$ROUNDS"); do
  ends=""
  [ "$r" -eq "$ROUNDS" ] && ends=$(ts '-10 seconds')   # last round: first alert resolved
  PROM=prom-eu; req prom_eu POST /api/v2/alerts "$(batch_eu "$ends")" "User-Agent: Prometheus/3.5.0"
  PROM=prom-us; req prom_us POST /api/v2/alerts "$(batch_us "$ends")" "User-Agent: Prometheus/3.5.0"
  if [ $((r % 3)) -eq 0 ]; then req prom_eu GET /metrics "" "User-Agent: Prometheus/3.5.0"; fi
  req probes_k8s GET /-/healthy "" "User-Agent: kube-probe/1.31"
  req probes_k8s GET /-/ready "" "User-Agent: kube-probe/1.31"
done
# one malformed batch and one with an invalid label -> 400 on a real route
req prom_us POST /api/v2/alerts '[{"labels":{"alertname":""},"startsAt":"not-a-time"}]' "User-Agent: Prometheus/3.5.0"
req prom_us POST /api/v2/alerts '{"labels":{"alertname":"X"}}' "User-Agent: Prometheus/3.5.0"
req probes_k8s HEAD /-/healthy "" "User-Agent: kube-probe/1.31"
req probes_k8s HEAD /-/ready "" "User-Agent: kube-probe/1.31"
run prom_eu; run prom_us; run probes_k8s

# ---- operator / dashboard reads ----
cfg ops
for f in 'team="payments"' 'team="search"' 'severity="critical"' 'alertname=~"Node.*"' 'cluster="us-east-2"' 'instance="node-14:9100"'; do
  enc=$(jq -rn --arg v "$f" '$v|@uri')
  req ops GET "/api/v2/alerts?filter=$enc"
  req ops GET "/api/v2/alerts?filter=$enc&silenced=false&inhibited=false&active=true"
  req ops GET "/api/v2/alerts/groups?filter=$enc"
  req ops GET "/api/v2/alerts/groups?filter=$enc&receiver=payments-pager"
  req ops GET "/api/v2/silences?filter=$enc"
done
for rc in payments-pager payments-slack search-slack platform-oncall deadmans-switch; do
  req ops GET "/api/v2/alerts?receiver=$rc"
  req ops GET "/api/v2/alerts/groups?receiver=$rc&active=true&silenced=true&inhibited=true"
done
req ops GET /api/v2/alerts
req ops GET /api/v2/alerts/groups
req ops GET /api/v2/receivers
req ops GET /api/v2/status
req ops GET /api/v2/silences
req ops GET "/api/v2/alerts?filter=severity%3D~%22%28%22"      # bad regex -> 400
req ops GET "/api/v2/alerts?filter=%7Bbroken"                # bad matcher -> 400
req ops GET "/api/v2/silences?filter=%21%21"                 # bad matcher -> 400
run ops

# silences created over the API (as Grafana / scripts do), then read, updated, deleted
cfg sil
mk_sil() { # createdBy comment name value isRegex duration
  printf '{"matchers":[{"name":"%s","value":"%s","isRegex":%s,"isEqual":true}],"startsAt":"%s","endsAt":"%s","createdBy":"%s","comment":"%s"}' \
    "$3" "$4" "$5" "$(ts '-1 minute')" "$(ts "+$6")" "$1" "$2"
}
req sil POST /api/v2/silences "$(mk_sil grafana-oncall 'auto-silence during deploy of ledger-sync' service ledger-sync false '2 hours')"
req sil POST /api/v2/silences "$(mk_sil emma.schulz 'planned maintenance node-1x' instance 'node-1[0-9]:9100' true '6 hours')"
req sil POST /api/v2/silences "$(mk_sil frank.okafor 'search-api load test' service search-api false '45 minutes')"
req sil POST /api/v2/silences "$(mk_sil grafana-oncall 'mute watchdog in us-east-2' cluster us-east-2 false '1 hour')"
req sil POST /api/v2/silences '{"matchers":[],"startsAt":"2024-01-01T00:00:00Z","endsAt":"2023-01-01T00:00:00Z","createdBy":"frank.okafor","comment":"bad"}'   # 400
run sil
curl -s "$URL/api/v2/silences" -o "$ST/silences.json"
jq -r '.[] | select(.status.state=="active") | .id' "$ST/silences.json" | sort > "$ST/active_ids.txt"
jq -r '.[] | select(.status.state=="expired") | .id' "$ST/silences.json" | sort > "$ST/expired_ids.txt"

cfg sil2
while read -r id; do
  req sil2 GET "/api/v2/silence/$id"
  req sil2 GET "/api/v2/alerts?silenced=true&active=false"
done < "$ST/active_ids.txt"
while read -r id; do req sil2 GET "/api/v2/silence/$id"; done < "$ST/expired_ids.txt"
# update (POST with id) of the first two active silences: extend them
n=0
while read -r id && [ $n -lt 2 ]; do
  body=$(jq -c --arg id "$id" --arg e "$(ts '+12 hours')" '.[] | select(.id==$id) | {id, matchers, startsAt, endsAt: $e, createdBy, comment: (.comment + " (extended)")}' "$ST/silences.json")
  req sil2 POST /api/v2/silences "$body"
  n=$((n+1))
done < "$ST/active_ids.txt"
# delete three active silences, one of them twice
tail -n 3 "$ST/active_ids.txt" > "$ST/del_ids.txt"
while read -r id; do req sil2 DELETE "/api/v2/silence/$id"; req sil2 GET "/api/v2/silence/$id"; done < "$ST/del_ids.txt"
req sil2 DELETE "/api/v2/silence/$(head -n1 "$ST/del_ids.txt")"
# missing silences -> 404, malformed id -> 422/400
for id in 0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d 7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586 f00dbabe-0000-4000-8000-000000000001; do
  req sil2 GET "/api/v2/silence/$id"; req sil2 DELETE "/api/v2/silence/$id"
done
req sil2 GET /api/v2/silence/not-a-uuid
req sil2 GET "/api/v2/silences"
run sil2

# ---- admin: reload, metrics, pprof, legacy v1 ----
cfg admin
req admin POST /-/reload
req admin GET /metrics
req admin GET /api/v2/status
req admin POST /-/reload
req admin GET /debug/pprof/
req admin GET "/debug/pprof/goroutine?debug=1"
req admin GET "/debug/pprof/heap?debug=1"
req admin GET /debug/pprof/cmdline
req admin GET /api/v1/status
req admin GET /api/v1/alerts
req admin POST /api/v1/alerts '[{"labels":{"alertname":"LegacyPush"}}]'
req admin GET /api/v1/silences
req admin GET /api/v1/receivers
req admin GET /api/v1/silence/0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d
req admin DELETE /api/v1/silence/0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d
req admin GET /-/healthy
req admin GET /lib/font-awesome-4.7.0/css/font-awesome.css
req admin GET /lib/bootstrap-4.6.2-dist/css/missing.css   # 404 on a real route
[ "${SECOND:-0}" = 1 ] || run admin

# ---- scanner probes: paths no route serves ----
cfg scan
for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/env /config.json /.aws/credentials /api/v3/alerts /cgi-bin/luci /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /api/v2/admin/users /HNAP1/ /owa/auth/logon.aspx /solr/admin/info/system; do
  req scan GET "$p" "" "User-Agent: Mozilla/5.0 zgrab/0.x"
done
req scan POST /api/v2/alerts/bulk '[]' "User-Agent: Mozilla/5.0 zgrab/0.x"
[ "${SECOND:-0}" = 1 ] || run scan
