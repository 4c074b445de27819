#!/usr/bin/env bash
# Installs LXD 5.0.2 from Debian (lxd, lxd-client 5.0.2-5+deb12u6) and what the lab scripts use: socat (the plain-HTTP
# bridge to the daemon's unix socket), iptables and dnsmasq-base (LXD's bridge network lxdbr0), gcc (the images' tiny
# static /sbin/init, assembled from drive/image/*.S), openssl (client certificates for `lxc config trust add`),
# tcpdump, tshark, zstd, curl, python3, binutils (strings). Idempotent. Work files under /tmp/shadowtap-lab/lxd.
# No systemd here: the daemon is started by hand by drive/daemon.sh (record.sh, routes.sh), not by the package.
set -euo pipefail
mkdir -p /tmp/shadowtap-lab/lxd
need=()
command -v lxd >/dev/null || need+=(lxd)
command -v lxc >/dev/null || need+=(lxd-client)
for c in socat:socat iptables:iptables dnsmasq:dnsmasq-base gcc:gcc openssl:openssl tcpdump:tcpdump tshark:tshark \
         zstd:zstd curl:curl python3:python3 strings:binutils unshare:util-linux; do
  command -v "${c%%:*}" >/dev/null || need+=("${c#*:}")
done
if [ ${#need[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"; fi
dpkg-query -W -f='${Package} ${Version}\n' lxd lxd-client
echo "setup ok: $(lxd --version) (lxd), lxc $(lxc --version)"
