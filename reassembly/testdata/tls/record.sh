#!/usr/bin/env bash
# Records tls.pcap: TLS handshakes against Go's crypto/tls server on
# 127.0.0.1:18443 (self-signed certificate for api.shop.test) and on
# 127.0.0.1:18444 (an expired one): Go's client (TLS 1.2 and 1.3, HTTP/2
# offered), curl (TLS 1.3 and --tlsv1.2 --tls-max 1.2), openssl s_client
# (-tls1_2, -tls1_3, with and without -servername). Needs root, Go, curl,
# openssl. Run from this directory.
set -euo pipefail
OUT=${OUT:-tls.pcap}
tcpdump -i lo -U -s 0 -w "$OUT" "tcp port 18443 or tcp port 18444" 2>/dev/null &
TD=$!
sleep 1
go run record.go -listen 127.0.0.1:18443 -serve 15s &
go run record.go -listen 127.0.0.1:18444 -serve 15s -expired &
sleep 5
go run record.go -listen 127.0.0.1:18443 -calls
curl -sk -o /dev/null --resolve api.shop.test:18443:127.0.0.1 https://api.shop.test:18443/api/users/2
curl -sk -o /dev/null --tlsv1.2 --tls-max 1.2 --resolve api.shop.test:18443:127.0.0.1 https://api.shop.test:18443/api/users/3
echo | openssl s_client -connect 127.0.0.1:18443 -servername api.shop.test -tls1_2 >/dev/null 2>&1 || true
echo | openssl s_client -connect 127.0.0.1:18443 -servername api.shop.test -tls1_3 -alpn h2,http/1.1 >/dev/null 2>&1 || true
echo | openssl s_client -connect 127.0.0.1:18443 -noservername -tls1_2 >/dev/null 2>&1 || true
curl -sk -o /dev/null --tlsv1.2 --tls-max 1.2 --resolve legacy.shop.test:18444:127.0.0.1 https://legacy.shop.test:18444/
sleep 1
kill $TD; wait $TD 2>/dev/null || true
wait 2>/dev/null || true
gzip -9f "$OUT"
ls -l "$OUT.gz"
