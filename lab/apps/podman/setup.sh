#!/usr/bin/env bash
# Installs Podman 4.3.1 (Debian bookworm `podman` 4.3.1+ds1-8+deb12u1, with its conmon, runc/crun, netavark,
# catatonit), the Docker CLI 20.10.24 (Debian `docker.io`; only /usr/bin/docker is used, dockerd is never started),
# tcpdump, zstd, jq, and builds the lab's tiny image rootfs (a 648-byte static binary, no registry access).
# Idempotent. Work files under /tmp/shadowtap-lab/podman.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=/tmp/shadowtap-lab/podman
mkdir -p "$B"
need=()
command -v podman >/dev/null || need+=(podman)
[ -x /usr/bin/docker ] || need+=(docker.io)
command -v runc >/dev/null || need+=(runc)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v zstd >/dev/null || need+=(zstd)
command -v jq >/dev/null || need+=(jq)
command -v gcc >/dev/null || need+=(gcc)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi
# docker.io's postinst may try to start dockerd where an init system runs; the lab never uses it.
podman --version
/usr/bin/docker --version
bash "$HERE/drive/image/build.sh"
