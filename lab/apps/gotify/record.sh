#!/usr/bin/env bash
# Records one clean run: fresh data dir, tcpdump on lo started before the server, Gotify v2.9.1 (prod build)
# on 127.0.0.1:19080, then the clients in order (bootstrap curl, gotify-client SDK + websocket, web UI in
# headless chromium, npm gotify push client, doc-style curl + probes), then stop capture and server.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/gotify
RUN=$L/run
PORT=19080
[ -x $L/gotify-server ] || bash $APP/setup.sh
rm -rf $RUN && mkdir -p $RUN/state $RUN/data
export STATE=$RUN/state NODE_DIR=$L/node IMG=$L/src/ui/build/static/apple-touch-icon-57x57.png

tcpdump -i lo -s 0 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5

cd $RUN
GOTIFY_SERVER_PORT=$PORT GOTIFY_SERVER_LISTENADDR=127.0.0.1 GOTIFY_DATABASE_DIALECT=sqlite3 \
GOTIFY_DATABASE_CONNECTION=$RUN/data/gotify.db GOTIFY_UPLOADEDIMAGESDIR=$RUN/data/images \
GOTIFY_PLUGINSDIR=$RUN/data/plugins GOTIFY_DEFAULTUSER_NAME=admin GOTIFY_DEFAULTUSER_PASS=admin \
  $L/gotify-server > $RUN/server.log 2>&1 &
SPID=$!
echo $SPID > $RUN/server.pid
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q 'Started listening' $RUN/server.log && break; sleep 0.1; done

echo "== bootstrap";  bash $APP/drive/bootstrap.sh > $RUN/bootstrap.out
echo "== sdk";        node $APP/drive/sdk.mjs
echo "== browser";    node $APP/drive/browser.js
echo "== notify";     node $APP/drive/notify.js
echo "== curl";       bash $APP/drive/curl.sh > $RUN/curl.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
echo "requests: $(tshark -r $RUN/capture.pcap -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la $APP/capture.pcap.zst
