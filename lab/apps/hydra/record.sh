#!/usr/bin/env bash
# record.sh - start Hydra (fresh in-memory DB) + the login/consent app, capture loopback traffic on Hydra's ports,
# run the clients, stop everything, write capture.pcap.zst.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
RUN=$LAB/run; rm -rf "$RUN"; mkdir -p "$RUN"
export STATE=$RUN/state; mkdir -p "$STATE"
PCAP=$RUN/capture.pcap
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

if curl -s -o /dev/null "$ADM/health/alive" || curl -s -o /dev/null "$PUB/health/alive"; then echo "port 19444/19445 already in use" >&2; exit 1; fi
tcpdump -i lo -s 0 -U -w "$PCAP" 'tcp port 19444 or tcp port 19445' 2>"$RUN/tcpdump.log" & TCPDUMP=$!
sleep 2
hydra_exec "$HYDRA" serve all --dev >"$RUN/hydra.log" 2>&1 & HPID=$!; pids+=($HPID)
for i in $(seq 1 60); do curl -sf -o /dev/null "$ADM/health/ready" && break; sleep 0.5; done

bash "$HERE/drive/cli.sh" 2>"$RUN/cli.log"
RP_CLIENTS=$(awk -F'\t' '$4=="web"{printf "%s%s:%s:%s", (n++?",":""), $1, $2, $3}' "$STATE/clients.tsv") \
  node "$HERE/drive/login-consent.js" 2>"$RUN/login-consent.log" & LPID=$!; pids+=($LPID)
for i in $(seq 1 20); do curl -sf -o /dev/null "$LC/" && break; sleep 0.3; done
bash "$HERE/drive/curl.sh" 2>"$RUN/curl.log"
node "$HERE/drive/browser.js" 2>"$RUN/browser.log"
node "$HERE/drive/sdk.js" 2>"$RUN/sdk.log"

sleep 1
kill -INT $TCPDUMP; wait $TCPDUMP 2>/dev/null
kill $LPID $HPID 2>/dev/null; wait $LPID $HPID 2>/dev/null
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$PCAP"
tail -n1 "$RUN"/browser.log "$RUN"/sdk.log "$RUN"/cli.log "$RUN"/curl.log
echo "requests: $(tshark -r "$PCAP" -Y http.request 2>/dev/null | wc -l); capture: $(du -h "$HERE/capture.pcap.zst" | cut -f1)"
