#!/usr/bin/env bash
# Records Headscale v0.27.1 (SQLite, embedded DERP; main listener 127.0.0.1:18085 and debug/metrics listener :19095,
# both recorded) driven by: the admin's bootstrap (headscale CLI on the unix socket for the first API key, then
# curl), Northwind's IT automation (python http.client: users, ACL policy, pre-auth keys, device registrations,
# approvals, renames, tags, routes, moves, expiries, off-boarding, an access review, help-desk tickets), the
# network team's dashboard polling with its own
# key (python, in the background), the platform team's key rotation and policy round trip (curl), people's browsers
# on Headscale's pages (registration pages, Apple/Windows set-up pages, Swagger) and an operator on the debug pages
# (headless Chromium), calls without or with bad credentials and the public routes (curl), kubelet probes, Prometheus
# scrapes, scanner probes. No Tailscale client runs (see PROVENANCE.md): pending registrations are made with
# POST /api/v1/debug/node. Fresh database and state each time. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$RUN" "$L/capture.pcap"; mkdir -p "$STATE" "$RUN"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
for p in $HTTP_PORT $METRICS_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
trap cleanup EXIT
sed "s#@RUN@#$RUN#g" "$HERE/drive/config.yaml" > "$RUN/config.yaml"

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $HTTP_PORT or tcp port $METRICS_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD)
sleep 2
(cd "$RUN" && exec "$L/bin/headscale" serve -c "$RUN/config.yaml") >"$RUN/headscale.log" 2>&1 &
SRV=$!; PIDS+=($SRV)
# the kubelet's readiness probe until it answers
for i in $(seq 1 50); do curl -fs -A kube-probe/1.31 -o /dev/null "$BASE/health" && break; sleep 0.3; done
# the kubelet's liveness probe every 3 s for the whole run (a new connection each, as the kubelet does)
( while :; do curl -s -A kube-probe/1.31 -o /dev/null "$BASE/health"; sleep 3; done ) &
KP=$!; PIDS+=($KP)
scrape() { curl -s -A "Prometheus/2.53.0" -H 'Accept: text/plain;version=0.0.4;q=0.9,*/*;q=0.1' -o /dev/null \
  -w "scrape %{http_code} GET %{url_effective}\n" "$METRICS/metrics" | tee -a "$STATE/calls.log"; }
export PYTHONUNBUFFERED=1
cd "$HERE/drive"
echo "== bootstrap";  bash ./bootstrap.sh > "$STATE/bootstrap.out"
scrape
python3 ./dashboard.py > "$STATE/dashboard.out" 2>&1 &
DB=$!; PIDS+=($DB)
echo "== users";      python3 ./provision.py users
echo "== pending 1";  python3 ./provision.py pending 1
echo "== browser";    node ./browser.cjs register
echo "== enroll 1";   python3 ./provision.py enroll
echo "== pending 2";  python3 ./provision.py pending 2
echo "== browser";    node ./browser.cjs register
echo "== enroll 2";   python3 ./provision.py enroll
echo "== browser";    node ./browser.cjs pages
echo "== fleet";      python3 ./provision.py fleet
echo "== ops";        bash ./ops.sh > "$STATE/ops.out"
echo "== offboard";   python3 ./provision.py offboard
echo "== review";     python3 ./provision.py review
echo "== helpdesk";   python3 ./provision.py helpdesk
echo "== public";     bash ./public.sh > "$STATE/public.out"
echo "== debug";      node ./browser.cjs debug
echo "== probes";     bash ./probes.sh > "$STATE/probes.out"
scrape
touch "$STATE/stop-dashboard"; wait $DB || true; cat "$STATE/dashboard.out"

kill $KP; wait $KP 2>/dev/null || true
sleep 1
kill -INT $SRV || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1, $2}' "$STATE/calls.log" | sort | uniq -c
echo "scripted calls: $(wc -l < "$STATE/calls.log")"
echo "HTTP requests in the capture: $(tshark -r "$L/capture.pcap" -d tcp.port==$HTTP_PORT,http -d tcp.port==$METRICS_PORT,http -Y http.request -T fields -e tcp.dstport 2>/dev/null | wc -l)"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
