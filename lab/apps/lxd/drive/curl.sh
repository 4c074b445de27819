#!/usr/bin/env bash
# curl as LXD's REST API docs show it (doc/rest-api.md: `curl --unix-socket /var/lib/lxd/unix.socket lxd/1.0`), here on
# the TCP bridge (the docs' Host "lxd" kept), plus an ops engineer's one-liners.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
c() { curl -s -o /dev/null -w "%{http_code} $*\n" -H 'Host: lxd' "$@"; }
c $BASE/
c $BASE/1.0
c "$BASE/1.0/instances?recursion=1"
c "$BASE/1.0/instances/web-frontend-01"
c -X PUT -d '{"action":"start","timeout":30}' $BASE/1.0/instances/web-frontend-01/state
c "$BASE/1.0/instances/web-frontend-01/state"
c -X PATCH -d '{"config":{"user.oncall":"maria"}}' $BASE/1.0/instances/web-frontend-01
c "$BASE/1.0/images/aliases/alpine/3.18"
c "$BASE/1.0/images/aliases/debian/12/cloud"
c "$BASE/1.0/images?recursion=1&filter=properties.os%20eq%20alpine"
c "$BASE/1.0/storage-pools/default/volumes/custom/pgdata-01"
c "$BASE/1.0/networks/lxdbr0/leases"
c "$BASE/1.0/projects/ml-research"
c "$BASE/1.0/instances?project=ml-research"
c "$BASE/1.0/metrics"
c "$BASE/1.0/operations"
c -X POST -d '{"name":"web-frontend-01"}' $BASE/1.0/instances/web-frontend-01
c "$BASE/1.0/instances/nginx-proxy"
c -X DELETE $BASE/1.0/instances/web-frontend-01/snapshots/no-such-snap
c "$BASE/1.0/profiles/web-tier"
