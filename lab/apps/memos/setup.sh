#!/usr/bin/env bash
# Installs Memos v0.26.2 from the Go module proxy, builds its React web UI from the module's own web/ sources with
# pnpm (packages from the npm registry, web/pnpm-lock.yaml), embeds it (server/router/frontend/dist, as the
# project's `pnpm release` does) and builds the server with CGO_ENABLED=0 (sqlite through modernc.org/sqlite).
# Also installs the lab's shared headless-browser driver (lab/browser). Idempotent. Everything under
# /tmp/shadowtap-lab/memos.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
VERSION=v0.26.2
L=/tmp/shadowtap-lab/memos
mkdir -p $L
if [ ! -x $L/memos ]; then
  DIR=$(go mod download -json github.com/usememos/memos@$VERSION | jq -r .Dir)
  rm -rf $L/src && cp -r "$DIR" $L/src && chmod -R u+w $L/src
  # the module zip has only a placeholder dist/index.html: build the UI as the release does
  # ("release": "vite build --mode release --outDir=../server/router/frontend/dist --emptyOutDir")
  cd $L/src/web
  CI=true npx -y pnpm@10.24.0 install --frozen-lockfile
  CI=true npx -y pnpm@10.24.0 release
  cd $L/src
  CGO_ENABLED=0 go build -o $L/memos ./cmd/memos
fi
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.cjs
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: $L/memos ($($L/memos --version 2>/dev/null || echo $VERSION))"
