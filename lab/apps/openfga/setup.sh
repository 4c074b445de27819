#!/usr/bin/env bash
# Installs OpenFGA v1.23.0 from the Go module proxy into /tmp/shadowtap-lab/openfga, and its clients: the fga CLI
# (github.com/openfga/cli v0.7.8, Go module proxy), the JS SDK @openfga/sdk 0.9.7 (npm), curl, python3, Debian's
# chromium with the lab's playwright-core driver (npm). Idempotent.
#
# Server: the module (no replace directives) is copied to $L/src and built there as the release build does
# (.goreleaser.yaml: `go build ./cmd/openfga` with -X .../internal/build.Version=v1.23.0 and ProjectName), pure Go
# (SQLite is modernc). go.mod says `go 1.26.0` / `toolchain go1.27.4`: GOTOOLCHAIN=local builds it with this
# machine's go1.26.8. The copy in $L/src is kept for routes.sh.
#
# fga CLI: `go install github.com/openfga/cli/cmd/fga@v0.7.8` is refused (the proxy refuses the module's version list,
# which the go command reads for deprecations), and v0.7.8's go.mod requires github.com/openfga/openfga v1.10.4, which
# the proxy refuses (403). So the module is copied to $L/cli-src, its requirement on the server module is raised to
# the v1.23.0 installed here (`go get github.com/openfga/openfga@v1.23.0`, then `go mod tidy`: both from the proxy),
# and it is built with the release ldflags (-X .../internal/build.Version=0.7.8, as goreleaser's {{ .Version }}). No Go code is changed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
. "$HERE/drive/env.sh"
export GOTOOLCHAIN=local GOWORK=off
mkdir -p "$L/bin"
if [ ! -x "$L/bin/openfga" ] || ! "$L/bin/openfga" version 2>&1 | grep -q "version \`$V\`"; then
  D=$(cd /tmp && go mod download -json github.com/openfga/openfga@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/openfga/openfga/internal/build.Version=$V -X github.com/openfga/openfga/internal/build.Commit=none -X github.com/openfga/openfga/internal/build.ProjectName=openfga" \
    -o "$L/bin/openfga" ./cmd/openfga)
fi
if [ ! -x "$L/bin/fga" ] || ! "$L/bin/fga" version 2>&1 | grep -q "\`${CLI_V#v}\`"; then
  D=$(cd /tmp && go mod download -json github.com/openfga/cli@$CLI_V | jq -r .Dir)
  rm -rf "$L/cli-src"; cp -r "$D" "$L/cli-src"; chmod -R u+w "$L/cli-src"
  (cd "$L/cli-src" && GOFLAGS=-mod=mod go get github.com/openfga/openfga@$V && GOFLAGS=-mod=mod go mod tidy &&
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/openfga/cli/internal/build.Version=${CLI_V#v}" \
      -o "$L/bin/fga" ./cmd/fga)
fi
if [ ! -d "$L/node/node_modules/@openfga/sdk" ]; then
  mkdir -p "$L/node"
  (cd "$L/node" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund @openfga/sdk@$SDK_V)
fi
command -v jq >/dev/null || apt-get install -y jq
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v python3 >/dev/null || apt-get install -y python3
command -v tshark >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y tshark
test -x /usr/bin/chromium || apt-get install -y chromium
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
echo "setup ok: $L/bin/openfga, $L/bin/fga, SDK in $L/node"
