#!/usr/bin/env bash
# Installs zot v1.4.3 (github.com/project-zot/zot from the Go module proxy; the module calls itself zotregistry.io/zot
# in its go.mod, so it is built inside a copy of the module: zotregistry.dev/zot and later versions are not served
# here) into /tmp/shadowtap-lab/zot, crane (github.com/google/go-containerregistry v0.22.1, proxy), and Debian's
# skopeo, apache2-utils (htpasswd, bcrypt), tcpdump, zstd, curl, python3, tshark. Idempotent.
# zot is built as its Makefile's `binary` target does: tags sync,search,scrub,metrics,lint,containers_image_openpgp,
# CGO off, -trimpath (no -ldflags: ReleaseTag and Commit stay empty); GOFLAGS=-mod=mod because the module's go.sum is checked but not rewritten by go build.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
mkdir -p "$L/bin"
if [ ! -x "$L/bin/zot" ]; then
  D=$(cd /tmp && go mod download -json github.com/project-zot/zot@$V | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$L/bin/zot" -trimpath \
     -tags sync,search,scrub,metrics,lint,containers_image_openpgp ./cmd/zot)
fi
if [ ! -x "$L/bin/crane" ]; then
  D=$(cd /tmp && go mod download -json github.com/google/go-containerregistry@$CRANE_V | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  (cd "$D" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$L/bin" go install -trimpath ./cmd/crane)
fi
command -v skopeo >/dev/null || apt-get install -y skopeo
command -v htpasswd >/dev/null || apt-get install -y apache2-utils
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v python3 >/dev/null || apt-get install -y python3
command -v tshark >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y tshark
echo "setup ok: $L/bin/zot $L/bin/crane"
