#!/usr/bin/env bash
# Records Centrifugo v6.9.1 (memory engine; client transports on 127.0.0.1:18800, server API, admin UI, metrics,
# health, swagger and pprof on the internal port 127.0.0.1:18801; drive/config.json) driven by its own clients:
# the Go SDK (WebSocket), the JavaScript SDK in headless Chromium (WebSocket, HTTP-streaming, SSE with the emulation
# endpoint, and the uni-directional WebSocket / SSE / HTTP-stream transports), application backends calling the
# server API with python3 as the docs show, the admin web UI in Chromium, curl (probes, scrapes, swagger, pprof,
# uni-directional streams, calls without credentials) and scanner probes. Tokens are made with `centrifugo gentoken`.
# Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/centrifugo
EXT_PORT=18800 INT_PORT=18801 DEMO_PORT=18802
API_KEY=$(jq -r .http_api.key "$HERE/drive/config.json")
bash "$HERE/setup.sh"
rm -rf "$L/capture.pcap" "$L/state"; mkdir -p "$L/state"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# the CLI's local helpers: check the config, mint connection JWTs for the clients (and one with another key, one
# that expires at once), check one of them
C="$L/bin/centrifugo"
"$C" checkconfig -c "$HERE/drive/config.json"
TOK="$L/state/tokens.txt"; : > "$TOK"
for u in alice bob.nguyen carla_m dmitri 42017 eve-ops mila.novak t_kowalski jonas.weber priya-k; do
  echo "$u=$("$C" gentoken -c "$HERE/drive/config.json" -q -u "$u" -t 7200)" >> "$TOK"
done
echo "expired-session=$("$C" gentoken -c "$HERE/drive/config.json" -q -u hannah.l -t 1)" >> "$TOK"
echo '{"client":{"token":{"hmac_secret_key":"not-the-server-key-0b1c2d3e4f5a6b7c"}}}' > "$L/state/forged.json"
echo "forged=$("$C" gentoken -c "$L/state/forged.json" -q -u mallory -t 3600)" >> "$TOK"
"$C" checktoken -c "$HERE/drive/config.json" "$(grep ^alice= "$TOK" | cut -d= -f2-)"
export TOKENS="$(cat "$TOK")"

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $EXT_PORT or tcp port $INT_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; echo $TD > "$L/tcpdump.pid"
sleep 2
"$C" -c "$HERE/drive/config.json" >"$L/centrifugo.log" 2>&1 &
SRV=$!; PIDS+=($SRV); echo $SRV > "$L/centrifugo.pid"
# the demo page's static server (`centrifugo serve`, the CLI's development file server; its port is not recorded)
"$C" serve -a 127.0.0.1 -p $DEMO_PORT -d "$L/web" >"$L/serve.log" 2>&1 &
WEB=$!; PIDS+=($WEB)
for i in $(seq 1 50); do curl -fs -o /dev/null -A kube-probe/1.31 "http://127.0.0.1:$INT_PORT/health" && break; sleep 0.2; done

echo "== curl: probes, scrapes, swagger, pprof, uni-directional streams, no credentials"
TOKENS_FILE="$TOK" PHASE=first bash "$HERE/drive/ops.sh" > "$L/state/ops1.log"
echo "== Go SDK clients (background) and the JS SDK in Chromium (background), backends publishing meanwhile"
"$L/bin/sdkclient" ws://127.0.0.1:$EXT_PORT/connection/websocket 20 > "$L/state/sdk.log" 2>&1 &
SDK=$!
sleep 3
STAY=12000 node "$HERE/drive/browser.js" demo > "$L/state/demo.log" 2>&1 &
DEMO=$!
sleep 4
python3 "$HERE/drive/backend.py" "http://127.0.0.1:$INT_PORT/api" "$API_KEY" shop,chat,newsroom,dashboard
wait $SDK || true; wait $DEMO || true
tail -n 12 "$L/state/demo.log"
echo "== admin web UI in Chromium"
node "$HERE/drive/browser.js" admin
echo "== operator scripts on the server API"
python3 "$HERE/drive/backend.py" "http://127.0.0.1:$INT_PORT/api" "$API_KEY" ops,dashboard
echo "== curl: probes, scrapes, scanners"
TOKENS_FILE="$TOK" PHASE=last bash "$HERE/drive/ops.sh" > "$L/state/ops2.log"

sleep 1
kill -INT $SRV; wait $SRV || true
kill $WEB 2>/dev/null || true; wait $WEB 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
