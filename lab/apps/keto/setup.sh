#!/usr/bin/env bash
# Installs Ory Keto v0.13.0-alpha.0 from the Go module proxy into /tmp/shadowtap-lab/keto, and its clients: Ory's
# JS SDK @ory/keto-client 0.11.0-alpha.0 from npm (axios). Idempotent.
#
# `go install github.com/ory/keto@v0.13.0-alpha.0` is refused by the go command (go.mod has replace directives), and
# the replaced module github.com/ory/keto/proto (=> ./proto) is a nested module, so it is not in keto's module zip.
# So the module is copied to $L/src, the proto module of the same tag (github.com/ory/keto/proto@v0.13.0-alpha.0,
# also from the proxy) is copied to $L/src/proto where the replace points, and the server is built there as the
# project's Makefile / Dockerfile do (`go build -tags sqlite`, cgo), with -X .../config.Version=v0.13.0-alpha.0 as
# Ory's release builds set it. (v0.14.0 is on the proxy too, but its code needs a proto module newer than any the
# proxy serves: github.com/ory/keto/proto has no v0.14.0 and v0.13.0-alpha.0 lacks BatchCheck.)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
mkdir -p "$L/bin"
if [ ! -x "$L/bin/keto" ]; then
  D=$(cd /tmp && go mod download -json github.com/ory/keto@$V | jq -r .Dir)
  P=$(cd /tmp && go mod download -json github.com/ory/keto/proto@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  cp -r "$P" "$L/src/proto"; chmod -R u+w "$L/src/proto"
  (cd "$L/src" && GOWORK=off CGO_ENABLED=1 go build -tags sqlite \
    -ldflags "-X github.com/ory/keto/internal/driver/config.Version=$V" -o "$L/bin/keto" .)
fi
if [ ! -d "$L/node/node_modules/@ory/keto-client" ]; then
  mkdir -p "$L/node"
  (cd "$L/node" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund @ory/keto-client@0.11.0-alpha.0)
fi
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v python3 >/dev/null || apt-get install -y python3
echo "setup ok: $L/bin/keto, SDK in $L/node"
