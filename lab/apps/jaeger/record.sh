#!/usr/bin/env bash
# Records one clean run: tcpdump on lo for the query port (16686: UI fallback, /api/, /api/v3/) and the OTLP/HTTP
# receiver (4318), then Jaeger v2 (cmd/jaeger v1.75.0, in-memory storage, drive/jaeger.yaml, everything on
# 127.0.0.1), then the clients in order, then stop. Writes capture.pcap.zst next to this script.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/jaeger
RUN=$L/run
[ -x "$L/bin/jaeger" ] && [ -d "$L/otel/node_modules" ] || bash "$APP/setup.sh"
rm -rf "$RUN" && mkdir -p "$RUN/state"
export STATE=$RUN/state JAEGER_URL=http://127.0.0.1:16686 OTLP_URL=http://127.0.0.1:4318
export TRACEGEN=$L/bin/tracegen TRACEGEN_LOG=$RUN/tracegen.log

tcpdump -i lo -s 0 -U -w "$RUN/capture.pcap" 'tcp port 16686 or tcp port 4318' 2> "$RUN/tcpdump.log" &
TPID=$!
for i in $(seq 50); do grep -q listening "$RUN/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5

# Jaeger traces its own query service with the OTel SDK's default OTLP/gRPC exporter (127.0.0.1:4317, not captured);
# no OTEL_* variable reaches it, so that it does not send gRPC to the captured OTLP/HTTP port.
env -u OTEL_EXPORTER_OTLP_ENDPOINT -u OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "$L/bin/jaeger" --config "$APP/drive/jaeger.yaml" > "$RUN/jaeger.log" 2>&1 &
SPID=$!
echo $SPID > "$RUN/jaeger.pid"
cleanup() { kill $SPID 2>/dev/null || true; kill -INT $TPID 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q 'Everything is ready' "$RUN/jaeger.log" && break; sleep 0.2; done
grep -q 'Everything is ready' "$RUN/jaeger.log"
for i in $(seq 50); do ss -ltn | grep -q '127.0.0.1:16686 ' && ss -ltn | grep -q '127.0.0.1:4318 ' && break; sleep 0.2; done

echo "== probes";             N=4 bash "$APP/drive/probes.sh" probe
echo "== otel-services (1)";  node "$APP/drive/otel-services.cjs" 18
echo "== tracegen";           bash "$APP/drive/tracegen.sh"
sleep 1
echo "== ui-sessions";        node "$APP/drive/ui-sessions.cjs"
echo "== apiv3";              bash "$APP/drive/apiv3.sh"
echo "== probes";             N=4 bash "$APP/drive/probes.sh" probe
echo "== otel-services (2)";  node "$APP/drive/otel-services.cjs" 6
sleep 1
echo "== scanner";            bash "$APP/drive/probes.sh" scan
echo "== probes";             N=4 bash "$APP/drive/probes.sh" probe
sleep 1
kill -INT $TPID; wait $TPID || true
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
zstd -19 -q -f -o "$APP/capture.pcap.zst" "$RUN/capture.pcap"
echo "requests: $(tshark -r "$RUN/capture.pcap" -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la "$APP/capture.pcap.zst"
