#!/usr/bin/env bash
# Records Ory Keto v0.13.0-alpha.0 (SQLite; read API 127.0.0.1:14466, write API :14467, metrics :14468, OPL syntax
# API :14469, all four recorded) driven by: the platform team's bootstrap with curl (OPL checks, seed tuples parsed
# by `keto relation-tuple parse` and written in batches), the document service through Ory's JS SDK
# (@ory/keto-client), the task board service with python http.client, the platform team's operations with curl,
# the kubelet's probes and Prometheus scrapes, scanner probes. Keto has no web UI, so there is no browser client.
# Only HTTP/1.1: the gRPC side of the read/write/OPL ports (cmux) is not used by any client here.
# Fresh database and state each time. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$L/capture.pcap" "$L/run"; mkdir -p "$STATE" "$L/run"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
for p in $READ_PORT $WRITE_PORT $METRICS_PORT $OPL_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
trap cleanup EXIT

# the deployment: config, OPL namespaces, a fresh SQLite database with the migrations applied (no network)
cp "$HERE/drive/keto.yml" "$HERE/drive/namespaces.keto.ts" "$L/run/"
export DSN="sqlite://$L/run/keto.sqlite?_fk=true&mode=rwc"
export NAMESPACES_LOCATION="file://$L/run/namespaces.keto.ts"
export SQA_OPT_OUT=true
(cd "$L/run" && "$L/bin/keto" migrate up -y -c "$L/run/keto.yml" > "$L/run/migrate.log" 2>&1)

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" \
  "tcp port $READ_PORT or tcp port $WRITE_PORT or tcp port $METRICS_PORT or tcp port $OPL_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD)
sleep 2
(cd "$L/run" && exec "$L/bin/keto" serve --sqa-opt-out -c "$L/run/keto.yml") >"$L/run/keto.log" 2>&1 &
SRV=$!; PIDS+=($SRV)
# the kubelet's readiness probe until it answers
for i in $(seq 1 50); do curl -fs -A kube-probe/1.31 -o /dev/null "$READ/health/ready" && break; sleep 0.3; done

# the kubelet's liveness / readiness probes of the read and write containers every 3 s, a new connection each
( while :; do
    for u in "$READ/health/alive" "$READ/health/ready" "$WRITE/health/alive" "$WRITE/health/ready" "$OPL/health/ready"; do
      curl -s -A kube-probe/1.31 -o /dev/null "$u"; done
    sleep 3
  done ) &
KP=$!; PIDS+=($KP)
export PYTHONUNBUFFERED=1
echo "== bootstrap"; bash "$HERE/drive/bootstrap.sh" > "$L/run/bootstrap.out"
sleep 3
echo "== sdk";       node "$HERE/drive/sdk.cjs"
sleep 3
echo "== tasks";     python3 "$HERE/drive/tasks.py"
sleep 3
echo "== admin";     bash "$HERE/drive/admin.sh" > "$L/run/admin.out"
sleep 2
echo "== probes";    bash "$HERE/drive/probes.sh" > "$L/run/probes.out"
curl -s -A "Prometheus/2.53.0" -o /dev/null -w "scrape %{http_code} GET %{url_effective}\n" "$METRICS/metrics/prometheus" | tee -a "$STATE/calls.log"

kill $KP; wait $KP 2>/dev/null || true
sleep 1
kill -INT $SRV || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1, $2}' "$STATE/calls.log" | sort | uniq -c
echo "scripted calls: $(wc -l < "$STATE/calls.log")"
DA=(); for p in $READ_PORT $WRITE_PORT $METRICS_PORT $OPL_PORT; do DA+=(-d "tcp.port==$p,http"); done
echo "HTTP requests in the capture: $(tshark -r "$L/capture.pcap" "${DA[@]}" -Y http.request -T fields -e tcp.dstport 2>/dev/null | wc -l)"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
