#!/usr/bin/env bash
# Extracts the Data Plane API v1.2.5's route table from its router at run time and writes routes.txt.
# The server is go-swagger generated: go-openapi/runtime v0.19.0's middleware.DefaultRouter builds one denco router per
# method from the embedded spec (basePath /v1 joined to each path that has a handler in the generated
# initHandlerCache) and, with SWAGGER_DEBUG=1, logs every route it adds ("adding route METHOD PATH \"operationId\"").
# This script starts the built binary once on a scratch haproxy.cfg (no HAProxy needs to run for the router to be
# built), reads those lines and writes them in routes.txt's syntax. Two handlers sit before the router in
# middleware.Context.APIHandler (runtime v0.19.0 middleware/context.go): Spec("", ...) answers /swagger.json and
# Redoc(...) answers BasePath+"/docs", both to any method and without authentication; they are added as `*` lines.
# (rs/cors answers a CORS preflight, OPTIONS with Access-Control-Request-Method, on any path before the router: that
# is middleware, not a route, and the traffic sends none.)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -x "$L/bin/dataplaneapi" ] || bash "$HERE/setup.sh"
R=$L/routes-run
rm -rf "$R"; mkdir -p "$R/tx"
if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then echo "port $PORT is in use" >&2; exit 1; fi
sed -e "s#@RUN@#$R#g" -e "s#@DEPLOY_HASH@#x#" -e "s#@DASH_HASH@#x#" "$HERE/drive/haproxy.cfg.in" > "$R/haproxy.cfg"
SWAGGER_DEBUG=1 "$L/bin/dataplaneapi" --scheme=http --host "$HOST" --port "$PORT" -c "$R/haproxy.cfg" -b /usr/sbin/haproxy \
  -u controller -r /bin/true -s /bin/true -t "$R/tx" > "$R/debug.log" 2>&1 &
P=$!
for i in $(seq 1 50); do grep -q 'Serving data plane' "$R/debug.log" 2>/dev/null && break; sleep 0.2; done
sleep 0.5
kill $P; wait $P 2>/dev/null || true
n=$(grep -c '^adding route ' "$R/debug.log")
{
  echo "# HAProxy Data Plane API $V route table, by routes.sh: the routes go-openapi/runtime's DefaultRouter adds at"
  echo "# start-up (logged with SWAGGER_DEBUG=1: $n routes, every operation of the embedded spec under basePath /v1),"
  echo "# and the two handlers middleware.Context.APIHandler puts before the router (any method, no authentication)."
  echo "# One listener: 127.0.0.1:$PORT (--scheme=http)."
  echo "*	/swagger.json	# middleware.Spec: the embedded document, byte for byte"
  echo "*	/v1/docs	# middleware.Redoc: the ReDoc page"
  grep '^adding route ' "$R/debug.log" | sort -u -k4,4 -k3,3 | awk '{ printf "%s %s\t# %s\n", $3, $4, $5 }' | sed 's/"//g' | sort -k2,2 -k1,1
} | sed 's/\t/ /g' > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
