#!/usr/bin/env bash
# A developer and the platform team with crane (go-containerregistry): append tiny layers onto pushed bases, tag,
# copy, list, read manifests/configs/digests, the catalog, mutate labels, delete.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); . "$HERE/env.sh"
export DOCKER_CONFIG=$STATE/docker-dev; mkdir -p "$DOCKER_CONFIG"
CR="$L/bin/crane --insecure"
log() { echo "crane $*" >> "$STATE/calls.log"; }
run() { $CR "$@" >/dev/null 2>>"$STATE/crane.err" && log "ok $*" || log "fail $*"; }
$CR auth login "$REG" -u "$DEV_USER" -p "$DEV_PASS" >/dev/null 2>&1
run append -b "$REG/alpine:3.20" -f "$STATE/layers/hello.tar.gz" -t "$REG/team-a/hello:v0.1.0"
run append -b "$REG/team-a/web:v1.2.4" -f "$STATE/layers/cfg-prod.tar.gz" -t "$REG/team-a/web:v1.2.4-prod"
run append -b "$REG/team-a/web:v1.2.4" -f "$STATE/layers/cfg-staging.tar.gz" -t "$REG/team-a/web:v1.2.4-staging"
run append -b "$REG/library/busybox:1.36.1" -f "$STATE/layers/docs.tar.gz" -t "$REG/docs/internal-handbook:2024-06-01"
run append -b "$REG/alpine:3.20" -f "$STATE/layers/model.tar.gz" -t "$REG/ml-models/resnet-tiny:v3"
run tag "$REG/team-a/hello:v0.1.0" latest
run tag "$REG/team-a/web:v1.2.4-prod" 2024-06-01
run mutate "$REG/team-a/hello:v0.1.0" -l org.opencontainers.image.source=https://git.example.internal/team-a/hello -t "$REG/team-a/hello:v0.1.1"
for r in alpine team-a/web team-a/hello library/busybox docs/internal-handbook ml-models/resnet-tiny acme/ml/trainer-v2; do run ls "$REG/$r"; done
run catalog "$REG"
for ref in team-a/web:v1.2.4-prod ml-models/resnet-tiny:v3 platform_tools/builder-x86:v1.2.3; do
  run digest "$REG/$ref"; run manifest "$REG/$ref"; run config "$REG/$ref"
done
D=$($CR digest "$REG/team-a/hello:v0.1.1" 2>/dev/null); log "digest team-a/hello:v0.1.1"
run manifest "$REG/team-a/hello@$D"
L1=$($CR manifest "$REG/ml-models/resnet-tiny:v3" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"])'); log "manifest ml-models/resnet-tiny:v3"
run blob "$REG/ml-models/resnet-tiny@$L1"
run cp "$REG/team-a/hello:v0.1.1" "$REG/team-a/hello-archive:v0.1.1"
run cp "$REG/ml-models/resnet-tiny:v3" "$REG/acme/ml/resnet-tiny:v3"   # alice may only read below acme/: refused
run delete "$REG/team-a/web:v1.2.4-staging"
run delete "$REG/team-a/hello@$D"
run ls "$REG/team-a/hello"
# the platform team (admin account) copies a base into its own namespace and cleans up
export DOCKER_CONFIG=$STATE/docker-admin; mkdir -p "$DOCKER_CONFIG"
$CR auth login "$REG" -u "$ADMIN_USER" -p "$ADMIN_PASS" >/dev/null 2>&1
run cp "$REG/alpine:3.20" "$REG/platform_tools/base/alpine:3.20"
run cp "$REG/library/busybox:1.36.1" "$REG/platform_tools/base/busybox:1.36.1"
run cp "$REG/acme/ml/trainer-v2:v2.1.0" "$REG/acme/ml/trainer-v2:v2.1.0-rc1"
run ls "$REG/platform_tools/base/alpine"
run delete "$REG/acme/ml/trainer-v2:v2.1.0-rc1"
run catalog "$REG"
