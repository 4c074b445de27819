#!/usr/bin/env bash
# Installs NocoDB 0.262.5 from the npm registry into /tmp/shadowtap-lab/nocodb (idempotent). 0.262.5 is the newest
# release whose engines allow the node 20 here (0.263.0 and later want node >= 22). Installed with --ignore-scripts:
# its nocodb-sdk dependency has a preinstall `npx only-allow pnpm` that refuses npm; then sqlite3's own install script
# is run (npm rebuild sqlite3: prebuild-install, whose binaries are on GitHub and not reachable, then node-gyp builds it
# from source). One override: a dependency asks for xlsx as a tarball URL on cdn.sheetjs.com (not reachable), replaced
# by xlsx 0.18.5 from the npm registry. Also writes the spec (drive/extract-spec.cjs) and its loadable repair (drive/repair-spec.cjs) to the work folder,
# checks both against the committed swagger.json / swagger.lab.json, and installs
# the lab's shared headless-browser driver (lab/browser). System packages: nodejs 20, chromium, tcpdump, tshark, curl,
# g++/make/python3 (node-gyp).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
APP="$ROOT/lab/apps/nocodb"
VERSION=0.262.5
L=/tmp/shadowtap-lab/nocodb
mkdir -p $L
cd $L
[ -f package.json ] || echo '{"name":"nocodb-lab","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
have=$(node -p "try{require('./node_modules/nocodb/package.json').version}catch(e){''}")
if [ "$have" != "$VERSION" ]; then
  npm install --no-audit --no-fund --save-exact --ignore-scripts nocodb@$VERSION
  npm rebuild sqlite3
fi
[ -f node_modules/sqlite3/build/Release/node_sqlite3.node ] || npm rebuild sqlite3
for b in /usr/bin/chromium /usr/bin/tcpdump /usr/bin/tshark; do
  [ -x $b ] || { echo "missing $b: apt-get install chromium tcpdump tshark"; exit 1; }
done
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
node $APP/drive/extract-spec.cjs $L/node_modules/nocodb/dist/bundle.js $L/swagger.json
zstd -dc $APP/swagger.json.zst | cmp $L/swagger.json - && echo "swagger.json matches the package"
node $APP/drive/repair-spec.cjs $L/swagger.json $L/swagger.lab.json 2> $L/repair-spec.log
zstd -dc $APP/swagger.lab.json.zst | cmp $L/swagger.lab.json - && echo "swagger.lab.json matches drive/repair-spec.cjs's output"
echo "setup ok: nocodb $(node -p "require('$L/node_modules/nocodb/package.json').version")"
