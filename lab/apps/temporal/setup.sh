#!/usr/bin/env bash
# Installs the Temporal dev server of the Temporal CLI v1.9.1 from the Go module proxy, with the worker and the route
# dumper of drive/, and the lab's shared browser driver.
#
# github.com/temporalio/cli@v1.9.1 is downloaded with `go mod download` and copied to /tmp/shadowtap-lab/temporal/src.
# `go install github.com/temporalio/cli/cmd/temporal@v1.9.1` is refused (the go.mod has a replace directive), and
# cmd/temporal cannot be built from the copy either: the replace points at ./cliext, a nested module that is not in
# the module zip and that the proxy does not serve. So the copy's go.mod drops that one requirement (go mod edit) and
# drive/_devserver/main.go is built inside it as lab/devserver: `temporal server start-dev` through the CLI's own
# internal/devserver package with the CLI's options (see that file). The module graph is the CLI's go.sum, unchanged:
# go.temporal.io/server v1.32.0, go.temporal.io/api v1.63.5, github.com/temporalio/ui-server/v2 v2.54.1 (the built
# UI embedded), go.temporal.io/sdk v1.47.0. The worker (drive/_worker, Go SDK) and drive/_routedump are built in the
# same copy, so they use the same module versions.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
L=/tmp/shadowtap-lab/temporal
V=v1.9.1
mkdir -p "$L/bin"
if [ ! -f "$L/src/go.mod" ]; then
  D=$(cd /tmp && go mod download -json github.com/temporalio/cli@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && go mod edit -droprequire github.com/temporalio/cli/cliext -dropreplace github.com/temporalio/cli/cliext)
fi
for p in devserver worker routedump; do
  if [ ! -x "$L/bin/$p" ] || [ "$HERE/drive/_$p/main.go" -nt "$L/bin/$p" ]; then
    mkdir -p "$L/src/lab/$p"; cp "$HERE/drive/_$p/main.go" "$L/src/lab/$p/main.go"
    (cd "$L/src" && GOWORK=off nice go build -o "$L/bin/$p" "./lab/$p")
  fi
done
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
test -x /usr/bin/chromium || apt-get install -y chromium
