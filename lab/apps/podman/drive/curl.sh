#!/usr/bin/env bash
# curl on Podman's API as its docs show (pkg/api/server/docs.go quick examples, with TCP instead of the unix socket:
# `curl http://d/v4.0.0/libpod/info`, `curl -XPOST 'http://d/v4.0.0/images/create?fromImage=...'`,
# `curl 'http://d/v4.0.0/libpod/images/json' | jq`), the compat API as Docker's docs show it, an operator's one-off
# checks, wrong methods, and (phase probes) scanner-style requests that hit no route.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
W=$B/work/curl; mkdir -p "$W"
c() { echo "+ curl $*"; curl -sS -o "$W/last.out" -w '  -> %{http_code} (%{size_download} bytes)\n' "$@"; return 0; }

docs() {
  c "$API/_ping"
  c -I "$API/_ping"
  c "$API/libpod/_ping"
  c "$API/v4.0.0/libpod/info"
  c -XPOST "$API/v4.0.0/images/create?fromImage=localhost%3A5000%2Fcontainers%2Fpodman"   # the docs' pull, from a registry that is not there
  c "$API/v4.0.0/libpod/images/json"
  c "$API/v4.3.1/libpod/version"
  c "$API/v4.3.1/libpod/containers/json?all=true&size=true"
  c "$API/v4.3.1/libpod/containers/web-frontend/json"
  c "$API/v4.3.1/libpod/containers/web-frontend/exists"
  c "$API/v4.3.1/libpod/containers/db-primary/healthcheck"
  c -XPOST "$API/v4.3.1/libpod/containers/db-primary/init"
  c "$API/v4.3.1/libpod/containers/showmounted"
  c "$API/v4.3.1/libpod/containers/db-primary/logs?stdout=true&stderr=true&tail=3"
  c "$API/v4.3.1/libpod/containers/db-primary/stats?stream=false"
  c -XPOST "$API/v4.3.1/libpod/containers/db-primary/resize?h=40&w=120"
  c -XPOST "$API/v4.3.1/libpod/containers/db-primary/mount"
  c -XPOST "$API/v4.3.1/libpod/containers/db-primary/unmount"
  c "$API/v4.3.1/libpod/images/localhost%2Fteam-a%2Fweb:1.3/json"
  c "$API/v4.3.1/libpod/images/localhost/team-a/web:1.3/tree"
  c "$API/v4.3.1/libpod/images/localhost%2Fteam-a%2Fweb:1.3/changes"
  c "$API/v4.3.1/libpod/images/localhost/team-a/web:1.2/get?format=oci-archive"
  c -XPOST "$API/v4.3.1/libpod/images/localhost%2Fteam-a%2Fweb:1.3/tag?repo=localhost%2Fteam-a%2Fweb&tag=release-candidate"
  c -XPOST "$API/v4.3.1/libpod/images/localhost%2Fteam-a%2Fweb:release-candidate/untag?repo=localhost%2Fteam-a%2Fweb&tag=release-candidate"
  c "$API/v4.3.1/libpod/images/search?term=busybox&limit=3"
  c "$API/v4.3.1/libpod/pods/billing-api/json"
  c "$API/v4.3.1/libpod/pods/stats?namesOrIDs=billing-api"
  c "$API/v4.3.1/libpod/volumes/redis_cache/exists"
  c "$API/v4.3.1/libpod/networks/frontend-net/json"
  c "$API/v4.3.1/libpod/manifests/localhost%2Fmulti%2Fweb-app:v2/json"
  c "$API/v4.3.1/libpod/manifests/localhost/multi/web-app:v2/exists"
  c -XDELETE "$API/v4.3.1/libpod/manifests/localhost%2Frelease_bundle:2026.12"
  c "$API/v4.3.1/libpod/swagger"
  c "$API/v4.3.1/libpod/events?stream=false&since=1m&filters=%7B%22type%22%3A%5B%22image%22%5D%7D"
  c "$API/v4.3.1/libpod/system/df"
  # the compat API, as Docker's API docs show it
  c "$API/v1.41/version"
  c "$API/version"
  c "$API/info"
  c "$API/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22app%3Dweb%22%5D%7D"
  c "$API/v1.41/containers/web-frontend/top"
  c "$API/v1.41/containers/web-frontend/logs?stdout=1&tail=5"
  c "$API/v1.41/containers/db-primary/stats?stream=false"
  c -I "$API/v1.41/containers/db-primary/archive?path=/srv/app.conf"
  c "$API/v1.41/containers/db-primary/archive?path=/srv/app.conf"
  c "$API/v1.41/containers/payment_worker_v2/export"
  c "$API/v1.41/containers/db-primary/changes"
  c "$API/v1.41/images/localhost/team-a/web:1.3/json"
  c "$API/v1.41/images/localhost%2Fteam-a%2Fweb:1.3/history"
  c -XPOST "$API/v1.41/images/localhost/team-a/web:1.3/tag?repo=localhost/team-a/web&tag=hotfix-1"
  c -XDELETE "$API/v1.41/images/localhost/team-a/web:hotfix-1"
  c "$API/v1.41/images/search?term=redis&limit=2"
  c "$API/v1.41/distribution/localhost/team-a/web:1.3/json"
  c "$API/v1.41/plugins"
  c "$API/v1.41/configs/nginx-site.conf"
  c "$API/v1.41/events?since=$(( $(date +%s) - 120 ))&until=$(date +%s)"
  c -XPOST "$API/v1.41/containers/create?name=curl-made_box" -H 'Content-Type: application/json' \
    -d '{"Image":"docker.io/library/busybox:1.36","Cmd":["sleep","600"],"Labels":{"made-by":"curl"},"StopTimeout":1}'
  c -XPOST "$API/v1.41/containers/curl-made_box/start"
  c -XPOST "$API/v1.41/containers/curl-made_box/exec" -H 'Content-Type: application/json' \
    -d '{"Cmd":["cat","/etc/passwd"],"AttachStdout":true}'
  EID=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' "$W/last.out")
  c -XPOST "$API/v1.41/exec/$EID/start" -H 'Content-Type: application/json' -d '{"Detach":false,"Tty":false}'
  c "$API/v1.41/exec/$EID/json"
  c -XPOST "$API/v1.41/exec/$EID/resize?h=24&w=80"
  c -XPOST "$API/v1.41/containers/curl-made_box/resize?h=24&w=80"
  c -XPOST "$API/v1.41/containers/curl-made_box/pause"
  c -XPOST "$API/v1.41/containers/curl-made_box/unpause"
  c -XPOST "$API/v1.41/containers/curl-made_box/kill?signal=SIGKILL"
  c -XPOST "$API/v1.41/containers/curl-made_box/wait"
  c -XPOST "$API/v1.41/containers/curl-made_box/rename?name=curl-made-box"
  c -XDELETE "$API/v1.41/containers/curl-made-box?v=1"
  c -XPOST "$API/v1.41/volumes/create" -H 'Content-Type: application/json' -d '{"Name":"scratch_vol-7","Labels":{"made-by":"curl"}}'
  c "$API/v1.41/volumes/scratch_vol-7"
  c -XDELETE "$API/v1.41/volumes/scratch_vol-7"
  c -XPOST "$API/v1.41/networks/create" -H 'Content-Type: application/json' -d '{"Name":"curl.net","Labels":{"made-by":"curl"}}'
  c "$API/v1.41/networks/curl.net"
  c -XDELETE "$API/v1.41/networks/curl.net"
  c -XPOST "$API/v1.41/commit?container=db-primary&repo=localhost/ops/db-primary&tag=curl-snap"
  c -XDELETE "$API/v1.41/images/localhost/ops/db-primary:curl-snap"
  # mistakes
  c -XPOST "$API/v1.41/containers/create" -H 'Content-Type: application/json' -d '{"Image": }'
  c "$API/v1.41/containers/db_primary/json"
  c "$API/v4.3.1/libpod/volumes/pgdata/json"
  c -XPUT "$API/v4.3.1/libpod/containers/json"          # wrong method
  c -XPOST "$API/v1.41/info"                            # wrong method
  c -XDELETE "$API/v4.3.1/libpod/images/json"           # DELETE of an image named "json"
}

probes() {
  for p in /.env /wp-login.php /.git/config /phpmyadmin/index.php /server-status /actuator/health /cgi-bin/luci \
           /.aws/credentials /v2/_catalog /console/ /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php; do
    c "$API$p"
  done
  c -XPOST "$API/wp-login.php" -d 'log=admin&pwd=admin'
  c -XPOST "$API/xmlrpc.php" -H 'Content-Type: text/xml' -d '<methodCall><methodName>system.listMethods</methodName></methodCall>'
}

case "${1:-docs}" in docs) docs ;; probes) probes ;; *) echo "usage: $0 docs|probes" >&2; exit 2 ;; esac
