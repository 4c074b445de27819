#!/usr/bin/env bash
# Installs Alertmanager and amtool v0.31.1 from the Go module proxy into /tmp/shadowtap-lab/alertmanager/bin.
# (v0.32+ embed a UI build (ui/app/dist) that is not in the module zip, so `go install` fails for them.)
set -euo pipefail
B=/tmp/shadowtap-lab/alertmanager
mkdir -p "$B/bin"
if [ ! -x "$B/bin/alertmanager" ] || [ ! -x "$B/bin/amtool" ]; then
  GOBIN="$B/bin" go install github.com/prometheus/alertmanager/cmd/alertmanager@v0.31.1 \
                             github.com/prometheus/alertmanager/cmd/amtool@v0.31.1
fi
command -v tcpdump >/dev/null || apt-get install -y tcpdump
test -d /work/main/lab/browser/node_modules/playwright-core   # shared headless-browser driver
test -x /usr/bin/chromium || apt-get install -y chromium
