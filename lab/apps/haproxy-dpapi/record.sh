#!/usr/bin/env bash
# Records the HAProxy Data Plane API v1.2.5 (127.0.0.1:18555, Basic auth from the `controller` userlist of the
# haproxy.cfg it manages) in front of a running HAProxy 2.6 (master-worker in the foreground; the API reloads it with
# SIGUSR2 to the master through $RUN/reload.sh), driven by: an operator with curl (discovery, global/defaults, the
# raw configuration, the Sites API), a deploy tool on python http.client (transactions with backends, servers,
# frontends, binds, ACLs, rules; commits, an abandoned transaction, single version= changes, a rolling drain),
# a Grafana-style dashboard polling info and native stats, a cleanup job, users' mistakes, calls without or with bad
# credentials, the docs page and the document, scanner probes. Fresh configuration each time. Writes
# capture.pcap.zst next to this script. Only the API's port is recorded (HAProxy's frontends and the two small
# upstream servers are not).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$RUN" "$L/capture.pcap"; mkdir -p "$STATE" "$RUN/tx" "$RUN/www"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
for p in $PORT 18640 18641 18642 18661 18662; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
trap cleanup EXIT
DH=$(openssl passwd -6 -salt Yq3vB0pL "$DEPLOY_PASS")
GH=$(openssl passwd -5 -salt 7rTzq1Wc "$DASH_PASS")
sed -e "s#@RUN@#$RUN#g" -e "s#@DEPLOY_HASH@#$DH#" -e "s#@DASH_HASH@#$GH#" "$HERE/drive/haproxy.cfg.in" > "$RUN/haproxy.cfg"
printf '#!/bin/sh\nexec kill -USR2 "$(cat %s/haproxy.pid)"\n' "$RUN" > "$RUN/reload.sh"; chmod +x "$RUN/reload.sh"
/usr/sbin/haproxy -c -q -f "$RUN/haproxy.cfg"
echo ok > "$RUN/www/healthz"
for p in 18661 18662; do
  python3 -m http.server -b 127.0.0.1 -d "$RUN/www" $p >"$RUN/upstream-$p.log" 2>&1 &
  PIDS+=($!)
done

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD)
sleep 2
/usr/sbin/haproxy -W -f "$RUN/haproxy.cfg" >"$RUN/haproxy.log" 2>&1 &
HA=$!; PIDS+=($HA)
sleep 1
"$L/bin/dataplaneapi" --scheme=http --host "$HOST" --port "$PORT" -c "$RUN/haproxy.cfg" -b /usr/sbin/haproxy \
  -u controller -d 1 -r "$RUN/reload.sh" -s "$RUN/reload.sh" -t "$RUN/tx" --log-level=info >"$RUN/dataplaneapi.log" 2>&1 &
SRV=$!; PIDS+=($SRV)
for i in $(seq 1 50); do curl -fs -A "kube-probe/1.31" -o /dev/null "$BASE/v1/docs" && break; sleep 0.3; done
echo "probe 200 GET /v1/docs" >> "$STATE/calls.log"
export PYTHONUNBUFFERED=1
cd "$HERE/drive"
echo "== ops bootstrap";   bash ./ops.sh bootstrap
python3 ./dashboard.py 55 1.0 > "$STATE/dashboard.out" 2>&1 &
DB=$!; PIDS+=($DB)
python3 ./deploy.py release1
# some end-user traffic through HAProxy's new frontend (port 18641, not recorded), so that the stats move
( for i in $(seq 1 60); do for p in /healthz /checkout/cart /search?q=shoes /users/42 /app.css; do
    curl -s -o /dev/null -m 2 "http://127.0.0.1:18641$p"; done; sleep 0.5; done ) &
TR=$!; PIDS+=($TR)
echo "== ops defaults";    bash ./ops.sh defaults
python3 ./deploy.py release2
echo "== public";          bash ./public.sh
python3 ./deploy.py canary
echo "== ops sites";       bash ./ops.sh sites
python3 ./deploy.py tweaks
python3 ./deploy.py scale
echo "== mistakes";        bash ./mistakes.sh
echo "== ops raw";         bash ./ops.sh raw
python3 ./deploy.py rollout
echo "== cleanup";         python3 ./cleanup.py
echo "== ops sites";       bash ./ops.sh sites-cleanup
echo "== probes";          bash ./probes.sh
wait $DB || true
kill $TR 2>/dev/null || true; wait $TR 2>/dev/null || true
cp "$RUN/haproxy.cfg" "$STATE/haproxy.cfg.final"

kill -TERM $SRV 2>/dev/null || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV 2>/dev/null || true
kill -USR1 $HA 2>/dev/null || true; for i in $(seq 1 50); do kill -0 $HA 2>/dev/null || break; sleep 0.2; done
kill $HA 2>/dev/null || true; wait $HA 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1, $2}' "$STATE/calls.log" | sort | uniq -c
echo "logged calls: $(wc -l < "$STATE/calls.log")"
echo "HTTP requests in the capture: $(tshark -r "$L/capture.pcap" -d tcp.port==$PORT,http -Y http.request -T fields -e tcp.dstport 2>/dev/null | wc -l)"
grep -c 'Reload failed' "$RUN/dataplaneapi.log" || true
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
