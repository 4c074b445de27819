#!/bin/bash
# Installs Unleash and its clients from the npm registry into /tmp/shadowtap-lab/unleash/app (idempotent).
# System packages used: postgresql-15 (Debian), tcpdump, tshark, chromium, nodejs 20, jq, curl.
# playwright-core comes from lab/browser/node_modules (the lab's shared browser driver).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
A=/tmp/shadowtap-lab/unleash/app
mkdir -p $A
cd $A
[ -f package.json ] || echo '{"name":"unleash-lab","private":true}' > package.json
want="unleash-server@7.5.1 unleash-client@6.12.2 unleash-proxy-client@3.8.2"
have=$(node -p "try{['unleash-server','unleash-client','unleash-proxy-client'].map(p=>p+'@'+require('./node_modules/'+p+'/package.json').version).join(' ')}catch(e){''}")
if [ "$have" != "$want" ]; then npm install --no-audit --no-fund --save-exact $want; fi
for b in /usr/lib/postgresql/15/bin/initdb /usr/bin/tcpdump /usr/bin/tshark /usr/bin/chromium /usr/bin/jq; do
  [ -x $b ] || { echo "missing $b: apt-get install postgresql-15 tcpdump tshark chromium jq"; exit 1; }
done
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.*
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "unleash lab ready: $want"
