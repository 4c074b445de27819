#!/usr/bin/env bash
# record.sh - start Ory Oathkeeper v0.40.9 (API 127.0.0.1:14456, proxy :14455, Prometheus :14483) with the Northwind
# access rules in drive/rules.yaml, the identity service (:14481) and the four services (:14482), nginx (:14480)
# asking the decision API, capture only Oathkeeper's API port, run the clients, stop everything, write
# capture.pcap.zst. Work files under /tmp/shadowtap-lab/oathkeeper-names2.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LAB=/tmp/shadowtap-lab/oathkeeper-names2
OK=$LAB/bin/oathkeeper
PY=/usr/bin/python3
[ -x "$OK" ] || bash "$HERE/setup.sh"
RUN=$LAB/run; rm -rf "$RUN"; mkdir -p "$RUN/nginx/tmp"
PCAP=$LAB/capture.pcap; rm -f "$PCAP"
for p in 14455 14456 14480 14481 14482 14483; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; then echo "port $p already in use" >&2; exit 1; fi
done
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

cp "$HERE/drive/oathkeeper.yml" "$HERE/drive/rules.yaml" "$RUN/"
# the id_token mutator's signing key, made with oathkeeper's own generator
"$OK" credentials generate --alg RS256 > "$RUN/id_token.jwks.json"

tcpdump -i lo -s 0 -U -w "$PCAP" 'tcp port 14456' 2>"$RUN/tcpdump.log" & TCPDUMP=$!
sleep 2
$PY "$HERE/drive/identity.py" 2>"$RUN/identity.log" & pids+=($!)
$PY "$HERE/drive/services.py" 2>"$RUN/services.log" & pids+=($!)
# SQA_OPT_OUT: no telemetry to sqa.ory.sh (nothing leaves 127.0.0.1)
SQA_OPT_OUT=true "$OK" serve --config "$RUN/oathkeeper.yml" >"$RUN/oathkeeper.log" 2>&1 & OKPID=$!; pids+=($OKPID)
for i in $(seq 1 60); do curl -sf -o /dev/null -A 'Envoy/HC' http://127.0.0.1:14456/health/ready && break; sleep 0.5; done
nginx -p "$RUN/nginx" -e "$RUN/nginx/error.log" -c "$HERE/drive/nginx.conf" 2>"$RUN/nginx.stderr" & NGPID=$!; pids+=($NGPID)
for i in $(seq 1 20); do curl -s -o /dev/null http://127.0.0.1:14480/ && break; sleep 0.3; done
bash "$HERE/drive/background.sh" & BG=$!; pids+=($BG)

bash "$HERE/drive/ops.sh" first >"$RUN/ops-first.log" 2>&1
$PY "$HERE/drive/traffic.py" 2>"$RUN/traffic.log"
bash "$HERE/drive/ops.sh" last >"$RUN/ops-last.log" 2>&1

kill "$BG"; wait "$BG" 2>/dev/null
sleep 1
kill -QUIT "$NGPID"; wait "$NGPID" 2>/dev/null     # graceful: nginx closes its keepalive connections to Oathkeeper
sleep 1
kill -INT $TCPDUMP; wait $TCPDUMP 2>/dev/null
cleanup; wait 2>/dev/null
trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$PCAP"
cat "$RUN/traffic.log"
echo "requests on :14456: $(tshark -r "$PCAP" -Y http.request 2>/dev/null | wc -l); capture.pcap.zst: $(stat -c %s "$HERE/capture.pcap.zst") bytes"
