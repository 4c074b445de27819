#!/usr/bin/env bash
# Records Mailpit v1.33.1 (web UI + REST API on 127.0.0.1:18125, basic auth from an htpasswd file; SMTP in on 11125,
# not recorded) driven by: python smtplib and `mailpit sendmail` putting the mail in (SMTP), an end-to-end test
# suite, a developer's triage script, the deploy pipeline's send API calls, chaos settings and other API calls (python
# http.client, as the API docs show), headless-Chromium sessions on the web UI, calls without or with wrong
# credentials, kubelet probes, a Prometheus scrape, scanner probes. Releases go to a second Mailpit on loopback (the
# "staging relay", not recorded); the link checker follows links to a local web server (not recorded).
# Fresh database and state each time. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
rm -rf "$STATE" "$L/capture.pcap" "$L"/*.db*; mkdir -p "$STATE/www"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
# the ports must be free (a Mailpit left running would answer instead of this one)
for p in $HTTP_PORT $SMTP_PORT $UP_HTTP_PORT $UP_SMTP_PORT $LINK_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
trap cleanup EXIT

# htpasswd files (APR1-MD5, fixed salts so the files are the same each run)
: > "$STATE/ui-auth"
for u in $UI_USERS; do echo "${u%%:*}:$(openssl passwd -apr1 -salt "bc${u:0:6}" "${u#*:}")" >> "$STATE/ui-auth"; done
echo "$SEND_USER:$(openssl passwd -apr1 -salt bcdeploy "$SEND_PASS")" > "$STATE/send-auth"

# the shop's pages the newsletters link to (for the link checker; some links are missing on purpose)
mkdir -p "$STATE/www/journal" "$STATE/www/shop" "$STATE/www/help"
for p in journal/spring-trail-picks journal/summer-camping-checklist journal/gear-care shop/sale shop/deals help/returns; do
  echo "<html><body><h1>$p</h1></body></html>" > "$STATE/www/$p"; done
python3 -m http.server "$LINK_PORT" --bind 127.0.0.1 --directory "$STATE/www" >"$L/linkserver.log" 2>&1 &
PIDS+=($!)
# the staging relay releases go to
"$L/bin/mailpit" --disable-version-check -l 127.0.0.1:$UP_HTTP_PORT -s 127.0.0.1:$UP_SMTP_PORT --pop3 127.0.0.1:11111 \
  -d "$L/upstream.db" --smtp-disable-rdns --label "staging relay" >"$L/upstream.log" 2>&1 &
PIDS+=($!)

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $HTTP_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; echo $TD > "$L/tcpdump.pid"; PIDS+=($TD)
sleep 2
"$L/bin/mailpit" --disable-version-check -l 127.0.0.1:$HTTP_PORT -s 127.0.0.1:$SMTP_PORT --pop3 127.0.0.1:$POP3_PORT \
  -d "$L/mailpit.db" --label "BrightCart staging" --ui-auth-file "$STATE/ui-auth" --send-api-auth-file "$STATE/send-auth" \
  --smtp-relay-config "$HERE/drive/relay.yml" --enable-chaos --enable-prometheus true --allow-internal-http-requests \
  --smtp-disable-rdns >"$L/mailpit.log" 2>&1 &
SRV=$!; PIDS+=($SRV); echo $SRV > "$L/mailpit.pid"
# the kubelet's readiness probe until it answers
for i in $(seq 1 50); do curl -fs -A kube-probe/1.31 -o /dev/null "$BASE/readyz" && break; sleep 0.3; done

# the kubelet's probes every 3 s for the whole run (a new connection each, as the kubelet does)
( while :; do curl -s -A kube-probe/1.31 -o /dev/null "$BASE/livez"; curl -s -A kube-probe/1.31 -o /dev/null "$BASE/readyz"; sleep 3; done ) &
KP=$!; PIDS+=($KP)
export PYTHONUNBUFFERED=1
echo "== smtp";       python3 "$HERE/drive/seed_smtp.py"
echo "== sendmail";   bash "$HERE/drive/sendmail.sh"
sleep 1
echo "== e2e";        python3 "$HERE/drive/api.py" e2e
echo "== customers";  python3 "$HERE/drive/api.py" customers
echo "== send api";   python3 "$HERE/drive/api.py" send
echo "== ci poll";    python3 "$HERE/drive/api.py" poll
echo "== browser";    node "$HERE/drive/browser.cjs"
echo "== triage";     python3 "$HERE/drive/api.py" triage
echo "== photos";     python3 "$HERE/drive/api.py" photos
echo "== chaos";      python3 "$HERE/drive/api.py" chaos
echo "== misc";       python3 "$HERE/drive/api.py" misc
echo "== anon";       python3 "$HERE/drive/api.py" anon
echo "== probes";     bash "$HERE/drive/probes.sh"
echo "== cleanup";    python3 "$HERE/drive/api.py" cleanup

kill $KP; wait $KP 2>/dev/null || true
sleep 1
kill -INT $SRV || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV || true
sleep 1
kill -INT $TD; wait $TD || true
cleanup; trap - EXIT
awk '{print $1}' "$STATE/calls.log" | sort | uniq -c
wc -l < "$STATE/calls.log"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
