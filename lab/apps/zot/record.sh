#!/usr/bin/env bash
# Records zot v1.4.3 (local filesystem storage, htpasswd basic auth with access control: anonymous read everywhere
# but acme/**, search and metrics extensions; 127.0.0.1:18510) driven by: CI pushing, inspecting, promoting and
# deleting images with skopeo; a developer and the platform team with crane; a release pipeline on the distribution
# API with python (monolithic, POST+PUT and chunked uploads, cancelled uploads, mounts, referrers, deletes); a
# registry UI's GraphQL searches; curl without or with bad credentials and CORS preflights; kubelet probes on /v2/;
# Prometheus scrapes of /metrics; scanner probes. Fresh storage each time. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$RUN" "$L/capture.pcap"; mkdir -p "$STATE" "$RUN"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then echo "port $PORT is in use" >&2; exit 1; fi
trap cleanup EXIT
sed "s#@RUN@#$RUN#g" "$HERE/drive/config.json" > "$RUN/config.json"
: > "$RUN/htpasswd"
for u in "$CI_USER:$CI_PASS" "$DEV_USER:$DEV_PASS" "$RO_USER:$RO_PASS" "$ADMIN_USER:$ADMIN_PASS"; do
  htpasswd -bB -C 5 "$RUN/htpasswd" "${u%%:*}" "${u#*:}" 2>/dev/null
done
python3 "$HERE/drive/mkimages.py"

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; PIDS+=($TD)
sleep 2
"$L/bin/zot" serve "$RUN/config.json" >"$RUN/stdout.log" 2>&1 &
SRV=$!; PIDS+=($SRV)
for i in $(seq 1 50); do curl -fs -A kube-probe/1.31 -o /dev/null "$BASE/v2/" && break; sleep 0.3; done
( while :; do curl -s -A kube-probe/1.31 -o /dev/null "$BASE/v2/"; sleep 4; done ) &
KP=$!; PIDS+=($KP)
( while :; do curl -s -A "Prometheus/2.53.0" -H 'Accept: text/plain;version=0.0.4;q=0.9,*/*;q=0.1' -o /dev/null \
    -w "scrape %{http_code} GET /metrics\n" "$BASE/metrics" >> "$STATE/calls.log"; sleep 12; done ) &
SC=$!; PIDS+=($SC)
export PYTHONUNBUFFERED=1
cd "$HERE/drive"
echo "== skopeo";   bash ./skopeo.sh
echo "== api";      python3 ./api.py release mounts referrers
echo "== crane";    bash ./crane.sh
echo "== search";   python3 ./search.py 1
echo "== api";      python3 ./api.py browse cleanup
echo "== public";   bash ./public.sh
echo "== search";   python3 ./search.py 1
echo "== probes";   bash ./probes.sh
curl -s -o /dev/null "$BASE/metrics"

kill $KP $SC; wait $KP $SC 2>/dev/null || true
sleep 1
kill -INT $SRV || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1, $2}' "$STATE/calls.log" | sort | uniq -c
echo "logged calls: $(wc -l < "$STATE/calls.log")"
echo "HTTP requests in the capture: $(tshark -r "$L/capture.pcap" -d tcp.port==$PORT,http -Y http.request -T fields -e tcp.dstport 2>/dev/null | wc -l)"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
