#!/usr/bin/env bash
# Records Alertmanager v0.31.1 on 127.0.0.1:19093 driven by amtool, curl and a headless-browser
# session on the web UI. Fresh data dir each run. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=/tmp/shadowtap-lab/alertmanager
PORT=19093
export AM_URL=http://127.0.0.1:$PORT AM_STATE=$B/state AMTOOL=$B/bin/amtool
[ -x "$B/bin/alertmanager" ] && [ -x "$B/bin/amtool" ] || bash "$HERE/setup.sh"

rm -rf "$B/data" "$B/state" "$B/capture.pcap"; mkdir -p "$B/data" "$B/state"
cp "$HERE/drive/import_silences.json" "$B/state/import_silences.json"

tcpdump -i lo -s 0 -U -w "$B/capture.pcap" "tcp port $PORT" >"$B/tcpdump.log" 2>&1 &
TD=$!; echo $TD > "$B/tcpdump.pid"
sleep 2
"$B/bin/alertmanager" --config.file="$HERE/drive/alertmanager.yml" --storage.path="$B/data" \
  --web.listen-address=127.0.0.1:$PORT --cluster.listen-address= \
  --web.external-url=http://127.0.0.1:$PORT/ >"$B/alertmanager.log" 2>&1 &
AM=$!; echo $AM > "$B/alertmanager.pid"
cleanup() { kill "$AM" 2>/dev/null || true; kill -INT "$TD" 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 1 50); do curl -fs -o /dev/null "$AM_URL/-/ready" && break; sleep 0.2; done

echo "== curl: prometheus pushes, probes, operator API calls"; bash "$HERE/drive/curl_api.sh"
echo "== amtool";  bash "$HERE/drive/amtool.sh"
echo "== browser"; node "$HERE/drive/browser.js"
echo "== curl: second prometheus round after UI/amtool changes"; SECOND=1 ROUNDS=6 bash "$HERE/drive/curl_api.sh"

sleep 1
kill -INT "$TD"; wait "$TD" || true
kill "$AM"; wait "$AM" || true
trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$B/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
