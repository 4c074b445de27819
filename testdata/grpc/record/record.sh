#!/usr/bin/env bash
# Records ../grpc.pcap (grpc-go server and client on lo, port 50051) and
# builds ../shop.protoset from ../shop.proto. Needs root (tcpdump), Go and
# protoc (Debian protobuf-compiler). Run from this directory.
set -euo pipefail
PORT=${PORT:-50051}
( cd .. && protoc --include_imports --descriptor_set_out=shop.protoset shop.proto )
go build -o /tmp/grpcrecord .
tcpdump -i lo -U -s 0 -w ../grpc.pcap "tcp port $PORT" 2>/dev/null &
TD=$!
sleep 1
/tmp/grpcrecord -listen 127.0.0.1:$PORT -serve 8s &
SRV=$!
sleep 1
/tmp/grpcrecord -listen 127.0.0.1:$PORT -calls
sleep 1
kill $TD; wait $TD 2>/dev/null || true
wait $SRV 2>/dev/null || true
gzip -9f ../grpc.pcap
ls -l ../grpc.pcap.gz ../shop.protoset
