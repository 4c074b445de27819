#!/usr/bin/env bash
# Records one clean run of the Etherpad lab: fresh run directory (empty dirty database, the lab's settings.json,
# APIKEY.txt), tcpdump on lo port 19001 started before the server, Etherpad (drive/server.sh) on 127.0.0.1:19001, then
# the clients in order: anonymous public calls, the web UI in headless chromium (three authors editing pads, chat,
# timeslider, exports, an import, the admin pages), the HTTP API script with the apikey, public pads read
# without credentials, calls without credentials (401), scanner probes. Everything runs in a private network namespace
# whose only interface is loopback (unshare, as root): Etherpad's update check (static.etherpad.org) and the admin's
# plugin search (the npm registry) cannot leave 127.0.0.0/8. Writes capture.pcap.zst next to this script.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
. "$APP/drive/env.sh"
[ -d $A/src ] || bash $APP/setup.sh
if [ -z "${EP_LAB_NETNS:-}" ]; then
  exec env EP_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
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
for i in $(seq 120); do grep -q 'Etherpad is running' $RUN/server.log 2>/dev/null && break; sleep 0.5; done
sleep 1
echo "== public";  bash $APP/drive/anon.sh public > $RUN/anon-public.out
echo "== browser"; timeout 900 node $APP/drive/browser.cjs > $RUN/browser.log 2>&1 || echo "browser exited $?"
echo "== api";     bash $APP/drive/api.sh > $RUN/api.out 2>&1
echo "== pads";    bash $APP/drive/anon.sh pads > $RUN/anon-pads.out
echo "== denied";  bash $APP/drive/anon.sh denied > $RUN/anon-denied.out
echo "== probes";  bash $APP/drive/anon.sh probes > $RUN/anon-probes.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
grep -v '^\[browser\] ok' $RUN/browser.log | tail -20
grep -h dropped $RUN/tcpdump.log || true
echo "requests: $(tshark -r $RUN/capture.pcap -d tcp.port==$PORT,http -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la $APP/capture.pcap.zst
