#!/usr/bin/env bash
# Installs GoToSocial v0.16.0 from the Go module proxy into /tmp/shadowtap-lab/gotosocial, its web bundles built with
# yarn/npm from the npm registry, megalodon (npm) for the clients, and the lab's shared browser driver.
#
# The module zip has no vendor/ tree (the Go module zip format drops vendor directories: only vendor/modules.txt is
# left), so `-mod=vendor` cannot build; the dependencies come from the Go module proxy with -mod=mod, at go.sum's
# versions. Flags from scripts/build.sh: CGO_ENABLED=0, tags "netgo osusergo static_build kvformat timetzdata",
# -ldflags "-s -w -X main.Version=v0.16.0" (-extldflags '-static' is moot without cgo).
# Go 1.26 cannot link this release (codeberg.org/gruf/go-bytesize and go-fastcopy use go:linkname to standard-library
# internals that are gone: "relocation target strconv.atof64 not defined"), so the build uses the Go 1.22 toolchain
# of the module's go directive (`GOTOOLCHAIN=go1.22.12`: golang.org/toolchain from the Go module proxy).
# The module has no web/assets/dist (the release's Dockerfile makes it with `yarn --cwd web/source install &&
# ts-patch install && build`). web/source/yarn.lock pins versions this npm registry does not serve (skulk 0.0.8-fix,
# @validatem/array-of 0.1.2, ...), so the lock is dropped and npm resolves package.json's ranges, with these set:
# skulk 0.0.9 (the only version here), and back to the lock's versions where a newer one breaks the browserify build
# (plyr 3.7.8, wouter 3.1.2, @reduxjs/toolkit 1.9.6, match-sorter 6.3.1, papaparse 5.4.1, re2js 0.4.1, psl 1.9.0,
# typescript 5.2.2, ts-patch 3.0.2); the lint-only devDependencies (eslint, its plugins and configs) and
# @types/is-valid-domain (not in this registry; types only) removed. The registry's fs-monkey 0.4.0 (skulk ->
# @f0x52/spyfs) has no lib/ directory, so the fs-monkey 1.1.0 that npm installs for memfs is put in its place.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
L=/tmp/shadowtap-lab/gotosocial
V=v0.16.0
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v tcpdump >/dev/null || apt-get install -y tcpdump
test -x /usr/bin/chromium || apt-get install -y chromium
mkdir -p "$L/bin"
if [ ! -d "$L/src/cmd/gotosocial" ]; then
  D=$(cd /tmp && go mod download -json github.com/superseriousbusiness/gotosocial@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
fi
if [ ! -f "$L/src/web/assets/dist/settings.js" ]; then
  (cd "$L/src/web/source" && rm -f yarn.lock &&
    npm pkg set dependencies.skulk=0.0.9 dependencies.plyr=3.7.8 dependencies.wouter=3.1.2 dependencies.@reduxjs/toolkit=1.9.6 \
      dependencies.match-sorter=6.3.1 dependencies.papaparse=5.4.1 dependencies.re2js=0.4.1 dependencies.psl=1.9.0 \
      devDependencies.typescript=5.2.2 devDependencies.ts-patch=3.0.2 &&
    npm pkg delete devDependencies.@joepie91/eslint-config devDependencies.eslint devDependencies.eslint-plugin-license-header \
      devDependencies.eslint-plugin-react devDependencies.eslint-plugin-react-hooks devDependencies.@typescript-eslint/eslint-plugin \
      devDependencies.@typescript-eslint/parser devDependencies.@types/is-valid-domain &&
    npm install --no-audit --no-fund &&
    rm -rf node_modules/fs-monkey && cp -r node_modules/memfs/node_modules/fs-monkey node_modules/fs-monkey &&
    ./node_modules/.bin/ts-patch install && NODE_ENV=production node index.js) || \
    echo "web bundles not built: the settings panel will not load (server-rendered pages still work)" >&2
fi
if [ ! -x "$L/bin/gotosocial" ]; then
  (cd "$L/src" && GOTOOLCHAIN=go1.22.12 GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags "netgo osusergo static_build kvformat timetzdata" \
    -ldflags "-s -w -X 'main.Version=$V'" -o "$L/bin/gotosocial" ./cmd/gotosocial)
fi
mkdir -p "$L/client"
[ -f "$L/client/package.json" ] || echo '{"name":"gts-lab-client","private":true,"dependencies":{"megalodon":"10.3.0"}}' > "$L/client/package.json"
[ -d "$L/client/node_modules/megalodon" ] || (cd "$L/client" && npm install --no-audit --no-fund)
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
