#!/bin/bash
# Installs Directus and its clients from the npm registry into /tmp/shadowtap-lab/directus/app (idempotent).
# System packages used: tcpdump, tshark, chromium, nodejs 20 (+ python3, make, g++ for the native modules sqlite3,
# isolated-vm, sharp that npm builds), jq, curl. playwright-core comes from lab/browser/node_modules (the lab's shared
# browser driver).
# The registry reachable here lacks @directus/app 18.0.1 (the exact version @directus/api 39.2.1 pins); it has 18.0.0,
# the admin app's previous patch release, which an npm "overrides" entry pins instead (see PROVENANCE.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
A=/tmp/shadowtap-lab/directus/app
mkdir -p $A
cd $A
[ -f package.json ] || echo '{"name":"directus-lab","private":true,"overrides":{"@directus/app":"18.0.0"}}' > package.json
want="directus@12.4.1 @directus/specs@15.2.0 @directus/sdk@26.0.0"
have=$(node -p "try{['directus','@directus/specs','@directus/sdk'].map(p=>p+'@'+require('./node_modules/'+p+'/package.json').version).join(' ')}catch(e){''}")
if [ "$have" != "$want" ]; then npm install --no-audit --no-fund --save-exact $want; fi
for b in /usr/bin/tcpdump /usr/bin/tshark /usr/bin/chromium /usr/bin/jq /usr/bin/curl; do
  [ -x $b ] || { echo "missing $b: apt-get install tcpdump tshark chromium jq curl"; exit 1; }
done
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.cjs
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "directus lab ready: $want (+ @directus/app $(node -p "require('./node_modules/@directus/app/package.json').version"))"
