#!/usr/bin/env bash
# Records one clean run of LXD 5.0.2 (Debian lxd / lxd-client 5.0.2-5+deb12u6): a fresh daemon state directory, the
# daemon's unix socket bridged to 127.0.0.1:18443 (socat) so that the lxc CLI's requests (and the scripts' ones)
# cross lo in plain HTTP/1.1, tcpdump on that port, then the clients in order: `lxd init --preseed` through the
# bridge, the lxc CLI (drive/cli.sh main), REST scripts (drive/api.py: inventory, provision, a dashboard's polling,
# housekeeping), curl as the docs show (drive/curl.sh), the CLI's cleanup, scanner probes. Writes capture.pcap.zst.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
command -v lxd >/dev/null && command -v socat >/dev/null && command -v iptables >/dev/null || bash "$HERE/setup.sh"
# Everything runs in private network and mount namespaces (unshare, as root): only loopback, so nothing the daemon
# does on its own (it asks images.linuxcontainers.org for instance types at start) leaves 127.0.0.0/8; the bridge
# lxdbr0 and its dnsmasq live in the namespace. sysfs is mounted again so /sys/class/net shows the namespace's
# interfaces (LXD reads its bridges there); the cgroup tree is bound back at /sys/fs/cgroup.
enter_lab_ns "$0"
export STATE=$L/state PORT IMG
bash "$HERE/drive/daemon.sh" stop >/dev/null 2>&1 || true
rm -rf "$LXD_DIR" "$CLIENT" "$STATE" "$L/work" "$L/capture.pcap" "$L/log"; mkdir -p "$STATE" "$L/log"
bash "$HERE/drive/image/build.sh" > /dev/null
# two client certificates for `lxc config trust add` (a CI server's and a backup server's)
mkdir -p "$L/work"
for c in jenkins backup; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 365 -subj "/CN=$c.ci.example.net" \
    -keyout "$L/work/$c.key" -out "$L/work/$c.crt" 2>/dev/null
done
cleanup() { bash "$HERE/drive/daemon.sh" stop >/dev/null 2>&1 || true; [ -n "${TD:-}" ] && kill -INT $TD 2>/dev/null || true; }
trap cleanup EXIT

tcpdump -i lo -s 0 -B 65536 -U -w "$L/capture.pcap" "tcp port $PORT" 2> "$L/log/tcpdump.log" &
TD=$!
for i in $(seq 50); do grep -q listening "$L/log/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
bash "$HERE/drive/daemon.sh" start
echo "== lxd init --preseed (through the bridge)"
LXD_DIR=$CLIENT lxd init --preseed < "$HERE/drive/preseed.yaml"
echo "== lxc CLI";           bash "$HERE/drive/cli.sh" main
echo "== api inventory";     python3 "$HERE/drive/api.py" inventory > "$STATE/api-inventory.out"
echo "== api provision";     python3 "$HERE/drive/api.py" provision > "$STATE/api-provision.out"
echo "== api monitor";       python3 "$HERE/drive/api.py" monitor > "$STATE/api-monitor.out"
echo "== curl";              bash "$HERE/drive/curl.sh" > "$STATE/curl.out"
echo "== api housekeeping";  python3 "$HERE/drive/api.py" housekeeping > "$STATE/api-housekeeping.out"
echo "== lxc CLI cleanup";   bash "$HERE/drive/cli.sh" cleanup
echo "== probes";            python3 "$HERE/drive/api.py" probes > "$STATE/api-probes.out"
sleep 1
kill -INT $TD; wait $TD || true; TD=
bash "$HERE/drive/daemon.sh" stop
trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
echo "requests: $(tshark -r "$L/capture.pcap" -Y http.request -T fields -e http.request.method 2>/dev/null | wc -l)"
ls -la "$L/capture.pcap" "$HERE/capture.pcap.zst"
