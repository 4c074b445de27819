#!/usr/bin/env bash
# Records one clean run of Podman 4.3.1's REST API service (Debian podman 4.3.1+ds1-8+deb12u1) on 127.0.0.1:18920:
# a fresh store (vfs) with a busybox image loaded by the local podman (outside the capture), tcpdump on the port,
# `podman system service --time=0 tcp:127.0.0.1:18920`, then the clients in order: the podman remote CLI
# (drive/cli.sh main), the Docker CLI on the compat API (drive/docker.sh), python http.client scripts
# (drive/api.py: CI job, platform workflows, dashboard polling, mistakes, janitor), curl as the docs show
# (drive/curl.sh docs), the CLI's cleanup, scanner probes. Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
{ command -v podman && [ -x /usr/bin/docker ] && command -v tcpdump && [ -s "$IMG/tiny-rootfs.tar.gz" ] && [ -s "$IMG/busybox-rootfs.tar" ]; } >/dev/null || bash "$HERE/setup.sh"
mkdir -p "$B/log"
bash "$HERE/drive/daemon.sh" reset
rm -rf "$B/work" "$B/capture.pcap"; mkdir -p "$B/work"
cleanup() { bash "$HERE/drive/daemon.sh" stop >/dev/null 2>&1 || true; [ -n "${TD:-}" ] && kill -INT "$TD" 2>/dev/null || true; }
trap cleanup EXIT
tcpdump -i lo -s 0 -B 65536 -U -w "$B/capture.pcap" "tcp port $PORT" 2> "$B/log/tcpdump.log" &
TD=$!
for i in $(seq 50); do grep -q listening "$B/log/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
bash "$HERE/drive/daemon.sh" start
echo "== podman CLI";     bash "$HERE/drive/cli.sh" main            > "$B/log/cli-main.out" 2>&1
echo "== docker CLI";     bash "$HERE/drive/docker.sh"              > "$B/log/docker.out" 2>&1
echo "== api ci";         python3 "$HERE/drive/api.py" ci           > "$B/log/api-ci.out" 2>&1
echo "== api workflows";  python3 "$HERE/drive/api.py" workflows    > "$B/log/api-workflows.out" 2>&1
echo "== api dashboard";  python3 "$HERE/drive/api.py" dashboard    > "$B/log/api-dashboard.out" 2>&1
echo "== curl docs";      bash "$HERE/drive/curl.sh" docs           > "$B/log/curl-docs.out" 2>&1
echo "== api mistakes";   python3 "$HERE/drive/api.py" mistakes     > "$B/log/api-mistakes.out" 2>&1
echo "== api cleanup";    python3 "$HERE/drive/api.py" cleanup      > "$B/log/api-cleanup.out" 2>&1
echo "== podman cleanup"; bash "$HERE/drive/cli.sh" cleanup         > "$B/log/cli-cleanup.out" 2>&1
echo "== probes";         bash "$HERE/drive/curl.sh" probes         > "$B/log/curl-probes.out" 2>&1
sleep 1
kill -INT "$TD"; wait "$TD" || true; TD=
bash "$HERE/drive/daemon.sh" stop
trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$B/capture.pcap"
echo "requests: $(tshark -r "$B/capture.pcap" -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la "$B/capture.pcap" "$HERE/capture.pcap.zst"
