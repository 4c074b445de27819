#!/usr/bin/env bash
# Installs Alertmanager and amtool v0.31.1 from the Go module proxy into /tmp/shadowtap-lab/alertmanager/bin.
# (v0.32+ embed a UI build (ui/app/dist) that is not in the module zip, so `go install` fails for them.)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"   # repository root, from this script's location
B=/tmp/shadowtap-lab/alertmanager
mkdir -p "$B/bin"
if [ ! -x "$B/bin/alertmanager" ] || [ ! -x "$B/bin/amtool" ]; then
  GOBIN="$B/bin" go install github.com/prometheus/alertmanager/cmd/alertmanager@v0.31.1 \
                             github.com/prometheus/alertmanager/cmd/amtool@v0.31.1
fi
command -v tcpdump >/dev/null || apt-get install -y tcpdump
# playwright-core: the lab's shared headless-browser driver (lab/browser, from npm) for drive/browser.*
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
test -x /usr/bin/chromium || apt-get install -y chromium
