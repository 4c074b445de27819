#!/usr/bin/env bash
# Installs PowerDNS Authoritative Server 4.7.3 from Debian (pdns-server, pdns-backend-sqlite3 4.7.3-2), the
# clients' tools (curl, python3, dig from bind9-dnsutils, sqlite3, tcpdump, tshark, binutils for
# strings) and the lab's shared browser driver. Idempotent. Work files under /tmp/shadowtap-lab/pdns.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
L=/tmp/shadowtap-lab/pdns
mkdir -p $L
need=()
[ -x /usr/sbin/pdns_server ] || need+=(pdns-server)
[ -f /usr/lib/x86_64-linux-gnu/pdns/libgsqlite3backend.so ] || need+=(pdns-backend-sqlite3)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v dig >/dev/null || need+=(bind9-dnsutils)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tshark >/dev/null || need+=(tshark)
command -v strings >/dev/null || need+=(binutils)
command -v curl >/dev/null || need+=(curl)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"; fi
# (a system instance started by the package, if any, is not used: the lab runs its own on other ports)
dpkg-query -W -f='${Package} ${Version}\n' pdns-server pdns-backend-sqlite3
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.js
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: /usr/sbin/pdns_server $(/usr/sbin/pdns_server --version 2>&1 | grep -o 'Server [0-9.]*' | head -1)"
