#!/usr/bin/env bash
# The real podman remote client (Podman 4.3.1, `podman --url tcp://127.0.0.1:$PORT ...`, libpod API under /v4.3.1,
# one GET /_ping per invocation) used as a platform team does: images imported and built locally (no registry),
# tagged in several naming styles, containers, pods, volumes, networks, secrets, manifest lists, kube YAML, system
# commands, and the mistakes people make (typos, bad names, missing objects). Phase "main" or "cleanup".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
W=$B/work/cli; mkdir -p "$W"
p() { echo "+ podman $*"; podman --url "$URL" "$@"; local rc=$?; [ $rc -ne 0 ] && echo "  (exit $rc)"; return 0; }
pq() { p "$@" >/dev/null 2>&1; echo "+ podman $* (quiet)"; }

main() {
  # --- what is this host
  p version
  p info --format '{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}} {{.Host.CgroupManager}}'
  p images
  # --- images: import the team's base image, tag it in the registries' styles, build on top of it
  p import --change 'CMD ["/bin/tiny"]' --message 'tiny base, 2026-12' "$IMG/tiny-rootfs.tar.gz" localhost/team-a/web:1.2
  p tag localhost/team-a/web:1.2 localhost/team-a/web:latest
  p tag localhost/team-a/web:1.2 registry.example.com/payments/api:v3.1.0
  p tag localhost/team-a/web:1.2 quay.io/acme/worker:0.9
  p tag localhost/team-a/web:1.2 localhost/internal/tools/builder:2026.12
  p tag localhost/team-a/web:1.2 ghcr.io/octo-org/data_pipeline:nightly-20261201
  p tag localhost/team-a/web:1.2 localhost/reportGenerator:2.0.1-rc1
  p tag localhost/team-a/web:1.2 localhost/Team-B/frontend:dev          # capitals: refused
  p tag localhost/team-a/web:1.2 localhost/team-b/frontend:dev
  p images --filter reference='localhost/team-a/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
  p image inspect localhost/team-a/web:1.2 --format '{{.Id}} {{.Config.Cmd}}'
  p image inspect localhost/team-a/wbe:1.2                                  # typo
  p image history localhost/team-a/web:1.2
  p image tree localhost/team-a/web:1.2
  p image exists localhost/internal/tools/builder:2026.12; echo "  exists=$?"
  mkdir -p "$W/ctx-web" "$W/ctx-cron"
  printf 'FROM localhost/team-a/web:1.2\nLABEL org.opencontainers.image.title="web" org.opencontainers.image.version="1.3.0"\nCOPY app.conf /etc/app.conf\nENV APP_ENV=staging\n' > "$W/ctx-web/Containerfile"
  printf 'listen=0.0.0.0:8080\nworkers=4\nlog_level=info\n' > "$W/ctx-web/app.conf"
  p build -t localhost/team-a/web:1.3 -t localhost/team-a/web:staging "$W/ctx-web"
  printf 'FROM docker.io/library/busybox:1.36\nLABEL maintainer="ops@example.com"\nCOPY crontab /etc/crontabs/root\nCMD ["sleep", "3600"]\n' > "$W/ctx-cron/Containerfile"
  printf '*/5 * * * * /usr/local/bin/rotate-logs\n0 3 * * * /usr/local/bin/backup --target s3\n' > "$W/ctx-cron/crontab"
  p build -t localhost/ops/cron_runner:2026.12.07 "$W/ctx-cron"
  p build -t localhost/ops/broken:1 -f "$W/ctx-cron/Containerfile.missing" "$W/ctx-cron"   # wrong file name
  p image inspect localhost/team-a/web:1.3 --format '{{.Labels}} {{.Config.Env}}'
  p image diff localhost/team-a/web:1.3
  p image untag localhost/team-a/web:1.2 localhost/team-b/frontend:dev
  p image untag ghcr.io/octo-org/data_pipeline:nightly-20261201 ghcr.io/octo-org/data_pipeline:nightly-20261201
  p image rm localhost/reportGenerator:2.0.1-rc1
  p image save -o "$W/web-1.2.tar" localhost/team-a/web:1.2
  p image load -i "$W/web-1.2.tar"
  p pull localhost:5000/team-a/web:1.4                                       # no registry there
  p push localhost/team-a/web:1.2 docker://localhost:5000/team-a/web:1.2    # nor to push to
  p search --limit 3 busybox
  p image prune -f
  # --- volumes
  p volume create pg-data
  p volume create --label team=payments --label tier=db redis_cache
  p volume create --label dashboard=grafana grafanaStorage
  p volume create --opt o=size=64m scratch-quota                             # no project quota on this filesystem
  p volume create backups.2026-12
  p volume create pg-data                                                    # exists already
  p volume ls
  p volume inspect pg-data
  p volume inspect redis_cache --format '{{.Labels}}'
  p volume inspect pg_data                                                   # typo
  p volume exists backups.2026-12; echo "  exists=$?"
  # --- networks (configuration only: the containers run in the host's namespace here)
  p network create frontend-net
  p network create --subnet 10.89.20.0/24 --label env=staging payments_backend
  p network create --internal metricsInternal
  p network create --subnet 10.89.20.0/24 overlapping-net                   # subnet in use
  p network ls
  p network inspect payments_backend
  p network inspect frontendnet                                              # typo
  p network exists metricsInternal; echo "  exists=$?"
  # --- secrets
  printf 's3cr3t-pg-pass' > "$W/pg.txt"
  p secret create pg_password "$W/pg.txt"
  printf 'sk_live_51Hx...' > "$W/stripe.txt"
  p secret create --label app=payments stripe-api-key "$W/stripe.txt"
  printf '{"user":"deploy"}' > "$W/reg.json"
  p secret create registry.auth.json "$W/reg.json"
  p secret ls
  p secret inspect stripe-api-key
  p secret inspect stripe_api_key                                            # typo
  # --- containers
  p create --name web-frontend --label app=web --label team=team-a --stop-timeout 2 -e APP_ENV=prod localhost/team-a/web:1.3
  p create --name api_gateway --label app=gateway --stop-timeout 2 -v pg-data:/data localhost/team-a/web:1.2
  p create --name paymentWorker --label app=payments --stop-timeout 2 --secret pg_password registry.example.com/payments/api:v3.1.0
  p create --name redis.cache-01 --stop-timeout 2 -v redis_cache:/data quay.io/acme/worker:0.9
  p create --name db-primary --stop-timeout 2 --health-cmd 'cat /srv/app.conf' --health-interval 0 docker.io/library/busybox:1.36 sleep 3600
  p create --name job-2026-12-07 --stop-timeout 1 docker.io/library/busybox:1.36 sh -c 'echo report done; date'
  p create --name web-frontend localhost/team-a/web:1.3                      # name in use
  p create --name ghost-app localhost/team-a/nope:9                          # image not known
  p ps -a
  p ps -a --filter label=app=payments --format '{{.Names}} {{.Status}}'
  p start web-frontend api_gateway redis.cache-01 db-primary
  p start job-2026-12-07
  p wait job-2026-12-07
  p logs job-2026-12-07
  p start --attach job-2026-12-07                                             # run the report again, attached
  p ps
  p inspect web-frontend --format '{{.State.Status}} {{.Config.Env}}'
  p container inspect api_gateway --format '{{range .Mounts}}{{.Name}} {{.Destination}}{{end}}'
  p container inspect web_frontend                                           # typo
  p top web-frontend
  p stats --no-stream --format '{{.Name}} {{.MemUsage}}'
  p exec db-primary cat /srv/app.conf
  p exec -e DEBUG=1 db-primary sh -c 'env | wc -l; hostname'
  p exec redis.cache-01 /bin/sh -c 'echo hi'                                 # no shell in that image
  p healthcheck run db-primary
  p healthcheck run web-frontend                                             # no healthcheck defined
  printf 'maintenance=false\n' > "$W/flags.conf"
  p cp "$W/flags.conf" db-primary:/tmp/flags.conf
  p cp db-primary:/srv/app.conf "$W/app.conf.copy"
  p exec db-primary cat /tmp/flags.conf
  p diff db-primary
  p port web-frontend
  p pause web-frontend
  p unpause web-frontend
  p rename redis.cache-01 redis-cache-01
  p rename paymentWorker payment_worker_v2
  p rename ghostContainer ghost2                                             # no such container
  p container exists payment_worker_v2; echo "  exists=$?"
  p update --cpu-shares 512 --memory 256m web-frontend
  p restart -t 1 web-frontend
  p stop -t 1 api_gateway
  p kill redis-cache-01
  p init payment_worker_v2
  p container checkpoint db-primary                                          # CRIU: fails in this sandbox
  p container restore db-primary                                             # nothing to restore
  p commit -q --change 'LABEL snapshot=2026-12-07' db-primary localhost/ops/db-primary-snapshot:2026-12-07
  p container export -o "$W/web-frontend.tar" web-frontend
  p network connect frontend-net api_gateway
  p network disconnect frontend-net api_gateway
  p generate kube web-frontend
  p generate systemd --name --new db-primary
  # --- pods
  p pod create --name billing-api --label team=payments
  p pod create --name analytics_pipeline
  p pod create --name nightlyReports
  p pod create --name billing-api                                            # exists already
  p create --pod billing-api --name billing-api-web --stop-timeout 1 localhost/team-a/web:1.2
  p create --pod billing-api --name billing-api-sidecar --stop-timeout 1 docker.io/library/busybox:1.36 sleep 3600
  p create --pod analytics_pipeline --name etl.extract --stop-timeout 1 localhost/internal/tools/builder:2026.12
  p pod ps
  p pod start billing-api
  p pod start analytics_pipeline
  p pod inspect billing-api --format '{{.State}} {{len .Containers}}'
  p pod inspect billing_api                                                  # typo
  p pod top billing-api
  p pod stats --no-stream billing-api
  p pod exists nightlyReports; echo "  exists=$?"
  p pod pause analytics_pipeline
  p pod unpause analytics_pipeline
  p pod restart billing-api
  p pod stop -t 1 analytics_pipeline
  p pod kill billing-api
  p pod rm nightlyReports
  p pod rm ghost-pod                                                          # no such pod
  p generate kube billing-api
  cat > "$W/reports.yaml" <<'EOY'
apiVersion: v1
kind: Pod
metadata:
  name: reports-batch
  labels:
    team: analytics
spec:
  containers:
  - name: renderer
    image: localhost/team-a/web:1.2
  - name: uploader
    image: quay.io/acme/worker:0.9
EOY
  p play kube "$W/reports.yaml"
  p pod ps --format '{{.Name}} {{.Status}}'
  p play kube --down "$W/reports.yaml"
  # --- manifest lists
  p manifest create localhost/multi/web-app:v2
  p manifest add localhost/multi/web-app:v2 containers-storage:localhost/team-a/web:1.2
  p manifest add localhost/multi/web-app:v2 containers-storage:localhost/team-a/web:1.3
  p manifest inspect localhost/multi/web-app:v2
  p manifest create localhost/release_bundle:2026.12
  p manifest inspect localhost/release-bundle:2026.12                        # typo
  p manifest push localhost/multi/web-app:v2 docker://localhost:5000/multi/web-app:v2   # no registry
  # --- system
  p system df
  p events --stream=false --since 5m --filter type=container --format '{{.Status}} {{.Name}}'
}

cleanup() {
  p stop -t 1 -a
  p rm web-frontend
  p rm -f db-primary
  p rm -f -a
  p pod rm -f -a
  p volume rm grafanaStorage
  p volume rm -f pg-data
  p volume prune -f
  p network rm metricsInternal
  p network rm frontend-net payments_backend
  p network prune -f
  p secret rm registry.auth.json
  p secret rm pg_password stripe-api-key
  p manifest rm localhost/multi/web-app:v2
  p rmi localhost/team-a/web:staging
  p rmi quay.io/acme/worker:0.9
  p rmi localhost/ops/db-primary-snapshot:2026-12-07
  p rmi localhost/ops/cron_runner:2026.12.07
  p system prune -f
  p image prune -a -f
  p system df
}

case "${1:-main}" in main) main ;; cleanup) cleanup ;; *) echo "usage: $0 main|cleanup" >&2; exit 2 ;; esac
