#!/usr/bin/env bash
# Records one clean run of the Backstage lab: a fresh run dir ($RUN: the catalog files of drive/catalog, the local
# upstream's files of drive/upstream), the local upstream (python3 -m http.server on 127.0.0.1:17008, the proxy's
# target), tcpdump on lo port 17007 started before the backend, the lab's Backstage backend (drive/index.cjs,
# drive/app-config.yaml: in-memory SQLite, so every run starts empty), then the clients in order: curl on the public
# endpoints and guest sign-in, the catalog client SDK (register locations, browse, query, refresh, validate, delete
# and re-add), the scaffolder client SDK (schemas, tasks and their logs, dry-runs, cancel/retry), the frontend in
# headless chromium (drive/browser.cjs: guest sign-in, catalog, entity pages, search, a template run), curl with the
# guest token (search, permissions, actions, scheduler, proxy, events, catalog by hand), calls without or with bad
# credentials, scanner probes. The backend's own calls to itself (permission checks, the search collator reading the
# catalog, catalog events) are on the same port and are recorded too. Everything runs in a private network namespace
# whose only interface is loopback (unshare, as root). Writes capture.pcap.zst next to this script.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
. "$APP/drive/env.sh"
[ -d $A/node_modules/@backstage/backend-defaults ] || bash $APP/setup.sh
if [ -z "${BACKSTAGE_LAB_NETNS:-}" ]; then
  exec env BACKSTAGE_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
fi
rm -rf $RUN && mkdir -p $RUN
cp -r $APP/drive/catalog $RUN/catalog
cp -r $APP/drive/upstream $RUN/upstream && cp -r $APP/drive/catalog $RUN/upstream/catalog
(cd $RUN/upstream && exec /usr/bin/python3 -m http.server $UPSTREAM_PORT --bind 127.0.0.1) > $RUN/upstream.log 2>&1 &
UPID=$!
tcpdump -i lo -s 0 -B 65536 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5
(cd $A && exec node $APP/drive/index.cjs --config $APP/drive/app-config.yaml) > $RUN/server.log 2>&1 &
SPID=$!
cleanup() { kill $SPID 2>/dev/null || true; kill $UPID 2>/dev/null || true; kill -INT $TPID 2>/dev/null || true; }
trap cleanup EXIT
# wait for the backend without touching the captured port (it logs when every plugin has started)
for i in $(seq 120); do grep -q 'Plugin initialization complete' $RUN/server.log 2>/dev/null && break; sleep 0.5; done
sleep 4
export RUN CATALOG=$RUN/catalog
echo "== public";     bash $APP/drive/curl.sh public > $RUN/curl-public.out
echo "== catalog";    timeout 300 node $APP/drive/sdk.cjs catalog > $RUN/sdk-catalog.log 2>&1 || echo "sdk catalog exited $?"
echo "== scaffolder"; timeout 300 node $APP/drive/sdk.cjs scaffolder > $RUN/sdk-scaffolder.log 2>&1 || echo "sdk scaffolder exited $?"
echo "== browser";    BS_BROWSER_PROFILE=$RUN/chromium-profile timeout 400 node $APP/drive/browser.cjs > $RUN/browser.log 2>&1 || echo "browser exited $?"
echo "== api";        bash $APP/drive/curl.sh api > $RUN/curl-api.out
echo "== denied";     bash $APP/drive/curl.sh denied > $RUN/curl-denied.out
echo "== probes";     bash $APP/drive/curl.sh probes > $RUN/curl-probes.out
sleep 2
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
kill $UPID; wait $UPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
chown --reference=$APP/record.sh $APP/capture.pcap.zst
grep -v '^\[browser\] ok' $RUN/browser.log | tail -20
tail -qn1 $RUN/sdk-catalog.log $RUN/sdk-scaffolder.log $RUN/curl-*.out
grep -h dropped $RUN/tcpdump.log || true
echo "requests: $(tshark -r $RUN/capture.pcap -d tcp.port==$PORT,http -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la $APP/capture.pcap.zst
