#!/usr/bin/env bash
# Installs Centrifugo v6.9.1 from the Go module proxy into /tmp/shadowtap-lab/centrifugo/bin, its clients and the lab's
# shared browser driver:
#  * github.com/centrifugal/centrifugo/v6@v6.9.1 with `go install` (the module builds as it is; its admin web UI and
#    Swagger UI are embedded in the module as statik zips, internal/webui and internal/swaggerui)
#  * the Go SDK client drive/_sdkclient (github.com/centrifugal/centrifuge-go v0.12.1, pinned by its go.mod/go.sum)
#  * the JavaScript SDK from npm (`centrifuge` 5.7.4): dist/centrifuge.js is copied beside drive/web/index.html into
#    /tmp/shadowtap-lab/centrifugo/web, which `centrifugo serve` serves to the browser
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
L=/tmp/shadowtap-lab/centrifugo
mkdir -p "$L/bin" "$L/npm" "$L/web" "$L/sdk"
[ -x "$L/bin/centrifugo" ] || GOBIN="$L/bin" go install github.com/centrifugal/centrifugo/v6@v6.9.1
if [ ! -x "$L/bin/sdkclient" ] || [ "$HERE/drive/_sdkclient/main.go" -nt "$L/bin/sdkclient" ]; then
  cp "$HERE/drive/_sdkclient/main.go" "$HERE/drive/_sdkclient/go.mod" "$HERE/drive/_sdkclient/go.sum" "$L/sdk/"
  (cd "$L/sdk" && GOWORK=off go build -o "$L/bin/sdkclient" .)
fi
[ -f "$L/npm/node_modules/centrifuge/dist/centrifuge.js" ] || \
  (cd "$L/npm" && npm install --no-audit --no-fund --no-save centrifuge@5.7.4)
cp "$HERE/drive/web/index.html" "$L/npm/node_modules/centrifuge/dist/centrifuge.js" "$L/web/"
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
command -v tcpdump >/dev/null || apt-get install -y tcpdump chromium chromium-driver
test -x /usr/bin/chromium || apt-get install -y chromium chromium-driver
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
