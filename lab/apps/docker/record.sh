#!/usr/bin/env bash
# Records Docker Engine 20.10.24 (Debian docker.io) on 127.0.0.1:23750 driven by the real docker CLI (20.10.24)
# and curl. Fresh data root each run. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=/tmp/shadowtap-lab/docker
PORT=23750
[ -s "$B/rootfs.tar" ] && [ -x /usr/sbin/dockerd ] || bash "$HERE/setup.sh"

rm -rf "$B/data" "$B/exec" "$B/capture.pcap"; mkdir -p "$B/data" "$B/exec"
tcpdump -i lo -s 0 -U -w "$B/capture.pcap" "tcp port $PORT" >"$B/tcpdump.log" 2>&1 &
TD=$!
sleep 2
dockerd -H tcp://127.0.0.1:$PORT -H "unix://$B/docker.sock" --data-root "$B/data" --exec-root "$B/exec" \
  --pidfile "$B/dockerd.pid" --storage-driver vfs --iptables=false --ip-masq=false --bridge=none \
  --log-level warn >"$B/dockerd.log" 2>&1 &
DD=$!
cleanup() { kill "$DD" 2>/dev/null || true; kill -INT "$TD" 2>/dev/null || true; }
trap cleanup EXIT
# wait for the daemon on its unix socket (outside the capture)
for i in $(seq 1 100); do curl -fs --unix-socket "$B/docker.sock" -o /dev/null http://localhost/_ping && break; sleep 0.2; done

export DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_URL=http://127.0.0.1:$PORT
echo "== docker CLI"; bash "$HERE/drive/cli.sh"
echo "== curl";       bash "$HERE/drive/curl_api.sh"

sleep 1
kill -INT "$TD"; wait "$TD" || true
kill "$DD"; wait "$DD" || true
trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$B/capture.pcap"
ls -la "$HERE/capture.pcap.zst"
