#!/usr/bin/env bash
# Installs Jaeger v1.75.0 (cmd/jaeger, the v2 all-in-one binary, and cmd/tracegen) from the Go module proxy into
# /tmp/shadowtap-lab/jaeger/bin, and the OpenTelemetry JS SDK (drive/package.json) from npm into
# /tmp/shadowtap-lab/jaeger/otel. The module's go.mod has a replace directive (github.com/Shopify/sarama), so
# `go install module@version` refuses it; the binaries are built as tools of a scratch module instead
# (`go get -tool`), with the same replace copied in.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/jaeger
V=v1.75.0
mkdir -p "$L/bin" "$L/build" "$L/otel"
if [ ! -x "$L/bin/jaeger" ] || [ ! -x "$L/bin/tracegen" ]; then
  cd "$L/build"
  rm -f go.mod go.sum
  go mod init lab/jaeger-build
  go mod edit -replace github.com/Shopify/sarama=github.com/Shopify/sarama@v1.33.0
  go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@$V github.com/jaegertracing/jaeger/cmd/tracegen@$V
  go build -o "$L/bin/" github.com/jaegertracing/jaeger/cmd/jaeger github.com/jaegertracing/jaeger/cmd/tracegen
fi
if [ ! -d "$L/otel/node_modules/@opentelemetry/sdk-trace-base" ]; then
  cp "$HERE/drive/package.json" "$L/otel/package.json"
  (cd "$L/otel" && npm install --no-audit --no-fund)
fi
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
