#!/bin/bash
# Installs Etherpad (npm ep_etherpad-lite 1.8.14, the only version the registry serves) into /tmp/shadowtap-lab/etherpad/app
# (idempotent), and the lab's shared browser driver (lab/browser, playwright-core).
# System packages used: nodejs 20, tcpdump, tshark, chromium, jq, curl, zstd, util-linux (unshare), iproute2.
#
# ep_etherpad-lite is the `src/` folder of an Etherpad checkout published as a package; Etherpad finds its root as the
# folder above `src` (src/node/utils/AbsolutePaths.js refuses any other layout on Linux) and serves a few browser
# libraries from `src/node_modules` (Minify.js' LIBRARY_WHITELIST). So, after npm installs it, the package is laid out
# as a checkout is: the package moves to $A/src, $A/node_modules/ep_etherpad-lite links to it (Etherpad loads itself as
# a plugin from there, found by `npm ls` in the root), and the whitelisted libraries sit in src/node_modules (moved there
# when only Etherpad uses them, linked otherwise, so that Etherpad's own `npm ls` check finds no extraneous package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
. "$(dirname "${BASH_SOURCE[0]}")/drive/env.sh"
V=1.8.14
mkdir -p $A
cd $A
have=$(node -p "try{require('./src/package.json').version}catch(e){''}")
if [ "$have" != "$V" ]; then
  rm -rf node_modules src package-lock.json
  echo '{"name":"etherpad-lab","private":true}' > package.json
  npm install --no-audit --no-fund --save-exact ep_etherpad-lite@$V
  mv node_modules/ep_etherpad-lite src
  ln -s ../src node_modules/ep_etherpad-lite
  mkdir -p src/node_modules
  for l in js-cookie security tinycon unorm; do mv node_modules/$l src/node_modules/$l; done
  for l in async underscore; do ln -sfn ../../node_modules/$l src/node_modules/$l; done
fi
for b in /usr/bin/tcpdump /usr/bin/tshark /usr/bin/chromium /usr/bin/jq /usr/bin/curl /usr/bin/unshare /usr/bin/zstd; do
  [ -x $b ] || { echo "missing $b: apt-get install tcpdump tshark chromium jq curl util-linux zstd"; exit 1; }
done
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "etherpad lab ready: ep_etherpad-lite $(node -p "require('./src/package.json').version") in $A"
