#!/usr/bin/env bash
# Extracts Headscale v0.27.1's route table from its routers at run time and writes routes.txt.
# drive/_routedump/hscontrol_routedump.go is added to a copy of the module's package hscontrol ($L/routes-src, a copy
# of setup.sh's $L/src; the server binary is built from the untouched module) because the routers are made by
# unexported methods; drive/_routedump/main.go (./shadowtap_routedump in that copy) loads drive/config.yaml as
# `headscale serve` does (types.LoadConfig, types.LoadServerConfig, hscontrol.NewHeadscale, on a scratch database),
# then builds the two HTTP handlers as (*Headscale).Serve does: the grpc-gateway ServeMux with
# v1.RegisterHeadscaleServiceHandler and createRouter(grpcGatewayMux) (gorilla/mux, main listener), and
# debugHTTPServer() (net/http.ServeMux, metrics listener). Routes are read with mux.Router.Walk and by read-only
# reflection on the grpc-gateway and ServeMux route tables. This script then writes them in routes.txt's syntax:
#  * gorilla/mux: {registration_id} stays; a route without Methods() is "*"; Methods("GET") matches GET only (a HEAD
#    falls through to the catch-all not-found route, 404), so no HEAD lines. The two PathPrefix routes are not
#    routes of their own: PathPrefix("/api/v1/") of the /api subrouter hands the request to the grpc-gateway mux
#    (whose patterns follow; an /api/v1 path no pattern takes gets the gateway's 404) and the last route,
#    PathPrefix("/") -> notFoundHandler, answers 404 with no body to every path no other route takes (it is the
#    router's not-found page registered as a route): both are written as comments.
#  * grpc-gateway: the patterns as runtime.Pattern.String() gives them, {node_id=*} (one segment) written {node_id}.
#  * net/http.ServeMux (no method in the patterns: "*"): a pattern ending in "/" is a subtree, written as the path
#    itself and PATH/{path*}; except "/debug/", tsweb's debug index, whose handler answers NotFound to every path
#    below it that no other pattern takes (as Mailpit's "GET /"), written as the exact route.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -d "$L/src" ] || bash "$HERE/setup.sh"
S=$L/routes-src R=$L/routes-run
rm -rf "$S" "$R"; cp -r "$L/src" "$S"; chmod -R u+w "$S"; mkdir -p "$S/shadowtap_routedump" "$R"
cp "$HERE/drive/_routedump/hscontrol_routedump.go" "$S/hscontrol/zz_shadowtap_routedump.go"
cp "$HERE/drive/_routedump/main.go" "$S/shadowtap_routedump/main.go"
sed "s#@RUN@#$R#g" "$HERE/drive/config.yaml" > "$R/config.yaml"
(cd "$S" && GOWORK=off CGO_ENABLED=0 go build -o "$R/routedump" ./shadowtap_routedump)
"$R/routedump" "$R/config.yaml" > "$R/raw.txt" 2> "$R/stderr.log"
{
  echo "# Headscale $V route table, dumped at run time from the routers (*Headscale).Serve builds, by routes.sh"
  echo "# (drive/_routedump; config drive/config.yaml: embedded DERP on, no OIDC). routes.txt has no port column: the"
  echo "# main listener (127.0.0.1:$HTTP_PORT) comes first, then the debug/metrics listener (127.0.0.1:$METRICS_PORT)."
  echo "# Not in any router: the Noise-tunnelled control protocol (/machine/register, /machine/map, ... of noise.go)"
  echo "# runs inside the upgraded /ts2021 connection (HTTP/2 over Noise), not on the listener."
  awk -F'\t' '
    { split($1, a, " "); l = a[1]; m = a[2]; p = a[3]; src = $2
      if (l != last) { print "# " (l == "main" ? "main listener: gorilla/mux router (createRouter) and the grpc-gateway patterns behind /api/v1/" : "debug listener: net/http.ServeMux (debugHTTPServer: tsweb debug handlers, statsviz, /metrics)"); last = l }
      if (src == "gorilla/mux PathPrefix") {
        if (p == "/") print "# (* /{path*}: PathPrefix(\"/\") -> notFoundHandler, 404 to every path no route above takes: not a route)"
        else print "# (* " p "{path*}: PathPrefix(\"" p "\") -> the grpc-gateway ServeMux, whose patterns follow: not a route)"
        next }
      gsub(/=\*\}/, "}", p)
      if (src == "net/http.ServeMux pattern" && p ~ /\/$/) {
        q = substr(p, 1, length(p) - 1)
        if (p == "/debug/") { print m " " q "\t# ServeMux /debug/ (tsweb debug index; other paths below it: NotFound)"; next }
        print m " " q "\t# ServeMux subtree " p; print m " " q "/{path*}\t# ServeMux subtree " p; next }
      print m " " p "\t# " src }' "$R/raw.txt"
} > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
