#!/usr/bin/env bash
# Installs Docker Engine + CLI 20.10.24 from Debian (docker.io 20.10.24+dfsg1), busybox-static (for a local rootfs
# image, no registry access) and tcpdump; fetches github.com/docker/docker@v20.10.24+incompatible from the Go module
# proxy (router source for routes.sh, api/swagger.yaml). Idempotent. Work files under /tmp/shadowtap-lab/docker.
set -euo pipefail
B=/tmp/shadowtap-lab/docker
mkdir -p "$B"
[ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ] || apt-get install -y docker.io
[ -x /bin/busybox ] || apt-get install -y busybox-static
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
(cd /tmp && go mod download -json github.com/docker/docker@v20.10.24+incompatible >/dev/null)
# a tiny rootfs tar (busybox) for `docker import`
if [ ! -s "$B/rootfs.tar" ]; then
  rm -rf "$B/rootfs"; mkdir -p "$B/rootfs/bin" "$B/rootfs/etc" "$B/rootfs/tmp"
  cp /bin/busybox "$B/rootfs/bin/busybox"
  for c in sh ls cat echo sleep true; do ln -sf busybox "$B/rootfs/bin/$c"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$B/rootfs/etc/passwd"
  tar --sort=name --mtime=2026-01-01 --owner=0 --group=0 -C "$B/rootfs" -cf "$B/rootfs.tar" .
fi
