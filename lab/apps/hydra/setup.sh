#!/usr/bin/env bash
# setup.sh - install Ory Hydra v2.3.0 (Go module proxy) and its clients (npm) under /tmp/shadowtap-lab/hydra. Idempotent.
# `go install github.com/ory/hydra/v2@v2.3.0` refuses to build because hydra's go.mod has replace directives
# (hydra-client-go/v2 => ./internal/httpclient, gobuffalo/pop/v6 => ory/pop/v6). So we build the downloaded module as
# the main module: copy it, keep the pop replace, and take hydra-client-go/v2 v2.2.1 (the version go.mod requires) from
# the proxy instead of ./internal/httpclient (that directory is a nested module and is not in the module zip).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
LAB=/tmp/shadowtap-lab/hydra
mkdir -p "$LAB/bin"
if [ ! -x "$LAB/bin/hydra" ] || ! "$LAB/bin/hydra" version 2>/dev/null | grep -q v2.3.0; then
  MOD=$(cd /tmp && go mod download -json github.com/ory/hydra/v2@v2.3.0 | jq -r .Dir)
  rm -rf "$LAB/src"; cp -r "$MOD/." "$LAB/src/"; chmod -R u+w "$LAB/src"
  cd "$LAB/src"
  go mod edit -dropreplace github.com/ory/hydra-client-go/v2
  go mod download github.com/ory/hydra-client-go/v2@v2.2.1
  # release builds stamp the version via ldflags (as Ory's goreleaser config does)
  CGO_ENABLED=1 GOFLAGS=-mod=mod go build -tags sqlite \
    -ldflags "-X github.com/ory/hydra/v2/driver/config.Version=v2.3.0 -X github.com/ory/hydra/v2/driver/config.Commit=v2.3.0" \
    -o "$LAB/bin/hydra" .
fi
"$LAB/bin/hydra" version
# Ory's JS SDK for the login/consent app and the backoffice script
mkdir -p "$LAB/node"
if [ ! -d "$LAB/node/node_modules/@ory/hydra-client" ]; then
  cd "$LAB/node" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @ory/hydra-client@2.2.0
fi
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.*
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
# chromium from Debian
test -x /usr/bin/chromium
