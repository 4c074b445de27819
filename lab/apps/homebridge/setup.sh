#!/bin/bash
# Installs Homebridge, the Homebridge UI and two accessory plugins from the npm registry into
# /tmp/shadowtap-lab/homebridge/app (idempotent), and the lab's shared browser driver (lab/browser, playwright-core).
# System packages used: nodejs 20, tcpdump, tshark, chromium, jq, curl, util-linux (unshare), iproute2.
# Versions (see PROVENANCE.md for why): homebridge-config-ui-x 5.10.0, the newest 5.x whose engines accept Node 20
# (5.28.0 asks for Node ^22.12, and needs @homebridge/hap-client 5.2.0, which the registry reachable here lacks);
# homebridge 2.4.0 with @homebridge/hap-nodejs overridden to 2.2.3 (2.4.0 pins 2.2.2, not in the registry here; 2.2.3
# is its next patch release). npm runs no install scripts here (allowScripts): node-pty uses its shipped prebuild,
# homebridge-dummy's postinstall (patch-package on arpping, used only by its ping conditions) is not applied.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
A=/tmp/shadowtap-lab/homebridge/app
mkdir -p $A
cd $A
[ -f package.json ] || echo '{"name":"homebridge-lab","private":true,"overrides":{"@homebridge/hap-nodejs":"2.2.3"}}' > package.json
want="homebridge@2.4.0 homebridge-config-ui-x@5.10.0 homebridge-dummy@2.1.1 @homebridge-plugins/homebridge-matter@1.7.0"
have=$(node -p "try{['homebridge','homebridge-config-ui-x','homebridge-dummy','@homebridge-plugins/homebridge-matter'].map(p=>p+'@'+require('./node_modules/'+p+'/package.json').version).join(' ')}catch(e){''}")
if [ "$have" != "$want" ]; then npm install --no-audit --no-fund --save-exact $want; fi
for b in /usr/bin/tcpdump /usr/bin/tshark /usr/bin/chromium /usr/bin/jq /usr/bin/curl /usr/bin/unshare; do
  [ -x $b ] || { echo "missing $b: apt-get install tcpdump tshark chromium jq curl util-linux"; exit 1; }
done
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "homebridge lab ready: $want (hap-nodejs $(node -p "require('./node_modules/@homebridge/hap-nodejs/package.json').version"))"
