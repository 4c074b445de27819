#!/usr/bin/env bash
# Installs what temporal-names2 records: the Temporal dev server of ../temporal (the Temporal CLI v1.9.1's
# `temporal server start-dev`, built by ../temporal/setup.sh from the Go module proxy as
# /tmp/shadowtap-lab/temporal/bin/devserver; that script is run only when the binary is not there) and this app's
# own Go SDK worker (drive/_worker), built in a copy of the same CLI module under /tmp/shadowtap-lab/temporal-names2,
# so it uses the same module versions (go.temporal.io/sdk v1.47.0). No browser: only the HTTP API port is recorded.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/temporal-names2
O=/tmp/shadowtap-lab/temporal
V=v1.9.1
mkdir -p "$L/bin"
[ -x "$O/bin/devserver" ] && [ -x "$O/bin/routedump" ] || bash "$HERE/../temporal/setup.sh"
ln -sf "$O/bin/devserver" "$L/bin/devserver"
if [ ! -f "$L/src/go.mod" ]; then
  D=$(cd /tmp && go mod download -json github.com/temporalio/cli@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && go mod edit -droprequire github.com/temporalio/cli/cliext -dropreplace github.com/temporalio/cli/cliext)
fi
if [ ! -x "$L/bin/worker" ] || [ "$HERE/drive/_worker/main.go" -nt "$L/bin/worker" ]; then
  mkdir -p "$L/src/lab/worker"; cp "$HERE/drive/_worker/main.go" "$L/src/lab/worker/main.go"
  (cd "$L/src" && GOWORK=off nice go build -o "$L/bin/worker" ./lab/worker)
fi
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
