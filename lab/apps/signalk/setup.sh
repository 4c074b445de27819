#!/bin/bash
# Installs Signal K server 2.23.0 from the npm registry the way the Signal K docs install it (npm install -g), here
# into the prefix /tmp/shadowtap-lab/signalk/global (idempotent), with the plugins and webapps its package depends on
# (resources-provider, course-provider, freeboard-sk, instrumentpanel, kip, the admin UI, ...), and the lab's shared
# browser driver (lab/browser, playwright-core).
# 2.23.0: 2.32.0 asks for Node 22; 2.23.0 accepts Node >=20. npm runs no install scripts here (allowScripts):
# serialport's native binding is not built (no serial devices are used), @scarf/scarf's analytics postinstall and
# canboatjs' optional build do not run.
# System packages used: nodejs 20, tcpdump, tshark, chromium, curl, jq, zstd, util-linux (unshare, nsenter), iproute2.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
P=/tmp/shadowtap-lab/signalk/global
want=2.23.0
have=$(node -p "try{require('$P/lib/node_modules/signalk-server/package.json').version}catch(e){''}")
if [ "$have" != "$want" ]; then mkdir -p $P && npm install -g --prefix $P --no-audit --no-fund signalk-server@$want; fi
for b in /usr/bin/tcpdump /usr/bin/tshark /usr/bin/chromium /usr/bin/jq /usr/bin/curl /usr/bin/unshare /usr/bin/nsenter /usr/bin/zstd; do
  [ -x $b ] || { echo "missing $b: apt-get install tcpdump tshark chromium jq curl util-linux zstd"; exit 1; }
done
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "signalk lab ready: signalk-server $(node -p "require('$P/lib/node_modules/signalk-server/package.json').version")"
