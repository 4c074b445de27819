#!/usr/bin/env bash
# Records temporal-names2: the Temporal dev server of ../temporal (the Temporal CLI v1.9.1's start-dev: gRPC frontend
# on 127.0.0.1:17233, HTTP API on 17243, SQLite file) with the namespaces payments_eu, LogisticsProd and research,
# driven by this app's Go SDK worker (gRPC, not recorded) and curl on the HTTP API as its docs show (namespaces,
# shipments, payouts, sign-ups and ETL runs started, signalled, queried, updated, cancelled, terminated, reset;
# histories; schedules created, triggered, paused, backfilled, updated, deleted; a Nexus endpoint; a batch cancel;
# task queues, workers, search attributes, cluster and system info; a dashboard's polling; calls on things that do
# not exist; an older integration on the unprefixed paths), scanner probes. Only the HTTP API port is recorded (no
# browser). Fresh database and state each time. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$L/capture.pcap" "$L/temporal.db"*; mkdir -p "$STATE"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $HTTP_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD)
sleep 2
NSFLAGS=(); for ns in $NS_START; do NSFLAGS+=(--namespace "$ns"); done
"$L/bin/devserver" --ip 127.0.0.1 --port $GRPC_PORT --http-port $HTTP_PORT --ui-port $UI_PORT --metrics-port $METRICS_PORT \
  --db-filename "$L/temporal.db" "${NSFLAGS[@]}" >"$L/devserver.log" 2>&1 &
SRV=$!; PIDS+=($SRV)
# wait for the frontend without touching the recorded port: the metrics endpoint is up once the services are
for i in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics" && break; sleep 0.5; done
sleep 2

echo "== setup (namespaces over the HTTP API)"; bash "$HERE/drive/api.sh" setup
# the new namespace becomes visible to the frontend's namespace registry within its refresh interval
sleep 12
echo "== worker"
"$L/bin/worker" 127.0.0.1:$GRPC_PORT default $NS_START $NS_API >"$L/worker.log" 2>&1 &
WK=$!; PIDS+=($WK)
sleep 3
kill -0 $WK || { echo "worker died"; cat "$L/worker.log"; exit 1; }
echo "== workflows";  bash "$HERE/drive/api.sh" work
echo "== schedules";  bash "$HERE/drive/api.sh" schedules
echo "== monitor";    bash "$HERE/drive/api.sh" monitor 7
echo "== wave2";      bash "$HERE/drive/api.sh" wave2
echo "== missing";    bash "$HERE/drive/api.sh" missing
echo "== nexus";      bash "$HERE/drive/api.sh" nexus
echo "== legacy";     bash "$HERE/drive/api.sh" legacy
echo "== probes";     bash "$HERE/drive/probes.sh"
echo "== batch";      bash "$HERE/drive/api.sh" batch
echo "== monitor";    bash "$HERE/drive/api.sh" monitor 7

kill -INT $WK; wait $WK || true
kill -INT $SRV; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1}' "$STATE/calls.log" | sort | uniq -c
wc -l < "$STATE/calls.log"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
