#!/bin/bash
# Installs the lab's Backstage from the npm registry (idempotent):
#  - the backend into /tmp/shadowtap-lab/backstage/app: the packages a backend created by @backstage/create-app has
#    (backend-defaults and the plugins, app-backend to serve the frontend), pinned to exact versions, and the two
#    client libraries the frontend uses (catalog-client, scaffolder-common's ScaffolderClient); drive/index.cjs is the
#    backend's index (packages/backend/src/index.ts of a created app, in plain CommonJS);
#  - the frontend into /tmp/shadowtap-lab/backstage/frontend: @backstage/create-app 0.9.2's default app
#    (templates/default-app/packages/app: its public/ and src/index.tsx as shipped, fetched with npm pack) with
#    drive/frontend/package.json (exact versions; npm needs --legacy-peer-deps for @backstage/cli's optional jsdom
#    peer) and drive/frontend/src/App.tsx, built with `backstage-cli package build` against drive/app-config.yaml, and
#    linked as the package "app" the app backend serves;
#  - the lab's shared browser driver (lab/browser, playwright-core) for drive/browser.cjs.
# better-sqlite3 12 (13 needs a newer Node): npm builds it from source with node-gyp (its prebuilt binaries are on
# GitHub, not reachable here). npm warns that @backstage/config-loader's ts-json-schema-generator and the
# scaffolder's nunjitsu declare node >=22; both load and run on Node 20 here (config schema collection, templating).
# No lock file is kept (the tree is ~600 packages); the direct dependencies below are exact.
# System packages used: nodejs 20 (+ python3, make, g++ for better-sqlite3), tcpdump, tshark, jq, curl, zstd,
# util-linux (unshare), iproute2, python3 (the local proxy upstream: python3 -m http.server), chromium.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
PKGS="@backstage/backend-defaults@0.19.0 @backstage/backend-plugin-api@1.12.0
@backstage/plugin-catalog-backend@4.0.5 @backstage/plugin-catalog-node@3.0.0
@backstage/plugin-catalog-backend-module-scaffolder-entity-model@0.2.26
@backstage/plugin-scaffolder-backend@4.3.0
@backstage/plugin-search-backend@2.1.9 @backstage/plugin-search-backend-module-catalog@0.3.21
@backstage/plugin-auth-backend@0.31.0 @backstage/plugin-auth-backend-module-guest-provider@0.2.25
@backstage/plugin-permission-backend@0.7.18 @backstage/plugin-permission-backend-module-allow-all-policy@0.2.25
@backstage/plugin-proxy-backend@0.6.20 @backstage/plugin-events-backend@0.6.6 @backstage/plugin-app-backend@0.5.20
@backstage/catalog-client@1.16.4 @backstage/plugin-scaffolder-common@2.4.0
better-sqlite3@12.11.1"
mkdir -p $A
[ -f $A/package.json ] || echo '{"name":"backstage-lab-backend","version":"0.0.0","private":true}' > $A/package.json
want=$(echo $PKGS | tr ' ' '\n' | sort | tr '\n' ' ')
have=$(cd $A && node -e "
const want = process.argv.slice(1);
console.log(want.map((p) => { const n = p.replace(/@[^@]*$/, ''); try { return n + '@' + require('./node_modules/' + n + '/package.json').version; } catch (e) { return ''; } }).sort().join(' ') + ' ');" $want)
if [ "$have" != "$want" ]; then (cd $A && npm install --no-audit --no-fund --save-exact $PKGS); fi
(cd $A && node -e "require('better-sqlite3')(':memory:').close()") || (cd $A && npm rebuild better-sqlite3)
# the frontend
F=$L/frontend
CA=$L/create-app/templates/default-app/packages/app
if [ ! -d $CA ]; then
  rm -rf $L/create-app && mkdir -p $L/create-app
  (cd $L && npm pack -q @backstage/create-app@0.9.2 && tar xzf backstage-create-app-0.9.2.tgz -C create-app --strip-components=1)
fi
mkdir -p $F/src
cmp -s $HERE/drive/frontend/package.json $F/package.json || { cp $HERE/drive/frontend/package.json $F/package.json; rm -rf $F/dist; }
cmp -s $HERE/drive/frontend/src/App.tsx $F/src/App.tsx || { cp $HERE/drive/frontend/src/App.tsx $F/src/App.tsx; rm -rf $F/dist; }
[ -f $F/src/index.tsx ] || cp $CA/src/index.tsx $F/src/index.tsx
[ -d $F/public ] || cp -r $CA/public $F/public
fhave=$(cd $F && node -e "const d=require('./package.json').dependencies; let ok=true; for (const k in d) { try { ok = ok && require('./node_modules/'+k+'/package.json').version === d[k]; } catch (e) { ok = false; } } console.log(ok)")
[ "$fhave" = true ] || (cd $F && npm install --no-audit --no-fund --legacy-peer-deps)
[ -f $F/dist/index.html ] || (cd $F && npx backstage-cli package build --config $HERE/drive/app-config.yaml)
ln -sfn $F $A/node_modules/app
for b in /usr/bin/tcpdump /usr/bin/tshark /usr/bin/jq /usr/bin/curl /usr/bin/unshare /usr/bin/zstd /usr/bin/python3 /usr/bin/chromium; do
  [ -x $b ] || { echo "missing $b: apt-get install tcpdump tshark jq curl util-linux zstd python3 chromium"; exit 1; }
done
ROOT="$(cd "$HERE/../../.." && pwd)"
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "backstage lab ready: $(echo $want); frontend $(cd $F && node -p "Object.entries(require('./package.json').dependencies).map(([k,v])=>k+'@'+v).join(' ')")"
