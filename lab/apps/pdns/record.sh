#!/usr/bin/env bash
# Records one clean run: fresh sqlite DB (Debian's schema), tcpdump on lo started before the server, PowerDNS
# Authoritative 4.7.3 with its webserver + API on 127.0.0.1:18081 (DNS on 127.0.0.1:15353), then the clients in
# order (API script, DNS queries, status page in headless chromium, doc-style curl + probes), then stop.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/pdns
RUN=$L/run
PORT=18081
DNSPORT=15353
[ -x /usr/sbin/pdns_server ] || bash $APP/setup.sh
# The rest runs in a private network namespace whose only interface is loopback (unshare, as root), so nothing
# the server does on its own can leave 127.0.0.0/8: it looks up the addresses of a zone's NS hosts with the
# system resolver (getaddrinfo) before sending NOTIFYs, which on the host would reach the configured resolver.
if [ -z "${PDNS_LAB_NETNS:-}" ]; then
  exec env PDNS_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
fi
rm -rf $RUN && mkdir -p $RUN/state
export STATE=$RUN/state PDNS_URL=http://127.0.0.1:$PORT PDNS_DNS_PORT=$DNSPORT
export PDNS_API_KEY=pdns-lab-7c1e9a4f2b
sed -e "s#@RUN@#$RUN#; s#@API_KEY@#$PDNS_API_KEY#; s#@WEBPORT@#$PORT#; s#@DNSPORT@#$DNSPORT#" $APP/drive/pdns.conf.in > $RUN/pdns.conf
sqlite3 $RUN/pdns.sqlite3 < /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql

tcpdump -i lo -s 0 -U -w $RUN/capture.pcap "tcp port $PORT" 2> $RUN/tcpdump.log &
TPID=$!
for i in $(seq 50); do grep -q listening $RUN/tcpdump.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5

/usr/sbin/pdns_server --config-dir=$RUN --socket-dir=$RUN --daemon=no --guardian=no --disable-syslog > $RUN/server.log 2>&1 &
SPID=$!
echo $SPID > $RUN/server.pid
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q 'Listening for HTTP' $RUN/server.log && break; sleep 0.1; done

echo "== api";     python3 $APP/drive/api.py > $RUN/api.out
echo "== dig";     bash $APP/drive/dig.sh
echo "== browser"; node $APP/drive/browser.js
echo "== curl";    bash $APP/drive/curl.sh > $RUN/curl.out
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o $APP/capture.pcap.zst $RUN/capture.pcap
echo "requests: $(tshark -r $RUN/capture.pcap -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la $APP/capture.pcap.zst
