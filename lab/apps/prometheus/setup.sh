#!/usr/bin/env bash
# Installs Prometheus v0.316.0 (Prometheus 3.x) and promtool from the Go module proxy: the module
# github.com/prometheus/prometheus@v0.316.0 is downloaded with `go mod download`, copied to
# /tmp/shadowtap-lab/prometheus/src and built there (GOWORK=off: the module ships a go.work naming directories that
# are not in the module zip). `go install module@version` is refused (the go.mod has replace directives). The UI
# build (web/ui/static) is not in the module; record.sh lays out the UI's source index.html and favicon instead.
# Also builds drive/_remoteread (a remote-read client from the module's storage/remote package) inside that module,
# and installs the OpenTelemetry JS SDK (drive/package.json) from npm and the lab's shared browser driver.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
L=/tmp/shadowtap-lab/prometheus
V=v0.316.0
mkdir -p "$L/bin" "$L/otel"
if [ ! -x "$L/bin/prometheus" ] || [ ! -x "$L/bin/promtool" ]; then
  D=$(cd /tmp && go mod download -json github.com/prometheus/prometheus@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && GOWORK=off nice go build -o "$L/bin/prometheus" ./cmd/prometheus \
                 && GOWORK=off nice go build -o "$L/bin/promtool" ./cmd/promtool)
fi
if [ ! -x "$L/bin/remoteread" ] || [ "$HERE/drive/_remoteread/main.go" -nt "$L/bin/remoteread" ]; then
  mkdir -p "$L/src/lab/remoteread"; cp "$HERE/drive/_remoteread/main.go" "$L/src/lab/remoteread/main.go"
  (cd "$L/src" && GOWORK=off nice go build -o "$L/bin/remoteread" ./lab/remoteread)
fi
if [ ! -d "$L/otel/node_modules/@opentelemetry/sdk-metrics" ]; then
  cp "$HERE/drive/package.json" "$L/otel/package.json"
  (cd "$L/otel" && npm install --no-audit --no-fund)
fi
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
test -x /usr/bin/chromium || apt-get install -y chromium
