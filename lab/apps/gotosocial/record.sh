#!/usr/bin/env bash
# Records GoToSocial v0.16.0 (HTTP on 127.0.0.1:18480, host localhost:18480, protocol http, SQLite, local storage)
# driven by: its own CLI (accounts, before the capture), megalodon (npm) for six apps' OAuth registration and the
# members' daily use, the OAuth sign-in/authorize pages in headless Chromium, curl as the API docs show (sign-up,
# admin moderation, v2 filters, instance settings), remote-server-style ActivityPub / well-known / nodeinfo GETs and
# media fetches, a web-page session in Chromium, calls without credentials, kubelet probes, Prometheus scrapes,
# scanner probes. Fresh database and storage each time. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
if (exec 3<>/dev/tcp/127.0.0.1/$HTTP_PORT) 2>/dev/null; then echo "port $HTTP_PORT is in use" >&2; exit 1; fi
rm -rf "$STATE" "$L/capture.pcap"; mkdir -p "$STATE/storage"
sed -e "s#@HOST@#$HOST#; s#@PORT@#$HTTP_PORT#; s#@STATE@#$STATE#g; s#@SRC@#$L/src#g; s#@MUSER@#$METRICS_USER#; s#@MPASS@#$METRICS_PASS#" \
  "$HERE/drive/config.yaml.in" > "$GTS_CONFIG"
bash "$HERE/drive/bootstrap.sh" > "$L/bootstrap.log" 2>&1
node "$HERE/drive/clients.cjs" pngs
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $HTTP_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD); echo $TD > "$L/tcpdump.pid"
sleep 2
"$GTS" --config-path "$GTS_CONFIG" server start >"$L/gotosocial.log" 2>&1 &
SRV=$!; PIDS+=($SRV); echo $SRV > "$L/gotosocial.pid"
for i in $(seq 1 100); do curl -fs -A kube-probe/1.31 -o /dev/null "$BASE/readyz" && break; sleep 0.5; done
# the kubelet's probes every 10 s for the whole run
( while :; do curl -s -A kube-probe/1.31 -o /dev/null "$BASE/livez"; curl -s -A kube-probe/1.31 -o /dev/null "$BASE/readyz"; sleep 10; done ) &
KP=$!; PIDS+=($KP)
echo "== login";      node "$HERE/drive/clients.cjs" login
echo "== social";     node "$HERE/drive/clients.cjs" social
echo "== signup";     bash "$HERE/drive/api.sh" signup
echo "== admin";      bash "$HERE/drive/api.sh" admin
echo "== filters";    bash "$HERE/drive/api.sh" filters
echo "== browser";    node "$HERE/drive/browser.cjs"
echo "== federation"; bash "$HERE/drive/api.sh" federation
echo "== anon";       bash "$HERE/drive/api.sh" anon
echo "== late";       node "$HERE/drive/clients.cjs" late
echo "== admin late"; bash "$HERE/drive/api.sh" late
echo "== probes";     bash "$HERE/drive/probes.sh"
kill $KP; wait $KP 2>/dev/null || true
sleep 1
kill -INT $SRV || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
