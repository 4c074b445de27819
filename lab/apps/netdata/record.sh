#!/usr/bin/env bash
# Records one clean run of Netdata 1.37.1 (Debian netdata / netdata-core / netdata-web 1.37.1-2): a parent agent
# (observability-hub, web + API on 127.0.0.1:19999: the only recorded port) and three child agents (web-frontend-01,
# db-postgres-02, cache-redis-03; own config/cache/lib dirs, web ports 19101-19103, not recorded) streaming their
# metrics to the parent's port with the stream.conf API key, so the parent serves each of them under /host/NAME/.
# Clients: the dashboard in headless Chromium, curl scripts on the REST API (drive/api.sh), a Grafana-style data
# source, the health management API with the agent's token, a capacity report (python urllib, drive/report.py),
# kubelet-style health probes of /api/v1/info, a Prometheus-style scrape of /api/v1/allmetrics?format=prometheus every
# 10 s, an alert bot polling the active alarms, scanner probes.
# The children's streaming connections (`STREAM key=...&hostname=... HTTP/1.1`, then the metrics) go to the recorded
# port, so they are in the capture too. Fresh agents and databases each run. Writes capture.pcap.zst next to this.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -x /usr/sbin/netdata ] && [ -d "$HERE/../../browser/node_modules/playwright-core" ] || bash "$HERE/setup.sh"
# Everything runs in a private network namespace whose only interface is loopback (unshare, as root): the agents,
# their plugins and the browser cannot reach anything outside 127.0.0.0/8 (the dashboard asks GitHub and a news CDN,
# and the agent has an anonymous-statistics script: opted out as well, DO_NOT_TRACK and the opt-out file).
if [ -z "${NETDATA_LAB_NETNS:-}" ]; then
  exec env NETDATA_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
fi
export STATE=$L/state
rm -rf "$STATE" "$L/capture.pcap"; mkdir -p "$STATE"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; bash "$HERE/drive/agents.sh" stop || true; }
trap cleanup EXIT
wait_info() { for i in $(seq 1 100); do curl -fs -o /dev/null -A kube-probe/1.27 "$BASE/api/v1/info" && return 0; sleep 0.3; done; return 1; }
wait_children() {  # until the parent lists every child as reachable
  local want; want=$(echo $CHILDREN | wc -w)
  for i in $(seq 1 60); do
    got=$(curl -s -A kube-probe/1.27 "$BASE/api/v1/info" | python3 -c 'import json,sys; print(sum(1 for h in json.load(sys.stdin)["mirrored_hosts_status"] if h["hops"] and h["reachable"]))' 2>/dev/null || echo 0)
    [ "$got" -ge "$want" ] && return 0; sleep 1
  done; return 1
}

# 1. warm-up (not recorded): throw-away agents, the dashboards loaded once so the browser's HTTP cache holds the
#    bundles, as a returning user's does (see drive/browser.cjs)
bash "$HERE/drive/agents.sh" config
bash "$HERE/drive/agents.sh" start-parent; wait_info
bash "$HERE/drive/agents.sh" start-children; wait_children
rm -rf "$L/chromium-profile"
node "$HERE/drive/browser.cjs" warm
bash "$HERE/drive/agents.sh" stop

# 2. the recording: fresh agents
bash "$HERE/drive/agents.sh" config
tcpdump -i lo -s 0 -B 65536 -U -w "$L/capture.pcap" "tcp port $PARENT_PORT" 2> "$L/tcpdump.log" &
TD=$!; PIDS+=($TD)
for i in $(seq 50); do grep -q listening "$L/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
bash "$HERE/drive/agents.sh" start-parent; wait_info
bash "$HERE/drive/agents.sh" start-children; wait_children
# kubelet-style liveness probe (a new connection every 5 s) and a Prometheus-style scrape every 10 s
( while :; do curl -s -o /dev/null -A kube-probe/1.27 "$BASE/api/v1/info"; sleep 5; done ) & PIDS+=($!); KP=$!
( while :; do curl -s -o /dev/null -A 'Prometheus/2.45.0' -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' \
    "$BASE/api/v1/allmetrics?format=prometheus&help=no&types=yes&source=average"; sleep 10; done ) & PIDS+=($!); PR=$!
# an alert bot (Slack-style) polling the active alarms of the parent and of each child in turn every 4 s
( i=0; set -- "" $(for c in $CHILDREN; do printf '/host/%s ' "${c%%:*}"; done)
  while :; do h=${@:$(( i % $# + 1 )):1}; i=$((i+1))
    curl -s -o /dev/null -A 'netdata-alert-bot/0.3 Python-urllib/3.11' "$BASE$h/api/v1/alarms?active"; sleep 4; done ) & PIDS+=($!); AB=$!
sleep 5
echo "== browser";  node "$HERE/drive/browser.cjs"
for ph in ops children grafana health; do echo "== $ph"; bash "$HERE/drive/api.sh" $ph; done
echo "== report"; python3 "$HERE/drive/report.py"
for ph in files anon probes; do echo "== $ph"; bash "$HERE/drive/api.sh" $ph; done
sleep 3
kill $KP $PR $AB 2>/dev/null || true; wait $KP $PR $AB 2>/dev/null || true
bash "$HERE/drive/agents.sh" stop
sleep 1
kill -INT $TD; wait $TD || true
trap - EXIT
awk '{print $1, $2}' "$STATE/calls.log" | sort | uniq -c
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$L/capture.pcap" "$HERE/capture.pcap.zst"
