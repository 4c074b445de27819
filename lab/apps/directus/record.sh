#!/bin/bash
# Records the Directus lab capture from a clean state: fresh SQLite database (directus bootstrap), Directus on
# 127.0.0.1:18055, tcpdump on lo port 18055, then the real clients (anonymous curl, @directus/sdk, curl per the API
# docs, headless chromium on the admin app, scanner probes). Writes capture.pcap.zst next to this script.
# Needs setup.sh to have run.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
U=$PUBLIC_URL
mkdir -p $W
cleanup() {
  [ -n "${TCPDUMP_PID:-}" ] && kill -INT $TCPDUMP_PID 2>/dev/null
  if [ -f $W/server.pid ]; then kill "$(cat $W/server.pid)" 2>/dev/null; sleep 2; rm -f $W/server.pid; fi
}
trap cleanup EXIT
# stop a server left by an earlier run of this script (by saved PID only)
if [ -f $W/server.pid ]; then kill "$(cat $W/server.pid)" 2>/dev/null; sleep 2; rm -f $W/server.pid; fi

"$HERE/drive/server.sh" fresh > $W/server.log 2>&1 &
echo $! > $W/server.pid
for i in $(seq 180); do curl -sf -o /dev/null $U/server/ping && break; sleep 1; done
curl -sf -o /dev/null $U/server/ping || { echo "directus did not start"; tail -30 $W/server.log $W/bootstrap.log; exit 1; }
sleep 2

rm -f $W/capture.pcap
tcpdump -i lo -s 0 -B 65536 -U -w $W/capture.pcap "tcp port $PORT" 2>$W/tcpdump.log &
TCPDUMP_PID=$!
sleep 2

export API_LOG=$W/api.log
: > $W/api.log
"$HERE/drive/anon.sh" public
node "$HERE/drive/sdk.mjs" > $W/sdk.log 2>&1
"$HERE/drive/api.sh" > /dev/null
timeout 300 node "$HERE/drive/browser.cjs" > $W/browser.log 2>&1
"$HERE/drive/anon.sh" probes
sleep 1
kill -INT $TCPDUMP_PID; wait $TCPDUMP_PID 2>/dev/null; TCPDUMP_PID=
tail -1 $W/sdk.log; cat $W/browser.log | tail -40
zstd -19 -q -f -o "$HERE/capture.pcap.zst" $W/capture.pcap
ls -l "$HERE/capture.pcap.zst"
grep -h dropped $W/tcpdump.log
tshark -r $W/capture.pcap -d tcp.port==$PORT,http -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l | sed 's/^/HTTP requests: /'
