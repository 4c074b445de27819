#!/bin/bash
# Records the Strapi lab capture from a clean state: fresh SQLite database and uploads, `strapi start` (production, the
# admin panel built by setup.sh) on 127.0.0.1:11337, tcpdump on lo port 11337, then the real clients: anonymous curl,
# the admin panel in headless chromium (first admin, content, media, public role, API token), the @strapi/client SDK
# with that API token, curl as the REST docs show (admin API for the Authenticated role, Users & Permissions JWTs, the
# API token), anonymous curl again (public restaurants, 401/403s) and scanner probes. Writes capture.pcap.zst next to
# this script. Needs setup.sh to have run.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
U=$STRAPI_URL
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
for i in $(seq 120); do curl -sf -o /dev/null $U/_health && break; sleep 1; done
curl -sf -o /dev/null $U/_health || { echo "strapi did not start"; tail -30 $W/server.log; exit 1; }
sleep 2

rm -f $W/capture.pcap $W/api-token.txt
# a fresh chromium profile that has opened the admin panel once (not recorded): its disk cache holds the admin's
# hashed bundles (the 5 MB entry script among them), as a returning editor's browser would
rm -rf $W/chromium-profile
PROFILE=$W/chromium-profile timeout 120 node "$HERE/drive/browser.cjs" warm > $W/browser-warm.log 2>&1
tcpdump -i lo -s 0 -B 65536 -U -w $W/capture.pcap "tcp port $PORT" 2>$W/tcpdump.log &
TCPDUMP_PID=$!
sleep 2

export API_LOG=$W/api.log
: > $W/api.log
"$HERE/drive/anon.sh" before
PROFILE=$W/chromium-profile timeout 400 node "$HERE/drive/browser.cjs" $W/api-token.txt > $W/browser.log 2>&1
[ -s $W/api-token.txt ] || { echo "the browser session made no API token"; cat $W/browser.log; exit 1; }
node "$HERE/drive/sdk.mjs" $W/api-token.txt > $W/sdk.log 2>&1
"$HERE/drive/api.sh" $W/api-token.txt
"$HERE/drive/anon.sh" after
"$HERE/drive/anon.sh" probes
sleep 1
kill -INT $TCPDUMP_PID; wait $TCPDUMP_PID 2>/dev/null; TCPDUMP_PID=
tail -1 $W/sdk.log; grep -v '\] ok ' $W/browser.log | tail -20
zstd -19 -q -f -o "$HERE/capture.pcap.zst" $W/capture.pcap
ls -l "$HERE/capture.pcap.zst"
grep -h dropped $W/tcpdump.log
tshark -r $W/capture.pcap -d tcp.port==$PORT,http -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l | sed 's/^/HTTP requests: /'
