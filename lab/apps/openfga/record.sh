#!/usr/bin/env bash
# Records OpenFGA v1.23.0: the production instance (SQLite, preshared-key authentication with four keys, AuthZEN
# experimental on; HTTP API 127.0.0.1:18780, metrics :12782, profiler :13783, all recorded) and a developer sandbox
# instance (in-memory, authn none, the built-in Playground on :13790, recorded; its API port :18790 is not) driven by:
# the platform team's bootstrap (curl), the billing team's CI and the tenant sandbox's jobs (fga CLI), the document
# service (JS SDK @openfga/sdk), the helpdesk portal (python http.client: AuthZEN and the OpenFGA API), the platform
# team's operations (curl), calls without or with bad credentials and a stale dashboard (curl), the SRE on call
# (scrapes, pprof with curl and `go tool pprof`), a developer's browser on the Playground (headless Chromium), kubelet
# probes, Prometheus scrapes, scanner probes. gRPC is not used by any client. Fresh database and state each time.
# Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$RUN" "$L/capture.pcap"; mkdir -p "$STATE" "$RUN"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
for p in $HTTP_PORT $GRPC_PORT $METRICS_PORT $PROFILER_PORT $DEV_HTTP_PORT $DEV_GRPC_PORT $PLAYGROUND_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
trap cleanup EXIT
# the production database: SQLite, migrated before the capture (no network)
"$L/bin/openfga" migrate --datastore-engine sqlite --datastore-uri "file:$RUN/openfga.db" > "$RUN/migrate.log" 2>&1
"$L/bin/fga" model transform --file "$HERE/drive/models/docs-v2.fga" > "$STATE/docs-v2.json"

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" \
  "tcp port $HTTP_PORT or tcp port $METRICS_PORT or tcp port $PROFILER_PORT or tcp port $PLAYGROUND_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD)
sleep 2
(cd "$RUN" && exec "$L/bin/openfga" run --log-format json \
  --datastore-engine sqlite --datastore-uri "file:$RUN/openfga.db" \
  --http-addr 127.0.0.1:$HTTP_PORT --grpc-addr 127.0.0.1:$GRPC_PORT \
  --metrics-addr 127.0.0.1:$METRICS_PORT --profiler-enabled --profiler-addr 127.0.0.1:$PROFILER_PORT \
  --authn-method preshared --authn-preshared-keys "$KEY_PLATFORM,$KEY_DOCS,$KEY_HELPDESK,$KEY_CI" \
  --experimentals authzen --authzen-base-url "$BASE") >"$RUN/openfga.log" 2>&1 &
SRV=$!; PIDS+=($SRV)
(cd "$RUN" && exec "$L/bin/openfga" run --log-format json --datastore-engine memory \
  --http-addr 127.0.0.1:$DEV_HTTP_PORT --grpc-addr 127.0.0.1:$DEV_GRPC_PORT --metrics-enabled=false \
  --playground-enabled --playground-addr 127.0.0.1:$PLAYGROUND_PORT) >"$RUN/openfga-dev.log" 2>&1 &
DEV=$!; PIDS+=($DEV)
# the kubelet's readiness probe until it answers
for i in $(seq 1 60); do curl -fs -A kube-probe/1.31 -o /dev/null "$BASE/healthz" && break; sleep 0.3; done
for i in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/$PLAYGROUND_PORT) 2>/dev/null && break; sleep 0.3; done
# the kubelet's liveness probe every 3 s for the whole run (a new connection each, as the kubelet does)
( while :; do curl -s -A kube-probe/1.31 -o /dev/null "$BASE/healthz"; sleep 3; done ) &
KP=$!; PIDS+=($KP)
scrape() { curl -s -A "Prometheus/2.53.0" -H 'Accept: text/plain;version=0.0.4;q=0.9,*/*;q=0.1' -o /dev/null \
  -w "scrape %{http_code} GET /metrics\n" "$METRICS/metrics" >> "$STATE/calls.log"; }
export PYTHONUNBUFFERED=1
cd "$HERE/drive"
echo "== bootstrap"; bash ./bootstrap.sh > "$STATE/bootstrap.out"
scrape
echo "== ci";        bash ./ci.sh > "$STATE/ci.out" 2>&1
echo "== docs";      node ./docs.cjs
scrape
echo "== helpdesk";  python3 ./helpdesk.py
echo "== ops";       bash ./ops.sh > "$STATE/ops.out"
echo "== public";    bash ./public.sh > "$STATE/public.out"
echo "== browser";   node ./browser.cjs
echo "== sre";       bash ./sre.sh
echo "== probes";    bash ./probes.sh
scrape

kill $KP; wait $KP 2>/dev/null || true
sleep 1
for p in $SRV $DEV; do kill -INT $p || true; done
for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || kill -0 $DEV 2>/dev/null || break; sleep 0.2; done
kill $SRV $DEV 2>/dev/null || true; wait $SRV $DEV 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1, $2}' "$STATE/calls.log" | sort | uniq -c
echo "scripted calls: $(wc -l < "$STATE/calls.log")"
DA=(); for p in $HTTP_PORT $METRICS_PORT $PROFILER_PORT $PLAYGROUND_PORT; do DA+=(-d "tcp.port==$p,http"); done
echo "HTTP requests in the capture: $(tshark -r "$L/capture.pcap" "${DA[@]}" -Y http.request -T fields -e tcp.dstport 2>/dev/null | sort | uniq -c | tr '\n' ' ')"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
