#!/usr/bin/env bash
# Extracts GoToSocial v0.16.0's route table from its router at run time. The router is gin (internal/router), every
# module's Route() registers on it (internal/api/**, internal/web); gin prints each registration in debug mode
# ("[GIN-debug] GET /api/v1/accounts/:id --> ..."), but router.New() sets gin.ReleaseMode. So this script copies the
# module (the same source the lab binary is built from), changes only that one call to gin.DebugMode, builds that
# copy as $L/bin/gotosocial-routedump, starts it once with the lab's configuration (on port 18481 with a throwaway
# database: the routes depend on the configuration, e.g. /metrics only with metrics-enabled), and converts the
# printed routes, on a copy of the recorded database (run it after record.sh). Output: routes.txt (METHOD TEMPLATE).
# Conversions: gin `:name` -> {name}, `*name` -> {name*} (catch-all, one or more segments). gin adds no HEAD of
# its own: HEAD lines are the ones GoToSocial registers (health, fileserver, StaticFS under /assets). gin is set to
# HandleMethodNotAllowed (405 for another method on a routed path: not a route) and a NoRoute handler (the 404 page:
# not a route).
# One thing the format cannot write: the web profile routes are `/@:username...`, a parameter inside a segment. They
# are written once per account of this deployment (the accounts env.sh creates, as `/@name`), which is what that
# route serves here; a request for `/@someone-else` reaches the same route in the router (its handler answers 404).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -d "$L/src" ] || bash "$HERE/setup.sh"
D=$(cd /tmp && go mod download -json github.com/superseriousbusiness/gotosocial@v0.16.0 | jq -r .Dir)
R=$L/routedump; RS=$R/src
if [ ! -x "$L/bin/gotosocial-routedump" ]; then
  rm -rf "$RS"; mkdir -p "$R"; cp -r "$D" "$RS"; chmod -R u+w "$RS"
  grep -q 'gin.SetMode(gin.ReleaseMode)' "$RS/internal/router/router.go"
  sed -i 's/gin.SetMode(gin.ReleaseMode)/gin.SetMode(gin.DebugMode)/' "$RS/internal/router/router.go"
  (cd "$RS" && GOTOOLCHAIN=go1.22.12 GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags "netgo osusergo static_build kvformat timetzdata" \
    -ldflags "-s -w -X 'main.Version=v0.16.0'" -o "$L/bin/gotosocial-routedump" ./cmd/gotosocial)
fi
rm -rf "$R/state"; mkdir -p "$R/state/storage"
# The file server's emoji route is registered with the instance account's id, made at the first start of a database:
# so the dump runs on a copy of the recorded deployment's database (after record.sh), with its host name.
if [ -f "$STATE/sqlite.db" ]; then cp "$STATE"/sqlite.db* "$R/state/"; else echo "no recorded database: the emoji route's account id is this run's" >&2; fi
sed -e "s#@HOST@#$HOST#; s#@PORT@#18481#; s#@STATE@#$R/state#g; s#@SRC@#$L/src#g; s#@MUSER@#$METRICS_USER#; s#@MPASS@#$METRICS_PASS#" \
  "$HERE/drive/config.yaml.in" > "$R/config.yaml"
"$L/bin/gotosocial-routedump" --config-path "$R/config.yaml" server start > "$R/dump.log" 2>&1 &
P=$!
for i in $(seq 1 120); do curl -fs -o /dev/null http://127.0.0.1:18481/readyz && break; sleep 0.5; done
kill -INT $P; wait $P || true
NAMES=$(for u in $USERS; do echo "${u%%:*}"; done)
{
  echo "# GoToSocial v0.16.0 route table: gin's own route list at start-up (debug mode), made by routes.sh"
  echo "# (:name -> {name}, *name -> {name*}; /@:username written once per account of this deployment)"
  grep -oE '^\[GIN-debug\] [A-Z]+ +[^ ]+ +-->' "$R/dump.log" | awk '{print $2, $3}' |
    sed -E 's#/:([A-Za-z0-9_]+)#/{\1}#g; s#/\*([A-Za-z0-9_]+)#/{\1*}#g' |
    while read -r m p; do
      case "$p" in
        /@:username*) for n in $NAMES; do echo "$m /@$n${p#/@:username}" | sed -E 's#/:([A-Za-z0-9_]+)#/{\1}#g'; done ;;
        *) echo "$m $p" ;;
      esac
    done
} > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
