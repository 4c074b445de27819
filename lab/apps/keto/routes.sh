#!/usr/bin/env bash
# Extracts Ory Keto v0.13.0-alpha.0's route table from its routers at run time and writes routes.txt.
# drive/_routedump/main.go is compiled inside the keto module source tree (setup.sh's copy of the module from the Go
# module proxy), builds the registry from drive/keto.yml with driver.NewDefaultRegistry as `keto serve` does, makes
# the four HTTP routers with the same calls internal/driver/daemon.go makes (ReadRouter, WriteRouter,
# OPLSyntaxRouter, metricsRouter) on fresh julienschmidt/httprouter routers, and walks their radix trees
# (:param -> {param}, *catchall -> {catchall*}). httprouter.New() turns HandleOPTIONS on, so the router answers
# OPTIONS on every registered path itself: those lines are printed too, marked "auto". No manual edits.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -d "$L/src" ] || bash "$HERE/setup.sh"
R=$L/routes-run
rm -rf "$R"; mkdir -p "$L/src/shadowtap_routedump" "$R"
cp "$HERE/drive/_routedump/main.go" "$L/src/shadowtap_routedump/main.go"
cp "$HERE/drive/keto.yml" "$HERE/drive/namespaces.keto.ts" "$R/"
{
  echo "# Ory Keto $V route table, dumped from the httprouter trees of its four HTTP listeners by routes.sh"
  echo "# (drive/_routedump). routes.txt has no port column: the read, write, OPL syntax and metrics ports follow one"
  echo "# another, and a path registered on several ports (health, version, metrics) is written once per port."
  echo "# Not in any router: the read/write/OPL ports are cmux-multiplexed; gRPC (HTTP/2, content-type application/grpc)"
  echo "# goes to the gRPC server, not used by any client here. A wrong method gets httprouter's 405, other paths 404."
  (cd "$L/src" && DSN=memory NAMESPACES_LOCATION="file://$R/namespaces.keto.ts" SQA_OPT_OUT=true \
    GOWORK=off CGO_ENABLED=1 go run -tags sqlite ./shadowtap_routedump "$R/keto.yml" 2>"$R/stderr.log")
} > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
