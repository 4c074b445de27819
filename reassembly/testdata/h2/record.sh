#!/usr/bin/env bash
# Records h2c.pcap: Go's HTTP/2 server (h2c) called by Go's HTTP/2 transport
# with prior knowledge, and by curl with --http2 (Upgrade: h2c) and
# --http2-prior-knowledge. Needs root (tcpdump on lo), curl built with
# nghttp2, Go. Run from this directory.
set -euo pipefail
PORT=${PORT:-18080}
OUT=${OUT:-h2c.pcap}
tcpdump -i lo -U -s 0 -w "$OUT" "tcp port $PORT" 2>/dev/null &
TD=$!
sleep 1
go run record.go -listen 127.0.0.1:$PORT -serve 20s &
SRV=$!
sleep 4
go run record.go -listen 127.0.0.1:$PORT -calls
curl -s --http2 -o /dev/null http://127.0.0.1:$PORT/api/users/7
curl -s --http2 -o /dev/null -H 'Content-Type: application/json' -d '{"item":"pen"}' http://127.0.0.1:$PORT/api/orders
curl -s --http2-prior-knowledge -o /dev/null -H 'X-Api-Key: k-123' http://127.0.0.1:$PORT/api/users/8
curl -s --http2-prior-knowledge -o /dev/null http://127.0.0.1:$PORT/api/users/404
sleep 1
kill $TD; wait $TD 2>/dev/null || true
kill $SRV 2>/dev/null || true
wait 2>/dev/null || true
ls -l "$OUT"
