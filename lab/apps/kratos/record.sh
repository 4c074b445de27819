#!/usr/bin/env bash
# Records Ory Kratos v1.3.1 (public API 127.0.0.1:19433, admin API 127.0.0.1:19434) driven by its own clients.
# Run setup.sh first. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=/tmp/shadowtap-lab/kratos
RUN=$BASE/run
export ST=$BASE/state
export KRATOS_BIN=$BASE/bin/kratos
PCAP=$BASE/capture.pcap

# clean state: DSN=memory gives a fresh in-memory SQLite database on every start
for f in "$RUN/serve.pid" "$RUN/tcpdump.pid"; do
  [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null && sleep 1 || true; rm -f "$f"
done
rm -rf "$ST" "$RUN"; mkdir -p "$ST" "$RUN"
cp "$HERE/drive/kratos.yml" "$HERE/drive/identity.schema.json" "$HERE/drive/customer.schema.json" "$RUN/"
rm -f "$PCAP"

listening() { ss -ltnH "sport = :$1" | grep -q LISTEN; }
for p in 19433 19434; do if listening $p; then echo "port $p already in use" >&2; exit 1; fi; done

tcpdump -i lo -s 0 -U -w "$PCAP" 'tcp port 19433 or tcp port 19434' 2>"$RUN/tcpdump.log" &
echo $! > "$RUN/tcpdump.pid"
for i in $(seq 50); do [ -s "$PCAP" ] && break; sleep 0.1; done; sleep 0.5

(cd "$RUN" && SQA_OPT_OUT=true DSN=memory exec "$KRATOS_BIN" serve --dev --sqa-opt-out -c "$RUN/kratos.yml" >"$RUN/serve.log" 2>&1) &
echo $! > "$RUN/serve.pid"
for i in $(seq 200); do listening 19433 && listening 19434 && break; sleep 0.1; done
sleep 0.5

cd "$HERE/drive"
echo "== api_flows (curl, native flows)";  bash ./api_flows.sh
echo "== browser_curl (curl + cookies)";   bash ./browser_curl.sh
echo "== admin_curl (curl, admin API)";    bash ./admin_curl.sh
echo "== cli (kratos CLI)";                bash ./cli.sh > "$RUN/cli.out" 2>&1
echo "== sdk (@ory/kratos-client)";        NODE_PATH=$BASE/node/node_modules node ./sdk.js
echo "== probes";                          bash ./probes.sh

sleep 1
kill -INT "$(cat "$RUN/tcpdump.pid")"; wait "$(cat "$RUN/tcpdump.pid")" 2>/dev/null || true; rm -f "$RUN/tcpdump.pid"
kill -TERM "$(cat "$RUN/serve.pid")" 2>/dev/null || true; wait "$(cat "$RUN/serve.pid")" 2>/dev/null || true; rm -f "$RUN/serve.pid"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$PCAP"
echo "requests: $(tshark -r "$PCAP" -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -l "$HERE/capture.pcap.zst"
