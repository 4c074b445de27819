#!/bin/bash
# Extracts routes.txt from the Backstage backend's Express routers AT RUN TIME:
#  1. drive/index.cjs starts the lab's backend (drive/app-config.yaml, the same plugins as record.sh) in a private
#     network namespace (loopback only) with --dump-routes: drive/dump-routes.cjs keeps the Express app that
#     backend-defaults hands to http.createServer and, 15 s after it listens (every plugin started), walks
#     app._router.stack recursively (the root app's health routes, the /api/<pluginId> plugin routers with their
#     auth/permission/actions/scheduler sub-routers, the plugins' own routers, the scaffolder's Express sub-app);
#  2. drive/dump2routes.cjs (the lab's Express 4 converter, as signalk's) turns the route layers into "METHOD /path"
#     lines (":x" -> {x}, "*" -> {x*}); Express 4 answers HEAD with a GET route, so each GET is also written HEAD;
#  3. appends by hand what is not a route layer (see the manual section written below): the proxy endpoints, the
#     bare mounts of the app backend's fallback, its express.static mounts.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
[ -d $A/node_modules/@backstage/backend-defaults ] || bash "$HERE/setup.sh"
rm -f $L/routes.raw.json
cd $A
unshare --net -- bash -c "ip link set lo up
  timeout 120 node '$HERE/drive/index.cjs' --config '$HERE/drive/app-config.yaml' --dump-routes $L/routes.raw.json" > $L/routes-dump.log 2>&1
test -s $L/routes.raw.json
V=$(node -p "require('$A/node_modules/@backstage/backend-defaults/package.json').version")
C=$(node -p "require('$A/node_modules/@backstage/plugin-catalog-backend/package.json').version")
node "$HERE/drive/dump2routes.cjs" $L/routes.raw.json | grep -v '^$' > $L/routes.walk.txt
{
  echo "# Backstage backend (npm @backstage/backend-defaults $V, plugin-catalog-backend $C, scaffolder, search, auth +"
  echo "# guest provider, permission + allow-all policy, proxy) - route table of the running Express 4 app, generated"
  echo "# by routes.sh: walk of the root app's router stack (drive/index.cjs --dump-routes, drive/dump2routes.cjs), plus"
  echo "# the manual section at the end. Every GET route also answers HEAD (Express 4), written beside it."
  echo
  echo "# --- from the router walk ---"
  sed -E 's#^GET (.*)$#GET \1\nHEAD \1#' $L/routes.walk.txt | sort -u | sort -k2,2 -k1,1
  cat <<'MANUAL'

# --- manual: not route layers ---
# proxy-backend (drive/app-config.yaml proxy.endpoints): its router dispatches to an inner Router it keeps in a
# closure (router.use((...args) => currentRouter(...args)), rebuilt on config change), so the walk cannot see the
# endpoints. Each endpoint is router.use(route, pathGuard, httpProxyMiddleware): every method, the endpoint itself
# and everything below it, forwarded to the lab's local upstream on 127.0.0.1:17008 (python3 -m http.server in record.sh, files from drive/upstream).
* /api/proxy/status-board
* /api/proxy/status-board/{path*}
* /api/proxy/artifacts
* /api/proxy/artifacts/{path*}
# app-backend (the frontend): its router is mounted at /api/app and at /. Its SPA fallback is the route GET /*
# (index.html for every GET that nothing before it answered: the walk's GET /{wild*} and GET /api/app/{wild*});
# Express's "/*" also matches the bare mount, so "/" and "/api/app" themselves:
GET /
HEAD /
GET /api/app
HEAD /api/app
# express.static mounts (dump2routes --static): the hashed bundles under /static (a missing file there is the static
# router's 404, not the fallback); the static mount at the app's root is covered by GET /{wild*}
MANUAL
  for p in $(node "$HERE/drive/dump2routes.cjs" $L/routes.raw.json --static | grep -v '^$' | grep -vx '/api/app'); do
    printf 'GET %s\nHEAD %s\nGET %s/{file*}\nHEAD %s/{file*}\n' $p $p $p $p
  done
} > "$HERE/routes.txt"
grep -vc '^#\|^$' "$HERE/routes.txt" | sed 's/^/routes: /'
