#!/usr/bin/env bash
# Regenerates swagger.yaml exactly as Podman's release job does (Makefile `make swagger` -> pkg/api/Makefile:
# `swagger generate spec -o swagger.yaml -i tags.yaml -w ./ -m` in pkg/api; contrib/cirrus/runner.sh _run_swagger
# uploads that file as swagger-$TAG.yaml) from the source of the tag, the Go module
# github.com/containers/podman/v4@v4.3.1, with go-swagger v0.30.3 (the version podman's Makefile installs,
# `.install.swagger: VERSION=0.30.3`), both from the Go module proxy.
# Two adaptations to this machine's Go (1.26), neither touching podman's source or go-swagger's code:
#  * go-swagger v0.30.3 pins golang.org/x/tools v0.1.12, whose go/packages panics on Go >= 1.22 (nil types.Sizes);
#    it is built in a wrapper module with golang.org/x/tools raised to v0.52.0 (`go mod tidy` then resolves the rest).
#  * Go >= 1.23 type-checks aliases as *types.Alias, which go-swagger 0.30.3 panics on (os.FileMode); it runs with
#    GODEBUG=gotypesalias=0, the behaviour of the Go it was written for.
# The module zip carries no vendor/ tree (only vendor/modules.txt): it is removed and the dependencies of podman's
# go.sum come from the proxy (GOFLAGS=-mod=mod); the cgo headers podman's packages need to type-check come from
# Debian (libgpgme-dev, libdevmapper-dev, libbtrfs-dev, libseccomp-dev, libsystemd-dev), as on podman's CI images.
# Output: /tmp/shadowtap-lab/podman/swagger.yaml; compared with the stored swagger.yaml.zst.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
B=/tmp/shadowtap-lab/podman
mkdir -p "$B/bin"
dpkg -s libgpgme-dev libdevmapper-dev libbtrfs-dev libseccomp-dev libsystemd-dev pkg-config >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y libgpgme-dev libdevmapper-dev libbtrfs-dev libseccomp-dev libsystemd-dev pkg-config
W=$B/swaggerbuild
if ! "$B/bin/swagger" version 2>/dev/null | grep -q 'v0.30.3'; then
  rm -rf "$W"; mkdir -p "$W"
  printf 'module lab/swaggerbuild\n\ngo 1.22\n' > "$W/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/go-swagger/go-swagger/cmd/swagger"\n' > "$W/tools.go"
  (cd "$W" && go get github.com/go-swagger/go-swagger@v0.30.3 && go get golang.org/x/tools@v0.52.0 && go mod tidy &&
    GOBIN=$B/bin go install github.com/go-swagger/go-swagger/cmd/swagger)
fi
"$B/bin/swagger" version
D=$(cd /tmp && go mod download -json github.com/containers/podman/v4@v4.3.1 | jq -r .Dir)
S=$B/src
rm -rf "$S"; cp -r "$D" "$S"; chmod -R u+w "$S"; rm -rf "$S/vendor"
(cd "$S/pkg/api" && GOFLAGS=-mod=mod GODEBUG=gotypesalias=0 "$B/bin/swagger" generate spec -o "$B/swagger.yaml" -i tags.yaml -w ./ -m)
sha256sum "$B/swagger.yaml"
if [ -s "$HERE/swagger.yaml.zst" ]; then
  zstd -dc "$HERE/swagger.yaml.zst" | cmp - "$B/swagger.yaml" && echo "same bytes as swagger.yaml.zst"
fi
