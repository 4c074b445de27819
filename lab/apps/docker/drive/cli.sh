#!/usr/bin/env bash
# The real Docker CLI (Debian docker.io 20.10.24, /usr/bin/docker) against the daemon's TCP socket.
# The CLI negotiates the API version with HEAD/GET /_ping and prefixes paths with /v1.41/.
set -uo pipefail
export DOCKER_HOST=${DOCKER_HOST:-tcp://127.0.0.1:23750}
D=/usr/bin/docker
B=/tmp/shadowtap-lab/docker
q() { echo "+ docker $*"; "$D" "$@" >/dev/null 2>&1 || echo "  (exit $?)"; }

q version; q info; q system df
"$D" import -m "busybox rootfs" "$B/rootfs.tar" acme/web:1.2 >/dev/null
for t in acme/web:latest acme/worker:0.9 library/alpine:3 busybox:1.36 internal/tools/builder:2026.12 payments/api:v3.1.0; do
  q tag acme/web:1.2 "$t"
done
q images; q images -a; q images acme/web; q images --filter reference='acme/*'; q images --filter dangling=true
for i in acme/web:1.2 library/alpine:3 internal/tools/builder:2026.12 payments/api:v3.1.0 busybox:1.36; do
  q image inspect "$i"; q image history "$i"
done
q image inspect nosuch/image:0.0

for v in pgdata redis-cache acme-uploads build-cache; do q volume create --label team=acme "$v"; done
q volume ls; q volume ls --filter label=team=acme; q volume inspect pgdata redis-cache
q network create --label team=acme acme-backend; q network create --internal --driver bridge payments-net
q network ls; q network inspect acme-backend; q network inspect none; q network ls --filter driver=bridge; q network ls --filter label=team=acme

n=0
for spec in "web-1 acme/web:1.2" "web-2 acme/web:1.2" "worker-1 acme/worker:0.9" "builder internal/tools/builder:2026.12" "pay-api payments/api:v3.1.0" "alpine-shell library/alpine:3"; do
  set -- $spec; n=$((n+1))
  q create --name "$1" --label app=acme --label idx=$n -e ENV=prod -v pgdata:/data --network none "$2" /bin/sh -c "echo hello from $1; sleep 3600"
done
q ps; q ps -a; q ps -a --filter label=app=acme; q ps -a --filter name=web; q ps -aq; q ps -a --filter status=created; q ps -a --format '{{.Names}}' --no-trunc
for c in web-1 web-2 worker-1 builder pay-api alpine-shell; do
  q inspect "$c"; q container inspect --size "$c"; q logs "$c"; q logs --tail 5 --timestamps "$c"; q port "$c"; q diff "$c"
done
q rename worker-1 worker-primary; q rename alpine-shell shell
q update --restart unless-stopped web-1; q update --restart no web-2
q start web-1; q start pay-api; q top web-1; q stats --no-stream web-1; q exec web-1 echo hi; q pause web-1; q unpause web-1
q stop -t 1 web-1; q stop -t 1 pay-api; q restart -t 1 web-2; q kill web-2; q wait web-2
q commit builder internal/tools/builder:snapshot; q export -o /dev/null shell; q cp web-1:/etc/passwd /tmp/shadowtap-lab/docker/passwd.copy
q save -o /dev/null busybox:1.36
q inspect does-not-exist; q logs ghost-container; q rm ghost-container; q volume inspect no-such-volume; q network inspect no-such-net
q system events --since 2026-01-01T00:00:00 --until "$(date -u +%Y-%m-%dT%H:%M:%S)"
q events --filter type=container --since 10m --until 1s
for c in web-1 web-2 worker-primary builder pay-api shell; do q rm -f "$c"; done
q container prune -f
q rmi payments/api:v3.1.0 busybox:1.36 internal/tools/builder:snapshot
q image prune -f
q volume rm build-cache acme-uploads; q volume prune -f
q network rm payments-net; q network prune -f
q plugin ls; q swarm unlock-key 2>/dev/null; q node ls; q service ls; q secret ls; q config ls
q system df -v; q ps -a; q images; q volume ls; q network ls
