#!/bin/bash
# Records the Unleash lab capture from a clean state: fresh PostgreSQL cluster, fresh Unleash, tcpdump on lo port 19242,
# then the real clients (curl per the API docs, unleash-client + unleash-proxy-client SDKs, headless chromium on the UI).
# Writes capture.pcap.zst next to this script. Needs setup.sh to have run.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
W=/tmp/shadowtap-lab/unleash
PORT=19242
U=http://127.0.0.1:$PORT
mkdir -p $W
cleanup() {
  [ -n "${TCPDUMP_PID:-}" ] && kill -INT $TCPDUMP_PID 2>/dev/null
  if [ -f $W/server.pid ]; then kill "$(cat $W/server.pid)" 2>/dev/null; sleep 2; rm -f $W/server.pid; fi
  "$HERE/drive/pg.sh" stop || true
}
trap cleanup EXIT
# stop a server left by an earlier run of this script (by saved PID only)
if [ -f $W/server.pid ]; then kill "$(cat $W/server.pid)" 2>/dev/null; sleep 2; rm -f $W/server.pid; fi

"$HERE/drive/pg.sh" fresh
node "$HERE/drive/server.mjs" > $W/server.log 2>&1 &
echo $! > $W/server.pid
for i in $(seq 120); do curl -sf -o /dev/null $U/health && break; sleep 1; done
curl -sf -o /dev/null $U/health || { echo "unleash did not start"; tail -30 $W/server.log; exit 1; }
# the published spec, fetched once outside the capture
# (kept as openapi.json.zst: zstd -d restores the served bytes)
[ -s "$HERE/openapi.json.zst" ] || { curl -sf $U/docs/openapi.json -o $W/openapi.json && zstd -q -19 -f $W/openapi.json -o "$HERE/openapi.json.zst"; }
sleep 2

rm -f $W/capture.pcap
tcpdump -i lo -s 0 -U -w $W/capture.pcap "tcp port $PORT" 2>$W/tcpdump.log &
TCPDUMP_PID=$!
sleep 2

export UNLEASH_URL=$U API_LOG=$W/api.log
: > $W/api.log
"$HERE/drive/anon.sh" public
"$HERE/drive/api.sh" seed > /dev/null
# SDK clients (backend + frontend) run while a person works in the admin UI
DURATION=${SDK_SECONDS:-80} node "$HERE/drive/sdk.mjs" > $W/sdk.log 2>&1 &
SDK_PID=$!
sleep 3
timeout 300 node "$HERE/drive/browser.cjs" > $W/browser.log 2>&1
wait $SDK_PID
"$HERE/drive/api.sh" after > /dev/null
"$HERE/drive/anon.sh" probes
sleep 1
kill -INT $TCPDUMP_PID; wait $TCPDUMP_PID 2>/dev/null; TCPDUMP_PID=
cat $W/browser.log
zstd -19 -q -f -o "$HERE/capture.pcap.zst" $W/capture.pcap
ls -l "$HERE/capture.pcap.zst"
tshark -r $W/capture.pcap -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l | sed 's/^/HTTP requests: /'
