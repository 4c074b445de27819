#!/usr/bin/env bash
# Records one clean run: tcpdump on lo (port 15678) started first, a second tcpdump on every interface for anything
# that is not loopback (must stay empty), n8n 2.8.4 on 127.0.0.1:15678 with a fresh sqlite user folder, then the
# clients in order (bootstrap with curl, the public API with curl and API keys, the editor UI in headless chromium,
# calls without credentials and scanner probes), then stop capture and server.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/n8n
RUN=$L/run
PORT=15678
[ -x $L/app/node_modules/.bin/n8n ] || bash $APP/setup.sh
rm -rf $RUN && mkdir -p $RUN/state $RUN/home
export N8N_RUN=$RUN
. $APP/drive/server-env.sh
export STATE=$RUN/state B=http://127.0.0.1:$PORT N8N_URL=http://127.0.0.1:$PORT

# -B: a 128 MiB kernel buffer; the UI's multi-megabyte scripts on loopback overflow the default one (packets dropped)
tcpdump -i lo -s 0 -B 131072 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
# anything leaving loopback while the lab runs (the n8n process, its task runner, chromium)
tcpdump -i any -s 128 -U -w $RUN/outside.pcap 'not (net 127.0.0.0/8 or host ::1)' 2> $RUN/tcpdump-outside.log &
OPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5

cd $RUN
$L/app/node_modules/.bin/n8n start > $RUN/server.log 2>&1 &
SPID=$!
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID $OPID 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 600); do grep -q 'Editor is now accessible' $RUN/server.log && break; sleep 0.2; done
grep -q 'Editor is now accessible' $RUN/server.log || { echo "n8n did not start"; tail -30 $RUN/server.log; exit 1; }
sleep 1

echo "== bootstrap"; bash $APP/drive/bootstrap.sh > /dev/null 2> $RUN/bootstrap.out
echo "== api";       bash $APP/drive/api.sh > /dev/null 2> $RUN/api.out
echo "== browser";   node $APP/drive/browser.cjs | tee $RUN/browser.out | tail -1
echo "== anon";      bash $APP/drive/anon.sh > /dev/null 2> $RUN/anon.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
kill -INT $OPID; wait $OPID || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
echo "requests: $(tshark -r $RUN/capture.pcap -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
echo "outside loopback: $(tcpdump -r $RUN/outside.pcap 2>/dev/null | wc -l) packets"
ls -la $APP/capture.pcap.zst
cat $RUN/tcpdump.log
