#!/usr/bin/env bash
# Installs n8n 2.8.4 from the npm registry into /tmp/shadowtap-lab/n8n/app (idempotent). n8n 2.8.4 is the newest
# release whose engines allow node 20 (2.10+ want node >= 22.16). One override: n8n-nodes-base depends on xlsx from
# a tarball URL on cdn.sheetjs.com (not reachable here), replaced by xlsx 0.18.5 from the npm registry (only the
# Spreadsheet File / Extract From File nodes use it; none is used in the lab). sqlite3 is built from source by its
# install script (node-gyp; its prebuilt binaries are on GitHub, not reachable). Also installs the lab's shared
# headless-browser driver (lab/browser). System packages: nodejs 20, chromium, tcpdump, tshark, jq, curl, g++/make.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
VERSION=2.8.4
A=/tmp/shadowtap-lab/n8n/app
mkdir -p $A
cd $A
[ -f package.json ] || echo '{"name":"n8n-lab","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
have=$(node -p "try{require('./node_modules/n8n/package.json').version}catch(e){''}")
[ "$have" = "$VERSION" ] || npm install --no-audit --no-fund --save-exact n8n@$VERSION
for b in /usr/bin/chromium /usr/bin/tcpdump /usr/bin/tshark /usr/bin/jq; do
  [ -x $b ] || { echo "missing $b: apt-get install chromium tcpdump tshark jq"; exit 1; }
done
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: n8n $(node -p "require('$A/node_modules/n8n/package.json').version")"
