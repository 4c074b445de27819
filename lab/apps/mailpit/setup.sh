#!/usr/bin/env bash
# Installs Mailpit v1.33.1 from the Go module proxy, with its web UI built from npm packages, into
# /tmp/shadowtap-lab/mailpit, and the lab's shared browser driver.
#
# `GOBIN=... go install github.com/axllent/mailpit@v1.33.1` builds, but the module zip has no built web UI: server/embed.go
# embeds server/ui, and server/ui/dist (app.js, app.css, docs.js, fonts) is made by the project's `npm run build`
# (esbuild.config.mjs) in its release pipeline, so the plain install serves 404 for /dist/app.js and the UI is blank; its
# version is also "dev" (the release sets config.Version by -ldflags). So the module is copied to $L/src (as downloaded,
# `go mod download`), the UI is built there with npm as the project's package.json says, and the binary is built from
# that copy with the release's flags (Dockerfile: CGO_ENABLED=0, -ldflags "-s -w -X .../config.Version=v1.33.1").
# npm here: package-lock.json pins versions this registry does not have (sass-embedded 1.108.1, rapidoc 12.1.0; no
# rapidoc 12.x at all), so the lock is dropped and npm resolves the package.json ranges, with rapidoc (only used by the
# API documentation page, dist/docs.js) set to 9.3.8, the newest here; the lint/test devDependencies (eslint, prettier,
# jsdom, @playwright/test, globals, @types/bootstrap) are not needed for `npm run build` and are removed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
L=/tmp/shadowtap-lab/mailpit
V=v1.33.1
mkdir -p "$L/bin"
if [ ! -f "$L/src/server/ui/dist/app.js" ]; then
  D=$(cd /tmp && go mod download -json github.com/axllent/mailpit@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  (cd "$L/src" && rm -f package-lock.json &&
    npm pkg delete devDependencies.@playwright/test devDependencies.eslint devDependencies.@eslint/js \
      devDependencies.@eslint/compat devDependencies.eslint-config-prettier devDependencies.eslint-plugin-vue \
      devDependencies.globals devDependencies.jsdom devDependencies.prettier devDependencies.@types/bootstrap &&
    npm pkg set dependencies.rapidoc=9.3.8 &&
    npm install --no-audit --no-fund && npm run build)
fi
if [ ! -x "$L/bin/mailpit" ] || [ "$L/src/server/ui/dist/app.js" -nt "$L/bin/mailpit" ]; then
  (cd "$L/src" && GOWORK=off CGO_ENABLED=0 go build -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=$V" \
    -o "$L/bin/mailpit" .)
fi
[ -d "$ROOT/lab/browser/node_modules/playwright-core" ] || (cd "$ROOT/lab/browser" && npm install --no-audit --no-fund)
command -v tcpdump >/dev/null || apt-get install -y tcpdump chromium chromium-driver
test -x /usr/bin/chromium || apt-get install -y chromium chromium-driver
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v openssl >/dev/null || apt-get install -y openssl
command -v python3 >/dev/null || apt-get install -y python3
