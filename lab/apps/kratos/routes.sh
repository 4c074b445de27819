#!/usr/bin/env bash
# Extracts Kratos' route table from the router at run time and writes routes.txt.
# drive/_routedump/main.go is compiled inside the kratos v1.3.1 module source tree (setup.sh's copy of the
# module from the Go module proxy), builds the registry from drive/kratos.yml with driver.New like
# `kratos serve` does, calls the same RegisterPublicRoutes / RegisterAdminRoutes as cmd/daemon/serve.go
# on fresh routers, and walks the httprouter radix trees (:param -> {param}, *catchall -> {catchall*}).
# No manual edits: the output is the router's table verbatim (plus comments).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=/tmp/shadowtap-lab/kratos
[ -d "$BASE/src" ] || { echo "run setup.sh first" >&2; exit 1; }
mkdir -p "$BASE/src/shadowtap_routedump" "$BASE/routes-run"
cp "$HERE/drive/_routedump/main.go" "$BASE/src/shadowtap_routedump/main.go"
cp "$HERE/drive/kratos.yml" "$BASE/routes-run/kratos.yml"
# the config points the schemas at $BASE/run; they must exist there
mkdir -p "$BASE/run"; cp "$HERE/drive/identity.schema.json" "$HERE/drive/customer.schema.json" "$BASE/run/"
{
  echo "# Ory Kratos v1.3.1 route table, dumped from the httprouter trees by routes.sh (drive/_routedump)."
  echo "# Public port 19433 routes come first, admin port 19434 routes second (the admin router prefixes /admin)."
  echo "# Not in any router: on the admin port x.RedirectAdminMiddleware answers EVERY path that does not start"
  echo "# with /admin with 307 -> /admin<path> (e.g. GET /version, /health/alive, /schemas/default from the CLI/SDK)."
  echo "# httprouter also answers OPTIONS for every path that has routes and 405 for a wrong method."
  (cd "$BASE/src" && CGO_ENABLED=1 go run -tags sqlite ./shadowtap_routedump "$BASE/routes-run/kratos.yml" 2>"$BASE/routes-run/stderr.log")
} > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
