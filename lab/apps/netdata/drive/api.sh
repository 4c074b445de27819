#!/usr/bin/env bash
# Scripted clients of Netdata's REST API (/api/v1, as netdata-swagger.yaml and the agent's docs show), on the parent
# agent and, through the parent, on the children it receives streams from (/host/NAME/api/v1/...).
# Usage: api.sh PHASE. Every call is logged to $STATE/calls.log (phase, status, method, path).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
STATE=${STATE:-$RUN/state}; mkdir -p "$STATE"
read -r -a KIDS <<< "$(for c in $CHILDREN; do printf '%s ' "${c%%:*}"; done)"
PHASE=$1
UA="curl/7.88.1"
c() {  # c [curl options...] PATH  (GET unless -X)
  local p=${*: -1} code
  code=$(curl -s -o "$STATE/last.body" -w '%{http_code}' -A "$UA" "${@:1:$#-1}" "$BASE$p" || echo 000)
  echo "$PHASE $code ${p}" >> "$STATE/calls.log"
  echo "$code"
}
q() { c "$@" >/dev/null; }

case "$PHASE" in
ops)  # an SRE exploring the parent with curl, as the API docs show
  UA="curl/7.88.1"
  q /api/v1/info
  q /api/v1/charts
  for ch in system.cpu system.load system.ram mem.available disk_space._ netdata.requests apps.cpu ipv4.tcpsock; do
    q "/api/v1/chart?chart=$ch"
  done
  q /api/v1/contexts
  q "/api/v1/contexts?options=labels&after=-600"
  for ctx in system.cpu mem.available disk.space apps.mem netdata.server_cpu; do
    q "/api/v1/context?context=$ctx"
  done
  q "/api/v1/context?context=system.load&options=full,dimensions"
  # data queries: charts, dimensions, groupings, formats, options
  q "/api/v1/data?chart=system.cpu&after=-60&before=0&points=60&group=average&format=json&options=seconds,jsonwrap"
  q "/api/v1/data?chart=system.cpu&after=-300&points=30&group=max&format=csv&options=nonzero"
  q "/api/v1/data?chart=system.load&after=-600&points=20&group=average&format=datatable"
  q "/api/v1/data?chart=system.ram&dimension=used,cached&after=-120&points=12&format=ssv&options=percentage"
  q "/api/v1/data?chart=system.ram&dimensions=free&after=-60&format=array&options=abs"
  q "/api/v1/data?chart=mem.available&after=-900&points=15&group=min&format=json&options=unaligned"
  q "/api/v1/data?chart=disk_space._&after=-60&points=1&group=average&format=tsv&options=percentage"
  q "/api/v1/data?chart=netdata.requests&after=-120&points=24&group=sum&format=json&options=jsonwrap,flip"
  q "/api/v1/data?chart=apps.cpu&after=-60&points=6&format=html&options=nonzero"
  q "/api/v1/data?chart=apps.mem&after=-60&points=6&format=markdown&options=nonzero"
  q "/api/v1/data?chart=ipv4.tcpsock&after=-300&points=10&group=median&format=csvjsonarray"
  q "/api/v1/data?chart=system.io&after=-120&points=24&group=stddev&format=json&options=objectrows,ms"
  q "/api/v1/data?chart=system.processes&after=-60&points=60&format=datasource&tqx=reqId:7&options=google_json"
  q "/api/v1/data?chart=system.cpu&after=-60&format=jsonp&callback=renderCpu"
  q "/api/v1/data?chart=system.cpu&after=-3600&before=-1800&points=60&group=average&format=json"
  q "/api/v1/data?chart=system.cpu&after=-60&points=10&group=percentile&group_options=95&format=json"
  q "/api/v1/data?chart=system.cpu&after=-60&points=10&group=trimmed-mean&format=json"
  q "/api/v1/data?chart=system.cpu&after=-120&points=4&group=incremental-sum&format=csv&filename=cpu-report.csv"
  q "/api/v1/data?context=system.cpu&after=-60&points=12&format=json&options=jsonwrap"
  q "/api/v1/data?context=mem.available&after=-60&points=12&format=json"
  q "/api/v1/data?chart=no.such_chart&after=-60"          # 404 chart not found
  # alarms
  q "/api/v1/alarms"
  q "/api/v1/alarms?all"
  q "/api/v1/alarms?active"
  q "/api/v1/alarms_values?all"
  q "/api/v1/alarm_log"
  q "/api/v1/alarm_log?after=$(( $(date +%s) - 600 ))"
  q "/api/v1/alarm_count"
  q "/api/v1/alarm_count?status=WARNING"
  q "/api/v1/alarm_count?context=system.cpu&status=CRITICAL&status=WARNING"
  q "/api/v1/alarm_variables?chart=system.cpu"
  q "/api/v1/alarm_variables?chart=system.ram"
  # badges
  q "/api/v1/badge.svg?chart=system.cpu"
  q "/api/v1/badge.svg?chart=system.load&dimensions=load1&label=load&precision=2"
  q "/api/v1/badge.svg?chart=system.ram&dimensions=used&units=MiB&value_color=blue"
  q "/api/v1/badge.svg?alarm=ram_in_use&chart=system.ram"
  q "/api/v1/badge.svg?alarm=10min_cpu_usage&chart=system.cpu&label=cpu%2010m"
  q "/api/v1/badge.svg?alarm=disk_space_usage&chart=disk_space._&refresh=auto"
  q "/api/v1/badge.svg?chart=netdata.requests&after=-60&group=sum&label=requests%2Fmin&units=null"
  q "/api/v1/badge.svg?chart=no.such_chart"
  # allmetrics in its formats
  q "/api/v1/allmetrics"
  q "/api/v1/allmetrics?format=shell"
  q "/api/v1/allmetrics?format=shell&filter=system.*"
  q "/api/v1/allmetrics?format=json"
  q "/api/v1/allmetrics?format=json&filter=mem.*"
  q "/api/v1/allmetrics?format=prometheus&help=yes&types=yes&filter=system.cpu%20system.load"
  q "/api/v1/allmetrics?format=prometheus&source=as-collected&filter=netdata.*&prefix=nd"
  q "/api/v1/allmetrics?format=prometheus_all_hosts&filter=system.load"
  q "/api/v1/allmetrics?format=prometheus_all_hosts&timestamps=no&filter=system.cpu"
  # weights / metric correlations (the last minute against the three before it)
  q "/api/v1/weights?after=-60&before=0&baseline_after=-240&baseline_before=-60&method=ks2&context=system.*"
  q "/api/v1/weights?after=-60&before=0&method=volume&context=mem.*%20system.*&options=nonzero"
  q "/api/v1/weights?after=-120&before=0&method=anomaly-rate"
  q "/api/v1/metric_correlations?after=-60&before=0&baseline_after=-240&baseline_before=-60&method=ks2&points=200"
  q "/api/v1/metric_correlations?after=-60&before=0&method=volume"
  # functions (ACLK-only in this build: refused), aclk state, db engine
  q /api/v1/functions
  q "/api/v1/function?function=processes"
  q /api/v1/aclk
  q /api/v1/dbengine_stats
  q "/api/v1/archivedcharts"
  q "/api/v1/registry?action=hello"
  ;;
children)  # the same person through the parent, on each child (/host/NAME/), as the streaming docs show
  UA="curl/7.88.1"
  for h in "${KIDS[@]}"; do
    P=/host/$h/api/v1
    q "$P/info"
    q "$P/charts"
    q "$P/chart?chart=system.cpu"
    q "$P/contexts"
    q "$P/context?context=disk.space"
    q "$P/data?chart=system.cpu&after=-60&points=12&group=average&format=json&options=jsonwrap"
    q "$P/data?chart=system.load&after=-300&points=30&format=csv"
    q "$P/data?chart=system.ram&dimensions=used,free&after=-120&points=24&format=json&options=percentage"
    q "$P/data?chart=disk_space._&after=-60&points=1&format=array&options=percentage"
    q "$P/data?context=mem.available&after=-60&points=6&format=json"
    q "$P/alarms?all"
    q "$P/alarms?active"
    q "$P/alarm_log"
    q "$P/alarm_count?status=WARNING"
    q "$P/alarm_variables?chart=system.load"
    q "$P/badge.svg?chart=system.cpu&label=$h%20cpu"
    q "$P/badge.svg?alarm=load_average_15&chart=system.load"
    q "$P/allmetrics?format=json&filter=system.*"
    q "$P/allmetrics?format=shell&filter=mem.*"
    q "$P/allmetrics?format=prometheus&filter=system.load%20system.cpu"
    q "$P/weights?after=-60&method=volume&context=system.*"
    q "$P/functions"
  done
  # a host by machine GUID (as /api/v1/info's mirrored_hosts_status lists them), a host this parent does not have,
  # and the host page without its trailing slash (redirect)
  G=$(curl -s "$BASE/api/v1/info" | python3 -c 'import json,sys; print([h["guid"] for h in json.load(sys.stdin)["mirrored_hosts_status"] if h["hops"]][0])')
  echo "ops 200 /api/v1/info" >> "$STATE/calls.log"
  q "/host/$G/api/v1/info"
  q "/host/$G/api/v1/data?chart=system.load&after=-60&points=6"
  q "/host/billing-worker-07/api/v1/info"
  q "/host/${KIDS[0]}"
  q "/host/${KIDS[1]}/netdata.conf"
  ;;
grafana)  # a Grafana-style data source polling a few panels on the parent and two children
  UA="Grafana/9.5.2"
  for round in 1 2 3 4; do
    for pfx in "" "/host/${KIDS[0]}" "/host/${KIDS[1]}"; do
      q "$pfx/api/v1/data?chart=system.cpu&after=-900&before=0&points=300&group=average&format=json&options=seconds,jsonwrap"
      q "$pfx/api/v1/data?chart=system.load&after=-900&before=0&points=300&group=average&format=json&options=seconds,jsonwrap"
    done
    q "/api/v1/data?chart=netdata.requests&after=-900&points=300&group=sum&format=json&options=seconds,jsonwrap"
    sleep 3
  done
  q "/api/v1/charts"
  q "/host/${KIDS[2]}/api/v1/charts"
  ;;
health)  # health management API with the agent's token (as health-cmdapi-test.sh in plugins.d does it)
  UA="curl/7.88.1"
  TOKEN=$(cat "$RUN/parent/lib/netdata.api.key")
  H="X-Auth-Token: $TOKEN"
  q -H "$H" "/api/v1/manage/health?cmd=LIST"
  q -H "$H" "/api/v1/manage/health?cmd=SILENCE&alarm=10min_cpu_usage%2010min_cpu_iowait"
  q "/api/v1/alarms?all&$RANDOM"
  q -H "$H" "/api/v1/manage/health?cmd=SILENCE&chart=system.load&alarm=load_trigger"
  q -H "$H" "/api/v1/manage/health?cmd=LIST"
  q -H "$H" "/api/v1/manage/health?cmd=DISABLE&context=disk.space&hosts=${KIDS[1]}"
  q -H "$H" "/api/v1/manage/health?cmd=SILENCE&hosts=${KIDS[0]}%20${KIDS[2]}&alarm=ram_in_use"
  q -H "$H" "/api/v1/manage/health?cmd=LIST"
  q "/api/v1/alarms?all&$RANDOM"
  q -H "$H" "/api/v1/manage/health?cmd=RESET"
  q -H "$H" "/api/v1/manage/health?cmd=SILENCE%20ALL"
  q -H "$H" "/api/v1/manage/health?cmd=LIST"
  q -H "$H" "/api/v1/manage/health?cmd=DISABLE%20ALL"
  q "/api/v1/alarms?all&$RANDOM"
  q -H "$H" "/api/v1/manage/health?cmd=RESET"
  q -H "$H" "/api/v1/manage/health?cmd=LIST"
  q -H "$H" "/api/v1/manage/health?cmd=FROBNICATE"            # unknown command: 400
  q -H "$H" "/host/${KIDS[0]}/api/v1/manage/health?cmd=LIST"
  # without the token, with a wrong one, and a token in the query string (not read): 403
  q "/api/v1/manage/health?cmd=LIST"
  q "/api/v1/manage/health?cmd=SILENCE%20ALL"
  q -H "X-Auth-Token: 0b5f8e1c-3a2d-4c7e-9f10-deadbeef0001" "/api/v1/manage/health?cmd=DISABLE%20ALL"
  q -H "X-Auth-Token: admin" "/api/v1/manage/health?cmd=RESET"
  q "/api/v1/manage/health?cmd=LIST&token=$TOKEN"
  ;;
files)  # the operator's other downloads: the running config (as netdata.conf's header says), the API docs, web files
  UA="Wget/1.21.3"
  q /netdata.conf
  q /netdata-swagger.yaml
  q /netdata-swagger.json
  UA="curl/7.88.1"
  q /version.txt
  q /robots.txt
  q /manifest.json
  q /favicon.ico
  q /.well-known/dnt/cookies
  q /sitemap.xml
  q /old/
  q /old/index.html
  q /dash-example.html
  q /tv.html
  q /infographic.html
  q /index-node-view.html
  q /goto-host-from-alarm.html
  q /lib/jquery-3.6.0.min.js
  q /images/netdata.svg
  q "/host/${KIDS[2]}/version.txt"
  q "/host/${KIDS[2]}/favicon.ico"
  q /lib/no-such-lib.js                       # 404 from the file handler
  ;;
anon)  # requests from another box on the LAN (no token; the agent has no other credentials), incl. refusals
  UA="python-requests/2.28.1"
  q /api/v1/info
  q "/api/v1/data?chart=system.cpu&after=-60&points=10&format=json"
  q "/api/v1/badge.svg?chart=system.load"
  q "/api/v1/function?function=processes&timeout=10"
  q "/api/v1/functions"
  q "/api/v1/manage/health?cmd=LIST"
  q -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.invalid" "/api/v1/manage/health?cmd=RESET"
  q -u admin:admin "/api/v1/manage/health?cmd=LIST"
  # a script written for a newer agent (/api/v2, /node/ID): not served by 1.37
  q /api/v2/info
  q "/api/v2/data?contexts=system.cpu&after=-60"
  U=$(curl -s "$BASE/api/v1/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')
  echo "anon 200 /api/v1/info" >> "$STATE/calls.log"
  q "/node/$U/api/v1/info"
  q "/api/v1/info/"                            # trailing slash: "Unsupported v1 API command" 404
  ;;
probes)  # a scanner walking the port
  UA="Mozilla/5.0 zgrab/0.x"
  for p in /.env /wp-login.php /admin/config.php /.git/config /phpmyadmin/index.php /server-status /actuator/env \
           /config.json /.aws/credentials /cgi-bin/luci /HNAP1/ /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php \
           /owa/auth/logon.aspx /boaform/admin/formLogin /console /solr/admin/info/system; do
    q "$p"
  done
  q --path-as-is /api/v1/../../../../etc/passwd
  q -X POST -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' /xmlrpc.php
  q -X POST -H 'Content-Type: application/json' -d '{}' /api/v1/manage/health
  q -I /
  ;;
esac
