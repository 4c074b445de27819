#!/usr/bin/env bash
# Records one clean run: fresh data dir, tcpdump on lo started before the server, Memos v0.26.2 on 127.0.0.1:15230,
# then the clients in order (bootstrap curl, REST API curl as the docs show, web UI in headless chromium, visitor /
# feed / scanner calls and Connect with curl), then stop capture and server.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/memos
RUN=$L/run
PORT=15230
[ -x $L/memos ] || bash $APP/setup.sh
rm -rf $RUN && mkdir -p $RUN/state $RUN/data
export STATE=$RUN/state B=http://127.0.0.1:$PORT MEMOS_URL=http://127.0.0.1:$PORT

# -B: a 128 MiB kernel buffer; the UI's multi-megabyte scripts on loopback overflow the default one (packets dropped)
tcpdump -i lo -s 0 -B 131072 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5

cd $RUN
$L/memos --addr 127.0.0.1 --port $PORT --data $RUN/data > $RUN/server.log 2>&1 &
SPID=$!
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q 'started successfully' $RUN/server.log && break; sleep 0.1; done

echo "== bootstrap"; bash $APP/drive/bootstrap.sh > /dev/null 2> $RUN/bootstrap.out
echo "== api";       bash $APP/drive/api.sh > /dev/null 2> $RUN/api.out
echo "== browser";   BROWSER_PATHS=$RUN/browser.paths node $APP/drive/browser.cjs | tee $RUN/browser.out | tail -1
echo "== anon";      bash $APP/drive/anon.sh > /dev/null 2> $RUN/anon.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
echo "requests: $(tshark -r $RUN/capture.pcap -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la $APP/capture.pcap.zst
cat $RUN/tcpdump.log
