#!/usr/bin/env bash
# The lxc CLI (Debian lxd-client 5.0.2) as a small platform team uses it, through the recorded bridge:
# LXD_DIR=$CLIENT makes lxc use $CLIENT/unix.socket, a socat bridge to 127.0.0.1:18443 (plain HTTP/1.1 on lo).
# Phase $1: main (projects, profiles, storage, images, instances, networks, ACLs, zones, operations, ...) or cleanup.
# Every command's exit status goes to $STATE/cli.log; failures are real answers of the daemon and are kept.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
export LXD_DIR=$CLIENT LXD_CONF=$CLIENT/conf
STATE=${STATE:-$L/state}; mkdir -p "$STATE"
x() { local rc; "$@" > "$STATE/last.out" 2>&1; rc=$?; echo "$rc $*" >> "$STATE/cli.log"; [ $rc -ne 0 ] && { echo "rc=$rc: $*"; tail -2 "$STATE/last.out"; }; return 0; }
yml() { local in=$1; shift; "$@" < "$in" > "$STATE/last.out" 2>&1; echo "$? $* < $(basename "$in")" >> "$STATE/cli.log"; }
W=$L/work; mkdir -p $W
# two client certificates for `lxc config trust add` (made before the recording by record.sh, not here)

main() {
  # --- first look at a fresh server
  x lxc version
  x lxc info
  x lxc info --resources
  x lxc config show
  x lxc config set images.remote_cache_expiry 5
  x lxc config set core.remote_token_expiry 1h
  x lxc config get images.remote_cache_expiry
  x lxc storage list
  x lxc storage show default
  x lxc network list
  x lxc profile list
  x lxc project list
  x lxc remote list

  # --- images: import the team's base images (small, built locally), aliases with slashes as image servers name them
  x lxc image import $IMG/alpine-3.18.meta.tar.gz $IMG/alpine-3.18.rootfs.tar.gz --alias alpine/3.18 --alias alpine/3.18/amd64
  x lxc image import $IMG/debian-12-cloud.tar.gz --alias debian/12/cloud --alias debian/bookworm/cloud
  x lxc image list
  x lxc image list alpine --format csv
  x lxc image info alpine/3.18
  x lxc image info debian/12/cloud
  x lxc image show debian/12/cloud
  x lxc image alias list
  ALP=$(lxc image info alpine/3.18 | awk '/^Fingerprint/{print $2}'); DEB=$(lxc image info debian/12/cloud | awk '/^Fingerprint/{print $2}')
  x lxc image alias create alpine/edge $ALP
  x lxc image alias create base/web $DEB
  x lxc image alias rename alpine/edge alpine/latest
  x lxc image alias list alpine/
  x lxc image set-property alpine/3.18 maintainer platform-team@example.com
  x lxc image set-property debian/12/cloud ticket OPS-4412
  x lxc image get-property debian/12/cloud os
  x lxc image unset-property debian/12/cloud ticket
  lxc image show alpine/3.18 | sed 's/^auto_update: false/auto_update: false/; s/^public: false/public: true/' > $W/img.yaml
  yml $W/img.yaml lxc image edit alpine/3.18
  x lxc image info no-such/image
  x lxc image export alpine/3.18 $W/alpine-export

  # --- storage: a second pool and custom volumes
  x lxc storage create fast-ssd dir
  x lxc storage info default
  x lxc storage info fast-ssd
  for v in pgdata-01 redis-aof shared-assets build-cache; do x lxc storage volume create default $v; done
  x lxc storage volume create fast-ssd ml-datasets
  x lxc storage volume create fast-ssd scratch-tmp
  x lxc storage volume set default pgdata-01 user.owner dba-team
  x lxc storage volume set default pgdata-01 snapshots.expiry 2w
  x lxc storage volume set default shared-assets security.shifted true
  x lxc storage volume get default pgdata-01 user.owner
  x lxc storage volume unset default pgdata-01 snapshots.expiry
  x lxc storage volume show default pgdata-01
  x lxc storage volume list default
  x lxc storage volume list fast-ssd
  x lxc storage volume info default pgdata-01
  x lxc storage volume snapshot default pgdata-01 pre-migration
  x lxc storage volume snapshot default pgdata-01 nightly-2023-12-01
  x lxc storage volume snapshot default redis-aof hourly-0900
  x lxc storage volume rename default pgdata-01/nightly-2023-12-01 pgdata-01/nightly-20231201
  x lxc storage volume show default pgdata-01/pre-migration
  x lxc storage volume restore default pgdata-01 pre-migration
  x lxc storage volume info default pgdata-01
  x lxc storage volume copy default/build-cache fast-ssd/build-cache-copy
  x lxc storage volume move default/shared-assets fast-ssd/shared-assets
  x lxc storage volume rename fast-ssd scratch-tmp scratch-ci
  x lxc storage volume export default redis-aof $W/redis-aof.tar.gz
  x lxc storage volume show default missing-volume

  # --- profiles
  x lxc profile create web-tier
  x lxc profile create db-tier
  x lxc profile create ci-ephemeral
  x lxc profile create limits-small
  x lxc profile set web-tier boot.autostart true
  x lxc profile set web-tier environment.APP_ENV production
  x lxc profile set web-tier user.team web
  x lxc profile set db-tier limits.memory 2GiB
  x lxc profile set db-tier security.protection.delete true
  x lxc profile set limits-small limits.cpu 1
  x lxc profile set limits-small limits.processes 500
  x lxc profile device add web-tier app-logs disk source=$W path=/srv/hostlogs
  x lxc profile device add db-tier pgdata disk pool=default source=pgdata-01 path=/var/lib/postgresql
  x lxc profile device add ci-ephemeral build-cache disk pool=default source=build-cache path=/cache
  x lxc profile device remove web-tier app-logs
  x lxc profile device list db-tier
  x lxc profile device show db-tier
  x lxc profile copy limits-small limits-medium
  x lxc profile set limits-medium limits.cpu 4
  x lxc profile rename limits-medium limits-large
  x lxc profile show web-tier
  printf 'config:\n  environment.APP_ENV: production\n  user.team: web\n  boot.autostart: "true"\ndescription: web tier (nginx + app)\ndevices: {}\n' > $W/web-tier.yaml
  yml $W/web-tier.yaml lxc profile edit web-tier
  x lxc profile list
  x lxc profile get db-tier limits.memory
  x lxc profile unset db-tier security.protection.delete

  # --- instances in the default project
  x lxc init alpine/3.18 web-frontend-01 -p default -p web-tier
  x lxc init alpine/3.18 web-frontend-02 -p default -p web-tier
  x lxc init debian/12/cloud db-postgres-01 -p default -p db-tier
  x lxc init debian/12/cloud cache-redis-01 -p default
  x lxc launch alpine/latest ci-runner-01 -p default -p ci-ephemeral -c user.pipeline=nightly-build
  x lxc list
  x lxc list web-
  x lxc list status=running
  x lxc list -c ns4tSP --format csv
  x lxc list --format json
  x lxc config set web-frontend-01 environment.UPSTREAM http://10.118.40.20:8080
  x lxc config set web-frontend-01 user.app.version 2.14.3
  x lxc config set db-postgres-01 limits.cpu 2
  x lxc config set db-postgres-01 boot.autostart.priority 10
  x lxc config set cache-redis-01 security.nesting false
  x lxc config unset web-frontend-01 user.app.version
  x lxc config get db-postgres-01 limits.cpu
  x lxc config show web-frontend-01
  x lxc config show db-postgres-01 --expanded
  x lxc config device add cache-redis-01 aof disk pool=default source=redis-aof path=/var/lib/redis
  x lxc config device add web-frontend-01 http proxy listen=tcp:127.0.0.1:28080 connect=tcp:127.0.0.1:80
  x lxc config device add web-frontend-02 assets disk pool=fast-ssd source=shared-assets path=/srv/assets
  x lxc config device set cache-redis-01 aof readonly=false
  x lxc config device override web-frontend-02 eth0 ipv4.address=10.118.40.12
  x lxc config device list web-frontend-01
  x lxc config device show cache-redis-01
  x lxc config device remove web-frontend-01 http
  x lxc storage volume attach default build-cache web-frontend-02 /var/cache/build
  x lxc storage volume detach default build-cache web-frontend-02
  x lxc config metadata show db-postgres-01
  x lxc config template list db-postgres-01
  x lxc config template show db-postgres-01 hostname.tpl
  x lxc config template create db-postgres-01 pg-hba.tpl
  x lxc config template delete db-postgres-01 pg-hba.tpl
  x lxc start web-frontend-01 db-postgres-01
  x lxc start cache-redis-01
  x lxc list status=running -c ns4
  x lxc info web-frontend-01
  x lxc exec web-frontend-01 -- /bin/healthcheck
  x lxc exec db-postgres-01 -- /bin/healthcheck
  x lxc exec ci-runner-01 --env CI=true -- /bin/healthcheck
  x lxc exec cache-redis-01 -- /bin/redis-cli ping
  echo 'worker_processes 2;' > $W/nginx.conf
  x lxc file push $W/nginx.conf web-frontend-01/srv/app/nginx.conf
  x lxc file push $W/nginx.conf web-frontend-02/srv/app/nginx.conf
  x lxc file pull web-frontend-01/etc/os-release $W/os-release
  x lxc file pull db-postgres-01/srv/app/instance.env $W/instance.env
  x lxc file pull db-postgres-01/etc/hostname $W/hostname
  x lxc file delete web-frontend-02/srv/app/nginx.conf
  x lxc file pull web-frontend-01/etc/shadow-missing $W/x
  x lxc info web-frontend-01 --show-log
  x lxc console web-frontend-01 --show-log
  x lxc pause cache-redis-01
  x lxc start cache-redis-01
  x lxc restart web-frontend-01 --timeout 10
  x lxc snapshot web-frontend-01 before-upgrade
  x lxc stop web-frontend-01
  x lxc snapshot web-frontend-01 before-upgrade
  x lxc snapshot db-postgres-01 pre-vacuum
  x lxc snapshot db-postgres-01 nightly-20231201
  x lxc snapshot web-frontend-02
  x lxc info db-postgres-01
  x lxc config show db-postgres-01/pre-vacuum
  x lxc rename web-frontend-02/snap0 web-frontend-02/golden
  x lxc restore web-frontend-02 golden
  x lxc delete db-postgres-01/nightly-20231201
  x lxc stop web-frontend-01
  x lxc restore web-frontend-01 before-upgrade
  x lxc copy web-frontend-02 web-frontend-03
  x lxc copy db-postgres-01/pre-vacuum db-postgres-restore-test
  x lxc move web-frontend-03 web-frontend-canary
  x lxc rename cache-redis-01 cache-redis-01
  x lxc stop cache-redis-01
  x lxc rename cache-redis-01 cache-redis-primary
  x lxc export web-frontend-02 $W/web-frontend-02.tar.gz --instance-only
  x lxc query /1.0/instances/web-frontend-02/backups
  x lxc publish web-frontend-02 --alias web-frontend/golden-2023-12 description="web frontend golden image"
  x lxc image list web-frontend/
  x lxc image alias delete base/web
  x lxc image alias delete debian/bookworm/cloud
  x lxc delete db-postgres-restore-test
  x lxc delete web-frontend-canary --force
  x lxc info nginx-missing

  # --- networks, ACLs, zones
  x lxc network create backend-br ipv4.address=10.118.41.1/24 ipv4.nat=false ipv6.address=none
  x lxc network set backend-br dns.domain backend.internal
  x lxc network get backend-br ipv4.address
  x lxc network show lxdbr0
  x lxc network info lxdbr0
  x lxc network list-leases lxdbr0
  x lxc network rename backend-br backend-net
  x lxc network attach backend-net web-frontend-02 eth1
  x lxc network detach backend-net web-frontend-02
  x lxc network forward create lxdbr0 10.118.40.200
  x lxc network forward port add lxdbr0 10.118.40.200 tcp 80 10.118.40.10 8080
  x lxc network forward list lxdbr0
  x lxc network forward show lxdbr0 10.118.40.200
  x lxc network forward delete lxdbr0 10.118.40.200
  x lxc network peer list lxdbr0
  x lxc network acl create web-ingress
  x lxc network acl create db-allow-app
  x lxc network acl create ci-egress-deny
  x lxc network acl rule add web-ingress ingress action=allow protocol=tcp destination_port=80,443
  x lxc network acl rule add web-ingress ingress action=allow protocol=icmp4
  x lxc network acl rule add db-allow-app ingress action=allow source=@web-ingress protocol=tcp destination_port=5432
  x lxc network acl rule add ci-egress-deny egress action=reject
  x lxc network acl set web-ingress user.owner web-team
  x lxc network acl show web-ingress
  x lxc network acl list
  x lxc network acl show-log web-ingress
  x lxc network acl rule remove web-ingress ingress action=allow protocol=icmp4
  x lxc network acl rename ci-egress-deny ci-egress-reject
  x lxc network acl delete ci-egress-reject
  x lxc network zone create internal.example.net
  x lxc network zone create 40.118.10.in-addr.arpa
  x lxc network zone set internal.example.net dns.nameservers ns1.internal.example.net
  x lxc network zone record create internal.example.net www
  x lxc network zone record create internal.example.net db
  x lxc network zone record create internal.example.net ci
  x lxc network zone record entry add internal.example.net www A 10.118.40.10
  x lxc network zone record entry add internal.example.net www AAAA fd42::10
  x lxc network zone record entry add internal.example.net db A 10.118.40.20
  x lxc network zone record entry add internal.example.net ci CNAME www.internal.example.net.
  x lxc network zone record list internal.example.net
  x lxc network zone record show internal.example.net www
  x lxc network zone record set internal.example.net db user.owner dba-team
  x lxc network zone record delete internal.example.net ci
  x lxc network zone list
  x lxc network zone show internal.example.net
  x lxc network zone delete 40.118.10.in-addr.arpa
  x lxc network set lxdbr0 dns.zone.forward internal.example.net
  x lxc network delete backend-net

  # --- projects
  x lxc project create payments-prod -c limits.instances=10
  x lxc project create ml-research -c features.images=false -c features.profiles=false
  x lxc project create web-staging -c features.images=false -c features.profiles=false
  x lxc project list
  x lxc project show payments-prod
  x lxc project set payments-prod limits.memory 8GiB
  x lxc project set payments-prod user.cost-center CC-2201
  x lxc project get payments-prod limits.instances
  x lxc profile set default limits.memory 512MiB --project payments-prod
  x lxc profile device add default root disk path=/ pool=default --project payments-prod
  x lxc profile device add default eth0 nic network=lxdbr0 name=eth0 --project payments-prod
  x lxc image import $IMG/alpine-3.18.meta.tar.gz $IMG/alpine-3.18.rootfs.tar.gz --project payments-prod --alias alpine/3.18 --alias payments/base
  x lxc image list --project payments-prod
  x lxc init payments/base payments-api --project payments-prod
  x lxc init payments/base ledger-worker --project payments-prod
  x lxc list --project payments-prod
  x lxc config set payments-api --project payments-prod user.pci-scope true
  x lxc snapshot payments-api pre-release-4.2 --project payments-prod
  x lxc init alpine/3.18 jupyter-lab-ana --project ml-research
  x lxc init debian/12/cloud trainer-gpu-01 --project ml-research
  x lxc storage volume create default ml-datasets --project ml-research
  x lxc config device add trainer-gpu-01 datasets disk pool=default source=ml-datasets path=/data --project ml-research
  x lxc list --all-projects
  x lxc project switch ml-research
  x lxc list
  x lxc profile list
  x lxc project switch default
  x lxc project info payments-prod
  x lxc project info ml-research
  printf 'config:\n  features.images: "false"\n  features.profiles: "false"\n  features.storage.volumes: "true"\n  limits.instances: "5"\ndescription: Staging for the web frontends\n' > $W/web-staging.yaml
  yml $W/web-staging.yaml lxc project edit web-staging
  x lxc project rename web-staging web-preprod
  x lxc init alpine/3.18 web-frontend-preview --project web-preprod
  x lxc delete web-frontend-preview --project web-preprod
  x lxc project delete web-preprod
  x lxc project delete payments-prod
  x lxc project show no-such-project

  # --- operations, warnings, trust, events, raw queries, cluster
  x lxc launch alpine/3.18 ci-runner-02 -p default -p ci-ephemeral
  x lxc operation list
  x lxc warning list
  x lxc warning list --all
  x lxc config trust list
  x lxc config set core.https_address 127.0.0.1:18444
  x lxc config trust add --name ci-bot
  x lxc config trust add --name gitlab-runner
  x lxc config trust list-tokens
  x lxc config trust revoke-token gitlab-runner
  x lxc config trust add $W/jenkins.crt --name jenkins-ci --restricted --projects ml-research
  x lxc config trust add $W/backup.crt --name backup-server
  x lxc config trust list
  JFP=$(lxc config trust list --format csv | awk -F, '/jenkins-ci/{print $4}')
  x lxc config trust show $JFP
  lxc config trust show $JFP | sed 's/^restricted: true/restricted: false/' > $W/trust.yaml
  yml $W/trust.yaml lxc config trust edit $JFP
  BFP=$(lxc config trust list --format csv | awk -F, '/backup-server/{print $4}')
  x lxc config trust remove $BFP
  x lxc config unset core.https_address
  x lxc cluster list
  x lxc cluster show
  ( timeout 4 lxc monitor --type=lifecycle > $W/monitor.out 2>&1 & sleep 1; lxc stop ci-runner-02 --force >/dev/null 2>&1; sleep 3 ); echo "0 lxc monitor --type=lifecycle (4s)" >> "$STATE/cli.log"
  x lxc query /1.0
  x lxc query /1.0/instances?recursion=1
  x lxc query /1.0/storage-pools/default/volumes/custom
  x lxc query -X PATCH /1.0/instances/ci-runner-02 --data '{"config":{"user.queue":"arm64-builds"}}'
  x lxc query /1.0/instances/ci-runner-02/state
  x lxc query /1.0/resources
  x lxc query /1.0/metrics
  x lxc query /1.0/operations?recursion=1
  x lxc query /1.0/networks/lxdbr0/state
  x lxc query /1.0/images/aliases/alpine/3.18
  x lxc query /1.0/instances/does-not-exist
}

cleanup() {
  x lxc stop --all --force
  x lxc delete ci-runner-01 ci-runner-02 --force
  x lxc delete web-frontend-02/golden
  x lxc storage volume detach default redis-aof cache-redis-primary aof
  x lxc config device remove cache-redis-primary aof
  x lxc storage volume delete default redis-aof/hourly-0900
  x lxc storage volume delete default redis-aof
  x lxc delete trainer-gpu-01 jupyter-lab-ana --project ml-research
  x lxc storage volume delete default ml-datasets --project ml-research
  x lxc project delete ml-research
  x lxc image alias delete alpine/3.18/amd64
  x lxc image delete web-frontend/golden-2023-12
  x lxc network acl delete db-allow-app
  x lxc network zone record delete internal.example.net db
  x lxc storage volume delete fast-ssd scratch-ci
  x lxc profile delete limits-large
  x lxc storage list
  x lxc list
}

"$@"
