#!/usr/bin/env bash
# routes.sh - extract Ory Hydra v2.3.0's route table from the router source of the installed module.
#
# Hydra builds two julienschmidt/httprouter routers (cmd/server/handler.go: setup()):
#   public port (19444): x.NewRouterPublic()                    -> routes registered as written
#   admin  port (19445): x.NewRouterAdmin() = ory/x httprouterx.NewRouterAdminWithPrefix("/admin", ...)
# ory/x httprouterx.RouterAdmin (router.go in github.com/ory/x@v0.0.675):
#   admin.GET/POST/PUT/PATCH/DELETE/Handle(route)  -> registers "/admin"+route (real handler) AND the bare
#                                                     route (a 307 redirect to "/admin"+route; a legacy route)
#   admin.Handler(method, route)                    -> registers "/admin"+route only
#   admin.Router.Handler(...) (used by healthx)     -> registers the route as written (no prefix, no redirect)
# driver/registry_sql.go RegisterRoutes() wires: healthx SetHealthRoutes(admin.Router), SetVersionRoutes(admin.Router),
# SetHealthRoutes(public.Router), admin.Handler("GET", prometheus.MetricsPrometheusPath) and the SetRoutes of
# consent, jwk, client, oauth2, oauth2/trust handlers.
# Path constants are resolved per Go package (consent.LogoutPath != oauth2.LogoutPath).
# Output: one "METHOD /path" line per (method, path) with ":name" params rewritten to "{name}", sorted, deduplicated.
# Usage: routes.sh [--verify]   (--verify additionally probes a running hydra: 127.0.0.1:19444 / 19445)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MOD=$(cd /tmp && go mod download -json github.com/ory/hydra/v2@v2.3.0 | jq -r .Dir)
XVER=$(awk '$1=="github.com/ory/x"{print $2; exit}' "$MOD/go.mod")
XMOD=$(cd /tmp && go mod download -json "github.com/ory/x@$XVER" | jq -r .Dir)

extract() {
  # $1 = package dir (for constant resolution), $2 = source file, $3 = which router var to read (admin|public)
  local pkgdir=$1 file=$2
  awk -v who="$3" '
    FNR==NR { # constants file(s) of this package
      if (match($0, /^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*(string)?[ \t]*=[ \t]*"\/[^"]*"/)) {
        s=substr($0,RSTART,RLENGTH); name=s; sub(/^[ \t]*/,"",name); sub(/[ \t=].*/,"",name)
        val=s; sub(/^[^"]*"/,"",val); sub(/"$/,"",val); c[name]=val
      }
      next
    }
    {
      line=$0
      if (line ~ /^[ \t]*\/\//) next
      re = "(^|[^A-Za-z0-9_.])" who "\\.(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Handle|Handler|HandlerFunc)\\("
      if (!match(line, re)) next
      call=substr(line, RSTART, RLENGTH); sub(/^[^A-Za-z]/,"",call)
      fn=call; sub(/^[a-z]+\./,"",fn); sub(/\($/,"",fn)
      rest=substr(line, RSTART+RLENGTH)
      if (fn ~ /^(Handle|Handler|HandlerFunc)$/) {
        m=rest; sub(/^"/,"",m); sub(/".*/,"",m); method=m
        sub(/^"[A-Z]+",[ \t]*/,"",rest)
      } else method=fn
      # path expression up to the next top-level comma
      expr=rest; sub(/,.*/,"",expr)
      n=split(expr, parts, /[ \t]*\+[ \t]*/); p=""
      for (i=1;i<=n;i++) { t=parts[i]
        if (t ~ /^".*"$/) { p=p substr(t,2,length(t)-2) }
        else { q=t; sub(/^[A-Za-z0-9_]+\./,"",q); if (!(q in c)) { print "UNRESOLVED " t " in " FILENAME > "/dev/stderr"; exit 1 } p=p c[q] }
      }
      gsub(/:[A-Za-z0-9_]+/, "{&}", p); gsub(/\{:/, "{", p)
      print who, fn, method, p
    }' <(cat "$pkgdir"/*.go) "$file"
}

{
  for pkg in client jwk consent oauth2 oauth2/trust; do
    for f in "$MOD/$pkg"/*.go; do
      case "$f" in *_test.go) continue;; esac
      grep -qE '(admin|public)\.(GET|POST|PUT|PATCH|DELETE|Handle|Handler)\(' "$f" || continue
      extract "$MOD/$pkg" "$f" admin
      extract "$MOD/$pkg" "$f" public
    done
  done
  # driver/registry_sql.go: admin.Handler("GET", prometheus.MetricsPrometheusPath, ...) (prometheus = ory/x/prometheusx)
  extract "$XMOD/prometheusx" "$MOD/driver/registry_sql.go" admin
  # health + version routes: healthx registers them on the raw routers (admin.Router / public.Router), unprefixed
  H=$(awk '/^func \(h \*Handler\) SetHealthRoutes/,/^}/' "$XMOD/healthx/handler.go" | grep -oE 'r\.Handler\("[A-Z]+", [A-Za-z]+' | sed -E 's/r\.Handler\("([A-Z]+)", (.*)/\1 \2/')
  V=$(awk '/^func \(h \*Handler\) SetVersionRoutes/,/^}/' "$XMOD/healthx/handler.go" | grep -oE 'r\.Handler\("[A-Z]+", [A-Za-z]+' | sed -E 's/r\.Handler\("([A-Z]+)", (.*)/\1 \2/')
  hconst() { grep -E "^[[:space:]]*$1[[:space:]]*=" "$XMOD/healthx/handler.go" | sed -E 's/.*"([^"]*)".*/\1/'; }
  R=$(cat "$MOD/driver/registry_sql.go")
  if grep -q 'SetHealthRoutes(admin.Router' <<<"$R"; then while read -r m c; do echo "rawadmin raw $m $(hconst "$c")"; done <<<"$H"; fi
  if grep -q 'SetVersionRoutes(admin.Router' <<<"$R"; then while read -r m c; do echo "rawadmin raw $m $(hconst "$c")"; done <<<"$V"; fi
  if grep -q 'SetHealthRoutes(public.Router' <<<"$R"; then while read -r m c; do echo "public raw $m $(hconst "$c")"; done <<<"$H"; fi
} > /tmp/hydra-routes.raw.$$

# apply the RouterAdmin prefix semantics
awk '
  $1=="public"   { print $3, $4, "public" }
  $1=="rawadmin" { print $3, $4, "admin" }
  $1=="admin" && $2=="Handler" { print $3, "/admin" $4, "admin" }
  $1=="admin" && $2!="Handler" { print $3, "/admin" $4, "admin"; print $3, $4, "admin-legacy-redirect" }
' /tmp/hydra-routes.raw.$$ | sort -u | awk '{k=$1" "$2; if (k in t) t[k]=t[k]"+"$3; else { t[k]=$3; o[++n]=k } } END { for (i=1;i<=n;i++) print o[i], t[o[i]] }' | sort -k2,2 -k1,1 > /tmp/hydra-routes.tagged.$$
rm -f /tmp/hydra-routes.raw.$$

{
  echo "# Ory Hydra v2.3.0 route table (github.com/ory/hydra/v2@v2.3.0 + github.com/ory/x@$XVER), made by routes.sh"
  echo "# from the router registrations in the module source. Trailing comment = which listener serves it:"
  echo "#   public = public port 19444; admin = admin port 19445;"
  echo "#   admin-legacy-redirect = admin port 19445, unprefixed legacy path answered with 307 to /admin/..."
  echo "# No path is served by both ports with different meanings (checked by routes.sh)."
  awk '{ printf "%s %s  # %s\n", $1, $2, $3 }' /tmp/hydra-routes.tagged.$$
} > "$HERE/routes.txt"

# collision check: same METHOD+path on both listeners?
dups=$(awk '{k=$1" "$2; split($3,a,"-"); if ((k in s) && s[k]!=a[1]) print k; s[k]=a[1]}' /tmp/hydra-routes.tagged.$$)
[ -z "$dups" ] || { echo "WARNING: served by both ports: $dups" >&2; }
echo "routes.txt: $(grep -vc '^#' "$HERE/routes.txt") routes" >&2

if [ "${1:-}" = "--verify" ]; then
  # every listed route must not answer 404/405 "route not found" from httprouter on its own listener
  bad=0
  curl -s -o /tmp/hydra-nf.19444 http://127.0.0.1:19444/no-such-route-probe; curl -s -o /tmp/hydra-nf.19445 http://127.0.0.1:19445/no-such-route-probe
  while read -r m p tag; do
    port=19445; [ "$tag" = public ] && port=19444
    u=$(sed -E 's/\{[^}]*\}/x-probe/g' <<<"$p")
    code=$(curl -s -o /tmp/hydra-verify.body -w '%{http_code}' -X "$m" "http://127.0.0.1:$port$u")
    body=$(head -c 120 /tmp/hydra-verify.body)
    if [ "$code" = 405 ] || { [ "$code" = 404 ] && cmp -s /tmp/hydra-verify.body /tmp/hydra-nf.$port; }; then
      echo "VERIFY FAIL $m $p -> $code $body" >&2; bad=1
    fi
    [ "$tag" = admin-legacy-redirect ] && [ "$code" != 307 ] && { echo "VERIFY FAIL (expected 307) $m $p -> $code" >&2; bad=1; }
  done < /tmp/hydra-routes.tagged.$$
  rm -f /tmp/hydra-verify.body /tmp/hydra-nf.19444 /tmp/hydra-nf.19445
  [ $bad = 0 ] && echo "verify: all routes answered by their listener" >&2
fi
rm -f /tmp/hydra-routes.tagged.$$
