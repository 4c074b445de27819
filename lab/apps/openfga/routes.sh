#!/usr/bin/env bash
# Extracts OpenFGA v1.23.0's HTTP route table and writes routes.txt.
# drive/_routedump/main.go is compiled inside setup.sh's copy of the module (as ./shadowtap_routedump, so it links the
# same packages as the server) and builds the routers as cmd/run/run.go does: the grpc-gateway ServeMux of the HTTP
# API listener with run.go's ServeMuxOptions (WithHealthzEndpoint registers GET /healthz) and the two Register*Handler
# calls (OpenFGAService, AuthZenService), read at run time from the mux's route table; the metrics, profiler and
# Playground net/http.ServeMuxes, whose patterns are registered inline in run.go (Run, runPlaygroundServer) and are
# made again there with the same calls. This script then writes them in routes.txt's syntax:
#  * grpc-gateway: Pattern.String() ({store_id=*}, one segment, written {store_id}); a method the gateway has no
#    pattern for on a known path gets its routing error (404 with code "unimplemented", "Method Not Allowed"), any
#    other path 404 "undefined_endpoint". GET /healthz is the gateway's own health route (grpc.health.v1 Check).
#  * net/http.ServeMux, no method in the patterns ("*"): an exact pattern as itself; a subtree "/x/" as "/x" (the
#    mux's redirect to "/x/", and the subtree root) and "/x/{path*}".
#  * the Playground's only pattern is "/": its handler (runPlaygroundServer) renders the page for "/playground" and
#    "/playground/index.html", hands every other "/playground..." path to http.FileServer over the embedded assets,
#    and answers http.NotFound to every other path, which is written as a comment, not a route.
# rs/cors wraps the API mux: it answers a CORS preflight (OPTIONS with Access-Control-Request-Method) on any path
# itself, before routing; no client here sends one, so it is a comment.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -d "$L/src" ] || bash "$HERE/setup.sh"
R=$L/routes-run
rm -rf "$R" "$L/src/shadowtap_routedump"; mkdir -p "$L/src/shadowtap_routedump" "$R"
cp "$HERE/drive/_routedump/main.go" "$L/src/shadowtap_routedump/main.go"
(cd "$L/src" && GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 go build -o "$R/routedump" ./shadowtap_routedump)
rm -rf "$L/src/shadowtap_routedump"
"$R/routedump" > "$R/raw.tsv" 2> "$R/stderr.log"
{
  echo "# OpenFGA $V route table, by routes.sh (drive/_routedump): the grpc-gateway patterns of the HTTP API"
  echo "# listener read at run time from the mux built as cmd/run/run.go builds it, then the metrics, profiler and"
  echo "# Playground ServeMux patterns registered in run.go. routes.txt has no port column: the HTTP API"
  echo "# (127.0.0.1:$HTTP_PORT), metrics (:$METRICS_PORT), profiler (:$PROFILER_PORT) and Playground (:$PLAYGROUND_PORT,"
  echo "# of the developer sandbox instance) listeners follow one another. The gRPC listener is not HTTP/1.1 and is"
  echo "# not recorded. rs/cors (before routing) answers CORS preflights on any path: not sent by any client here."
  awk -F'\t' '
    { l = $1; m = $2; p = $3; src = $4
      if (l != last) {
        if (l == "http") print "# HTTP API listener: grpc-gateway ServeMux (OpenFGAService, AuthZenService, the gateway health route)"
        if (l == "metrics") print "# metrics listener: net/http.ServeMux"
        if (l == "profiler") print "# profiler listener: net/http.ServeMux (net/http/pprof)"
        if (l == "playground") print "# Playground listener: net/http.ServeMux"
        last = l }
      if (src == "grpc-gateway pattern") {
        gsub(/=\*\*\}/, "*}", p); gsub(/=\*\}/, "}", p)
        note = (p == "/healthz") ? "grpc-gateway WithHealthzEndpoint" : src
        print m " " p "\t# " note; next }
      if (l == "playground" && p == "/") {
        print "* /playground\t# ServeMux \"/\": the Playground page (the handler renders its template)"
        print "* /playground/index.html\t# ServeMux \"/\": the same page, rendered for this path too"
        print "* /playground/{path*}\t# ServeMux \"/\": http.FileServer over the embedded assets/playground"
        print "# (* /{path*}: ServeMux \"/\" answers http.NotFound to every path outside /playground: not a route)"
        next }
      if (p ~ /\/$/) {
        q = substr(p, 1, length(p) - 1)
        print m " " q "\t# ServeMux subtree " p; print m " " q "/{path*}\t# ServeMux subtree " p; next }
      print m " " p "\t# " src }' "$R/raw.tsv"
} > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
