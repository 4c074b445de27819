#!/usr/bin/env bash
# Records capture.pcap.zst: the gRPC sample server (testdata/grpc/record, grpc-go) on 127.0.0.1:50052 and its
# seeded workload (-workload 700 -seed 7: six client connections, 85% of calls with credentials, streaming calls,
# and a scanner trying methods the server lacks). Needs root (tcpdump), Go.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=50052
( cd "$HERE/../../grpc/record" && go build -o /tmp/grpcrecord . )
tcpdump -i lo -U -s 0 -w /tmp/grpcshop.pcap "tcp port $PORT" 2>/dev/null &
TD=$!
sleep 1
/tmp/grpcrecord -listen 127.0.0.1:$PORT -serve 30s &
SRV=$!
sleep 1
/tmp/grpcrecord -listen 127.0.0.1:$PORT -workload 700 -seed 7
sleep 1
kill $TD; wait $TD 2>/dev/null || true
kill $SRV 2>/dev/null || true; wait $SRV 2>/dev/null || true
zstd -19 -q -f -o "$HERE/capture.pcap.zst" /tmp/grpcshop.pcap
ls -l "$HERE/capture.pcap.zst"
