#!/usr/bin/env bash
# Records one clean run of the Homebridge UI lab: fresh storage (config.json from drive/config.json, no UI user),
# tcpdump on lo port 18581 started before the server, Homebridge + UI via `hb-service run` (drive/server.sh) on
# 127.0.0.1:18581 (HAP bridges on 18591/18592, not captured), then the clients in order: anonymous public calls before
# the first-run setup, the web UI in headless chromium (setup, browsing, edits), the REST API script with bearer tokens,
# calls without credentials, scanner probes. Everything runs in a private network namespace whose only interface is
# loopback (unshare, as root): the UI asks the npm registry for plugin updates and searches, homebridge advertises its
# bridges with mDNS, and none of that can leave 127.0.0.0/8. Writes capture.pcap.zst next to this script.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
. "$APP/drive/env.sh"
[ -d $A/node_modules/homebridge-config-ui-x ] || bash $APP/setup.sh
if [ -z "${HB_LAB_NETNS:-}" ]; then
  exec env HB_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
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
# wait for the UI without touching the captured port (the server logs when it listens)
for i in $(seq 120); do grep -q 'is listening on' $RUN/storage/homebridge.log 2>/dev/null && break; sleep 0.5; done
sleep 5
echo "== public";  bash $APP/drive/anon.sh public > $RUN/anon-public.out
echo "== browser"; timeout 400 node $APP/drive/browser.cjs > $RUN/browser.log 2>&1 || echo "browser exited $?"
echo "== api";     bash $APP/drive/api.sh > $RUN/api.out 2>&1
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
