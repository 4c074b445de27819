#!/usr/bin/env bash
# Installs Headscale v0.27.1 from the Go module proxy into /tmp/shadowtap-lab/headscale, and the clients' tools
# (curl, python3, jq, Debian's chromium with the lab's playwright-core driver from npm). Idempotent.
#
# `go install github.com/juanfont/headscale/cmd/headscale@v0.27.1` against the proxy is refused by the go command here:
# it looks up the module's deprecation through the version list, which the proxy refuses (403); the version itself is
# served. So: the module (and, by `go list -deps` in a copy of it, every module its build needs, checked against its
# go.sum) is fetched from the Go module proxy into the module cache first, and then the same `go install ...@v0.27.1`
# runs offline with the module cache as its proxy (GOPROXY=file://$(go env GOMODCACHE)/cache/download, GOSUMDB=off:
# the sums were checked on the way in). Built that way, the binary carries the module version (`headscale version`,
# GET /version answer v0.27.1), as a release build does. Pure Go (CGO_ENABLED=0: SQLite is glebarez/modernc). The
# module has no replace directives; the code and go.sum are not changed. The copy in $L/src is kept for routes.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
. "$HERE/drive/env.sh"
mkdir -p "$L/bin"
if [ ! -x "$L/bin/headscale" ] || ! "$L/bin/headscale" version 2>/dev/null | grep -q "version $V"; then
  D=$(cd /tmp && go mod download -json github.com/juanfont/headscale@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && GOWORK=off CGO_ENABLED=0 go list -deps ./cmd/headscale >/dev/null)
  (cd /tmp && GOPROXY="file://$(go env GOMODCACHE)/cache/download" GOSUMDB=off GOFLAGS=-mod=mod GOWORK=off \
    CGO_ENABLED=0 GOBIN="$L/bin" go install -trimpath github.com/juanfont/headscale/cmd/headscale@$V)
fi
command -v jq >/dev/null || apt-get install -y jq
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v python3 >/dev/null || apt-get install -y python3
command -v tshark >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y tshark
test -x /usr/bin/chromium || apt-get install -y chromium
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: $L/bin/headscale"
