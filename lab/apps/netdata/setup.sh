#!/usr/bin/env bash
# Installs Netdata 1.37.1 from Debian bookworm (netdata, netdata-core, netdata-web 1.37.1-2; the package's own
# service is not started: the lab runs its own agents with their own config, see drive/agents.sh), the clients'
# tools (curl, python3, tcpdump, zstd, chromium, binutils for strings) and the lab's shared browser driver
# (playwright-core from npm in lab/browser). Idempotent. Work files under /tmp/shadowtap-lab/netdata.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
mkdir -p /tmp/shadowtap-lab/netdata
need=()
[ -x /usr/sbin/netdata ] || need+=(netdata netdata-core)
[ -f /usr/share/netdata/web/netdata-swagger.yaml ] || need+=(netdata-web)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v zstd >/dev/null || need+=(zstd)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v strings >/dev/null || need+=(binutils)
command -v unshare >/dev/null || need+=(util-linux)
command -v ip >/dev/null || need+=(iproute2)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"; fi
dpkg-query -W -f='${Package} ${Version}\n' netdata netdata-core netdata-web
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: $(/usr/sbin/netdata -V)"
