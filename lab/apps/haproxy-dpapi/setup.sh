#!/usr/bin/env bash
# Installs the HAProxy Data Plane API v1.2.5 (github.com/haproxytech/dataplaneapi from the Go module proxy: the only
# release the proxy serves here; the /v2 and /v3 module paths and the unsuffixed v2.x tags are refused) into
# /tmp/shadowtap-lab/haproxy-dpapi, built as its Makefile's `build` target does (CGO off, ./cmd/dataplaneapi; no
# -gcflags "-N -l"; -ldflags with the tag and the module's release time in place of git describe), and Debian's haproxy (2.6.12), tcpdump, zstd, curl, openssl, python3, tshark.
# Extracts the spec the module ships (embedded_spec.go's SwaggerJSON literal) next to this script if missing. Idempotent.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
mkdir -p "$L/bin"
need=()
for p in haproxy tcpdump zstd curl openssl python3 tshark; do command -v $p >/dev/null || need+=($p); done
[ -x /usr/sbin/haproxy ] || need+=(haproxy)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
if [ ! -x "$L/bin/dataplaneapi" ]; then
  D=$(cd /tmp && GOFLAGS= go mod download -json github.com/haproxytech/dataplaneapi@$V | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && GOWORK=off GOFLAGS="-mod=mod -p=1" CGO_ENABLED=0 go build -trimpath \
     -ldflags "-X main.GitRepo=https://github.com/haproxytech/dataplaneapi.git -X main.GitTag=$V -X main.GitCommit= -X main.GitDirty= -X main.BuildTime=2020-04-15T10:52:33" \
     -o "$L/bin/dataplaneapi" ./cmd/dataplaneapi)
fi
if [ ! -f "$HERE/swagger.json.zst" ]; then
  python3 - "$L/src/embedded_spec.go" "$L/swagger.json" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
k = "SwaggerJSON = json.RawMessage([]byte(`"
a = s.index(k) + len(k); b = s.index("`))", a)
open(sys.argv[2], "w", encoding="utf-8").write(s[a:b])
PY
  zstd -19 -q -f -o "$HERE/swagger.json.zst" "$L/swagger.json"
fi
echo "setup ok: $L/bin/dataplaneapi ($("$L/bin/dataplaneapi" --version 2>&1 | head -1)); $(/usr/sbin/haproxy -v | head -1)"
