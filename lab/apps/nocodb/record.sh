#!/usr/bin/env bash
# Records one clean run: tcpdump on lo (port 15808) started first, a second tcpdump on every interface for anything
# that is not loopback (must stay empty), NocoDB 0.262.5 on 127.0.0.1:15808 with a fresh sqlite database, then the
# clients in order (the REST API with curl and API tokens, the web UI in headless chromium, calls without credentials
# and scanner probes), then stop capture and server.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/nocodb
RUN=$L/run
PORT=15808
[ -d $L/node_modules/nocodb ] || bash $APP/setup.sh
rm -rf $RUN && mkdir -p $RUN/state
export NOCODB_RUN=$RUN
. $APP/drive/server-env.sh
export STATE=$RUN/state B=http://127.0.0.1:$PORT NOCODB_URL=http://127.0.0.1:$PORT

# -B: a 128 MiB kernel buffer; the UI's multi-megabyte scripts on loopback overflow the default one (packets dropped)
tcpdump -i lo -s 0 -B 131072 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
# anything leaving loopback while the lab runs (the NocoDB process, chromium)
tcpdump -i any -s 128 -U -w $RUN/outside.pcap 'not (net 127.0.0.0/8 or host ::1)' 2> $RUN/tcpdump-outside.log &
OPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5

cd $RUN
node $APP/drive/server.cjs > $RUN/server.log 2>&1 &
SPID=$!
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID $OPID 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 300); do grep -q 'NocoDB mounted' $RUN/server.log && break; sleep 0.2; done
grep -q 'NocoDB mounted' $RUN/server.log || { echo "NocoDB did not start"; tail -30 $RUN/server.log; exit 1; }
sleep 1

echo "== api";     bash $APP/drive/api.sh > /dev/null 2> $RUN/api.out
echo "== browser"; node $APP/drive/browser.cjs | tee $RUN/browser.out | tail -1
echo "== anon";    bash $APP/drive/anon.sh > /dev/null 2> $RUN/anon.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
kill -INT $OPID; wait $OPID || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
echo "requests: $(tshark -r $RUN/capture.pcap -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
echo "outside loopback: $(tcpdump -r $RUN/outside.pcap 2>/dev/null | wc -l) packets, $(tcpdump -r $RUN/outside.pcap 'not arp and not (icmp6 and ip6[40] >= 133 and ip6[40] <= 137)' 2>/dev/null | wc -l) of them not ARP / IPv6 neighbour discovery"
ls -la $APP/capture.pcap.zst
cat $RUN/tcpdump.log
