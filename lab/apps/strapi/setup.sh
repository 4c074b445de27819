#!/bin/bash
# Installs the lab's Strapi 5 project and its clients from the npm registry into /tmp/shadowtap-lab/strapi/app
# (idempotent): copies the hand-made project (project/: package.json, config/, src/api/ with five content types,
# favicon.png, public/robots.txt), `npm install` (@strapi/strapi, @strapi/plugin-users-permissions,
# @strapi/plugin-documentation, better-sqlite3 12 (built from source by node-gyp: its prebuilt binaries are on GitHub),
# the @strapi/client SDK, react/react-dom/react-router-dom/styled-components as Strapi 5 asks), builds the admin panel
# (`strapi build`) and generates the OpenAPI document with the documentation plugin (drive/gen-doc.cjs, as
# `strapi develop` does at start-up). No create-strapi-app (it fetches templates from GitHub).
# System packages used: tcpdump, tshark, chromium, nodejs 20 (+ python3, make, g++ for better-sqlite3), jq, curl.
# playwright-core comes from lab/browser/node_modules (the lab's shared browser driver).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT="$(cd "$HERE/../../.." && pwd)"   # repository root, from this script's location
. "$HERE/drive/env.sh"
mkdir -p $A $W/run
cp -r "$HERE/project/." $A/
cd $A
want="@strapi/strapi@5.54.0 @strapi/plugin-users-permissions@5.54.0 @strapi/plugin-documentation@5.54.0 @strapi/client@1.6.2 better-sqlite3@12.9.0"
have=$(node -p "try{['@strapi/strapi','@strapi/plugin-users-permissions','@strapi/plugin-documentation','@strapi/client','better-sqlite3'].map(p=>p+'@'+require('./node_modules/'+p+'/package.json').version).join(' ')}catch(e){''}")
if [ "$have" != "$want" ]; then npm install --no-audit --no-fund; fi
[ -f build/index.html ] || node node_modules/@strapi/strapi/bin/strapi.js build
D=src/extensions/documentation/documentation/1.0.0/full_documentation.json
if [ ! -f $D ]; then
  rm -rf $W/gen; mkdir -p $W/gen
  NODE_ENV=development DATABASE_FILENAME=$W/gen/data.db node "$HERE/drive/gen-doc.cjs" > $W/gen-doc.log 2>&1
fi
for b in /usr/bin/tcpdump /usr/bin/tshark /usr/bin/chromium /usr/bin/jq /usr/bin/curl; do
  [ -x $b ] || { echo "missing $b: apt-get install tcpdump tshark chromium jq curl"; exit 1; }
done
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.cjs
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
zstd -dc "$HERE/full_documentation.json.zst" | cmp -s $D - || echo "note: the generated $D differs from the lab's full_documentation.json.zst"
echo "strapi lab ready: $want"
