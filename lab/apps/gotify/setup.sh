#!/usr/bin/env bash
# Installs Gotify server v2.9.1 from the Go module proxy, builds its embedded React UI from the module's own
# ui/ sources with yarn (packages from the npm registry), builds the server (cgo sqlite), and installs the
# node clients (npm: gotify-client SDK, gotify push client, ws). Idempotent. Everything under /tmp/shadowtap-lab/gotify.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
VERSION=v2.9.1
L=/tmp/shadowtap-lab/gotify
mkdir -p $L
cd $L
if [ ! -x $L/gotify-server ] || [ ! -x $L/gotify-server-debug ]; then
  DIR=$(go mod download -json github.com/gotify/server/v2@$VERSION | jq -r .Dir)
  rm -rf $L/src && cp -r "$DIR" $L/src && chmod -R u+w $L/src
  cd $L/src/ui
  # the module zip has no ui/build; build it as the Makefile does (yarn + vite). puppeteer is a devDependency
  # used only by the UI tests: skip its browser download.
  PUPPETEER_SKIP_DOWNLOAD=1 CI=true npx -y yarn@1.22.22 install --frozen-lockfile --network-timeout 600000
  CI=true npx -y yarn@1.22.22 build
  cd $L/src
  LDV="-X main.Version=${VERSION#v} -X main.Commit=$VERSION-module -X main.BuildDate=2025-01-01"
  # production binary (gin release mode) used for the recording
  CGO_ENABLED=1 go build -ldflags="$LDV -X main.Mode=prod" -o $L/gotify-server app.go
  # same source in dev mode: gin debug mode prints the route table at startup (used by routes.sh only)
  CGO_ENABLED=1 go build -ldflags="$LDV -X main.Mode=dev" -o $L/gotify-server-debug app.go
fi
if [ ! -d $L/node/node_modules/gotify-client ]; then
  mkdir -p $L/node && cd $L/node
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-audit --no-fund gotify-client@0.4.2 gotify@1.1.0 ws@8.23.1
fi
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.*
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: $L/gotify-server, $L/gotify-server-debug, node clients in $L/node"
