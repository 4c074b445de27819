#!/usr/bin/env bash
# routes.sh - Ory Oathkeeper v0.40.9's route table for its API port (serve.api, 127.0.0.1:14456 here), from the router
# setup in the module source. Writes routes.txt.
#
# cmd/server/server.go runAPI() builds the API port's handler as a negroni chain:
#   metrics middleware -> request log -> CORS (off unless serve.api.cors.enabled; off here) ->
#   api.DecisionHandler (middleware, "needs to be the last entry") -> x.NewAPIRouter() (julienschmidt/httprouter)
# * api/decision.go DecisionHandler.ServeHTTP: every request whose path starts with the string DecisionPath
#   ("/decisions"), whatever the method, is the decision API (the rest of the path is the URL to judge); it never
#   reaches the router. Written "* /decisions" and "* /decisions/{path*}". (The test is a string prefix, so
#   "/decisionsXYZ" is caught too; routes.txt cannot write a partial segment and the traffic sends none.)
# * the router: RuleHandler.SetRoutes (api/rule.go: GET RulesPath, GET RulesPath+"/:id"),
#   CredentialsHandler.SetRoutes (api/credential.go: GET CredentialsPath), and
#   HealthHandler.SetHealthRoutes(router.Router, true) from github.com/ory/x healthx (GET AliveCheckPath,
#   GET ReadyCheckPath). healthx's SetVersionRoutes is NOT called by runAPI in v0.40.9, so GET /version, which the
#   spec documents, is not routed (answered 404 "Route not found" by serverx.DefaultNotFoundHandler).
# * httprouter v1.3.0's New() sets HandleOPTIONS: an OPTIONS request on a registered path is answered by the router
#   (200, Allow: GET, OPTIONS), so each path also has an OPTIONS route (listed, commented "auto"). HEAD is not
#   routed (405). RedirectTrailingSlash answers "/rules/" with 301 (the labeller ignores trailing slashes).
# * Prometheus metrics are NOT on the API port: runPrometheus() serves promhttp on its own listener
#   (serve.prometheus.host/port, 127.0.0.1:14483 here; that handler answers any path). That port is not recorded.
# Usage: routes.sh [--verify]   (--verify also requests each route on a running Oathkeeper at 127.0.0.1:14456 and
#                                checks that none gets the router's not-found page or a 405)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MOD=$(cd /tmp && go mod download -json github.com/ory/oathkeeper@v0.40.9 | jq -r .Dir)
XVER=$(awk '$1=="github.com/ory/x"{print $2; exit}' "$MOD/go.mod")
XMOD=$(cd /tmp && go mod download -json "github.com/ory/x@$XVER" | jq -r .Dir)
MODCACHE=$(go env GOMODCACHE)

# the wiring this script relies on must still be there
SRV="$MOD/cmd/server/server.go"
for s in 'RuleHandler().SetRoutes(router)' 'HealthHandler().SetHealthRoutes(router.Router, true)' \
         'CredentialHandler().SetRoutes(router)' 'n.Use(d.Registry().DecisionHandler())'; do
  grep -qF "$s" "$SRV" || { echo "routes.sh: runAPI no longer has: $s" >&2; exit 1; }
done
if grep -q 'SetVersionRoutes' "$SRV"; then echo "routes.sh: runAPI now calls SetVersionRoutes; add GET /version" >&2; exit 1; fi

const() { # const NAME FILE... -> the string value of a Go constant
  local n=$1; shift
  grep -hE "^[[:space:]]*$n[[:space:]]*=[[:space:]]*\"" "$@" | head -1 | sed -E 's/.*"([^"]*)".*/\1/'
}
conv() { sed -E 's#:([A-Za-z_]+)#{\1}#g; s#\*([A-Za-z_]+)#{\1*}#g'; }

routes() {
  # httprouter registrations in api/*.go: r.GET(<expr>, ...) where <expr> is a constant, a literal, or const+"literal"
  for f in "$MOD"/api/*.go; do
    case "$f" in *_test.go) continue ;; esac
    grep -oE 'r\.(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\([^,]+,' "$f" | while read -r call; do
      m=$(sed -E 's/^r\.([A-Z]+)\(.*/\1/' <<<"$call")
      expr=$(sed -E 's/^r\.[A-Z]+\((.*),$/\1/' <<<"$call")
      p=""
      IFS='+' read -ra parts <<<"$expr"
      for t in "${parts[@]}"; do
        t=$(sed -E 's/^[[:space:]]+|[[:space:]]+$//g' <<<"$t")
        if [[ $t == \"*\" ]]; then p+="${t:1:${#t}-2}"
        else v=$(const "$t" "$MOD"/api/*.go); [ -n "$v" ] || { echo "UNRESOLVED $t in $f" >&2; exit 1; }; p+="$v"; fi
      done
      echo "$m $(conv <<<"$p")	# router ($(basename "$f"))"
    done
  done
  # healthx SetHealthRoutes: r.Handler("GET", AliveCheckPath, ...), r.Handler("GET", ReadyCheckPath, ...)
  awk '/^func \(h \*Handler\) SetHealthRoutes/,/^}/' "$XMOD/healthx/handler.go" |
    grep -oE 'r\.Handler\("[A-Z]+", [A-Za-z]+' | sed -E 's/r\.Handler\("([A-Z]+)", (.*)/\1 \2/' |
    while read -r m c; do echo "$m $(const "$c" "$XMOD/healthx/handler.go")	# router (ory/x healthx)"; done
}

R=$(routes | sort -k2,2 -k1,1)
D=$(const DecisionPath "$MOD/api/decision.go")
{
  echo "# Ory Oathkeeper v0.40.9 API port route table, made by routes.sh from the router setup in"
  echo "# \$(go env GOMODCACHE)${MOD#"$MODCACHE"} (cmd/server/server.go runAPI, api/*.go) and ory/x $XVER healthx."
  echo "# The decision API is a middleware in front of the router: every method, every path beginning with $D."
  echo "* $D	# decision middleware (api/decision.go)"
  echo "* $D/{path*}	# decision middleware (api/decision.go)"
  echo "$R"
  echo "# httprouter HandleOPTIONS (default on in v1.3.0): OPTIONS on every registered path is answered by the router"
  awk '{print "OPTIONS " $2 "\t# auto (httprouter HandleOPTIONS)"}' <<<"$R" | sort -u
  echo "# not routed on this port: GET /version (documented; SetVersionRoutes is not called), metrics (serve.prometheus)"
} > "$HERE/routes.txt"
echo "routes.txt: $(grep -vc '^#' "$HERE/routes.txt") routes" >&2

if [ "${1:-}" = "--verify" ]; then
  bad=0
  curl -s -o /tmp/oathkeeper-nf.body http://127.0.0.1:14456/no-such-route-probe
  while read -r m p _; do
    u=$(sed -E 's/\{[^}]*\}/x-probe/g' <<<"$p")
    [ "$m" = "*" ] && ms="GET POST PUT PATCH DELETE" || ms=$m
    for mm in $ms; do
      code=$(curl -s -o /tmp/oathkeeper-verify.body -w '%{http_code}' -X "$mm" "http://127.0.0.1:14456$u")
      if [ "$code" = 405 ] || { [ "$code" = 404 ] && cmp -s /tmp/oathkeeper-verify.body /tmp/oathkeeper-nf.body; }; then
        echo "VERIFY FAIL $mm $p -> $code" >&2; bad=1
      fi
    done
  done < <(grep -v '^#' "$HERE/routes.txt")
  code=$(curl -s -o /tmp/oathkeeper-verify.body -w '%{http_code}' http://127.0.0.1:14456/version)
  if [ "$code" = 404 ] && cmp -s /tmp/oathkeeper-verify.body /tmp/oathkeeper-nf.body; then echo "verify: GET /version is not routed (as expected)" >&2
  else echo "VERIFY FAIL: GET /version answered $code" >&2; bad=1; fi
  rm -f /tmp/oathkeeper-verify.body /tmp/oathkeeper-nf.body
  [ $bad = 0 ] && echo "verify: every route answered by Oathkeeper's API port" >&2
fi
