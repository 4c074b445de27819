#!/usr/bin/env bash
# Extracts zot v1.4.3's route table from its gorilla/mux router at run time and writes routes.txt.
# drive/_routedump/main.go is built as ./shadowtap_routedump inside a copy of the module ($L/routes-src, a copy of
# setup.sh's $L/src; the server binary is built from the untouched module) with the server's build tags
# (sync,search,scrub,metrics,lint,containers_image_openpgp). It loads drive/config.json as `zot serve` does
# (cli.LoadConfiguration), makes the store (on a scratch directory) and calls api.NewRouteHandler as
# (*Controller).Run does, then prints every route with mux.Router.Walk. This script writes them in routes.txt's syntax:
#  * {name:REGEX} (zot's NameRegexp: lowercase components joined by "/", so a repository name spans segments) is
#    written {name*}, in the middle of the path; {reference}, {digest}, {session_id} stay one segment.
#  * a route's Methods() are listed one per line (OPTIONS too where zot registers it beside GET); a route without
#    Methods() is "*". No HEAD lines beside GET: gorilla/mux answers 405 to a method a route does not list.
#  * the PathPrefix("/v2") subrouter is not a route of its own (comment). The two other PathPrefix routes, the
#    metrics extension's PathPrefix("/metrics") (promhttp, every method) and the search extension's
#    PathPrefix("/v2/_zot/ext/search") (gqlgen, OPTIONS/GET/POST), are written as the path itself and PATH/{path*}.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -d "$L/src" ] || bash "$HERE/setup.sh"
S=$L/routes-src R=$L/routes-run
rm -rf "$S" "$R"; cp -r "$L/src" "$S"; chmod -R u+w "$S"; mkdir -p "$S/shadowtap_routedump" "$R"
cp "$HERE/drive/_routedump/main.go" "$S/shadowtap_routedump/main.go"
sed "s#@RUN@#$R#g" "$HERE/drive/config.json" > "$R/config.json"; : > "$R/htpasswd"
(cd "$S" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -tags sync,search,scrub,metrics,lint,containers_image_openpgp \
  -o "$R/routedump" ./shadowtap_routedump)
"$R/routedump" "$R/config.json" > "$R/raw.txt" 2> "$R/stderr.log"
{
  echo "# zot $V route table, dumped at run time from the gorilla/mux router api.NewRouteHandler builds, by routes.sh"
  echo "# (drive/_routedump; config drive/config.json: htpasswd auth with access control, search and metrics"
  echo "# extensions; swagger and the GraphQL playground are only in debug builds). One listener: 127.0.0.1:$PORT."
  echo "# {name*} is zot's NameRegexp ([a-z0-9]+ components joined by . _ __ - and /): repository names span segments."
  awk -F'\t' '
    NF < 4 { next }   # the config loader prints "HTTP port N" on stdout
    { m = $1; p = $2; kind = $4
      if (kind ~ /subrouter/) { print "# (* " p "/{path*}: PathPrefix(\"" p "\") subrouter of the distribution API routes below: not a route)"; next }
      gsub(/\{name:[^}]*\}/, "{name*}", p)
      n = split(m, ms, ",")
      for (i = 1; i <= n; i++) {
        if (kind == "PathPrefix") { print ms[i] " " p "\t# gorilla/mux PathPrefix"; print ms[i] " " p "/{path*}\t# gorilla/mux PathPrefix" }
        else if (!seen[ms[i] " " p]++) print ms[i] " " p "\t# gorilla/mux Path"   # OPTIONS is listed by two manifest routes
      } }' "$R/raw.txt"
} > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
