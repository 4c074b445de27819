#!/usr/bin/env bash
# setup.sh - install Ory Oathkeeper v0.40.9 (Go module proxy) and its clients (Debian nginx, curl, python3) under
# /tmp/shadowtap-lab/oathkeeper. Idempotent.
# `go install github.com/ory/oathkeeper@v0.40.9` refuses to build: oathkeeper's go.mod has a replace directive
# (mattn/go-sqlite3 => v1.14.10). So the downloaded module is copied and built as the main module, unchanged
# (the replace is kept; sqlite is not linked into the server anyway). CGO is off. The version is stamped the way
# Ory's Makefile does it (-ldflags -X github.com/ory/oathkeeper/x.Version=...), so `oathkeeper version` says v0.40.9.
set -euo pipefail
LAB=${OATHKEEPER_LAB:-/tmp/shadowtap-lab/oathkeeper}  # oathkeeper-names2 builds into its own folder
mkdir -p "$LAB/bin"
if [ ! -x "$LAB/bin/oathkeeper" ] || ! "$LAB/bin/oathkeeper" version 2>/dev/null | grep -q v0.40.9; then
  MOD=$(cd /tmp && go mod download -json github.com/ory/oathkeeper@v0.40.9 | jq -r .Dir)
  rm -rf "$LAB/src"; mkdir -p "$LAB/src"; cp -r "$MOD/." "$LAB/src/"; chmod -R u+w "$LAB/src"
  cd "$LAB/src"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build \
    -ldflags "-X github.com/ory/oathkeeper/x.Version=v0.40.9 -X github.com/ory/oathkeeper/x.Commit=v0.40.9 -X github.com/ory/oathkeeper/x.Date=2025-01-01T00:00:00Z" \
    -o "$LAB/bin/oathkeeper" .
fi
"$LAB/bin/oathkeeper" version
# the decision API's real client: Debian's nginx with auth_request; the rest are curl, python3, tcpdump, tshark, zstd
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tshark >/dev/null || need+=(tshark)
command -v zstd >/dev/null || need+=(zstd)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y "${need[@]}"; fi
nginx -V 2>&1 | grep -q http_auth_request_module
