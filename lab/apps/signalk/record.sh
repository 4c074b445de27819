#!/usr/bin/env bash
# Records one clean run of the Signal K lab: fresh config dir (drive/settings.json: port 13000, mDNS off, token
# security on with no user yet), tcpdump on lo port 13000 started before the server, Signal K server 2.23.0 with its
# demo data (drive/server.sh), then the clients in order: anonymous public reads, the REST API script (first admin
# through enableSecurity, crew accounts, v1 data, v2 resources, course, notifications, applicationData, admin API),
# Signal K's JS client (@signalk/client: v1 REST, WebSocket stream, device access requests), the admin UI in headless
# chromium, calls without credentials that are refused, scanner probes. Everything runs in a private network namespace
# whose only interface is loopback (unshare, as root): the server listens on all interfaces and its app store asks the
# npm registry, and none of that can leave 127.0.0.0/8. Writes capture.pcap.zst next to this script.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
. "$APP/drive/env.sh"
[ -d $SK ] || bash $APP/setup.sh
if [ -z "${SK_LAB_NETNS:-}" ]; then
  exec env SK_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
fi
mkdir -p $RUN
rm -f $RUN/capture.pcap
tcpdump -i lo -s 0 -B 65536 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5
"$APP/drive/server.sh" fresh > $RUN/server.log 2>&1 &
SPID=$!
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID 2>/dev/null || true; }
trap cleanup EXIT
# wait for the server without touching the captured port (it logs when it listens)
for i in $(seq 120); do grep -q 'signalk-server running at' $RUN/server.log 2>/dev/null && break; sleep 0.5; done
sleep 5
echo "== public";  bash $APP/drive/anon.sh public > $RUN/anon-public.out
echo "== api";     bash $APP/drive/api.sh > $RUN/api.out 2>&1
echo "== sdk";     timeout 120 node $APP/drive/sdk.cjs > $RUN/sdk.log 2>&1 || echo "sdk exited $?"
echo "== browser"; SK_BROWSER_PROFILE=$RUN/chromium-profile timeout 400 node $APP/drive/browser.cjs > $RUN/browser.log 2>&1 || echo "browser exited $?"
echo "== denied";  bash $APP/drive/anon.sh denied > $RUN/anon-denied.out
echo "== probes";  bash $APP/drive/anon.sh probes > $RUN/anon-probes.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
grep -v '^\[browser\] ok' $RUN/browser.log | tail -20
grep -c '^\[sdk\] ok' $RUN/sdk.log | sed 's/^/sdk ok: /'
tail -1 $RUN/api.out
grep -h dropped $RUN/tcpdump.log || true
echo "requests: $(tshark -r $RUN/capture.pcap -d tcp.port==$PORT,http -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la $APP/capture.pcap.zst
