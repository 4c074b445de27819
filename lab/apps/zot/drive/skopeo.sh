#!/usr/bin/env bash
# CI pushes base and app images with skopeo (Debian) from local OCI layouts, inspects them, lists tags, promotes
# between repositories (docker:// to docker://), deletes old tags.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); . "$HERE/env.sh"
SK="skopeo --registries-conf=/dev/null"
C="--dest-tls-verify=false --dest-creds $CI_USER:$CI_PASS"
S="--src-tls-verify=false --src-creds $CI_USER:$CI_PASS"
log() { echo "skopeo $*" >> "$STATE/calls.log"; }
push() { $SK copy -q $C "oci:$STATE/images/$1" "docker://$REG/$2" >/dev/null && log "push $2" || log "push-failed $2"; }
push alpine-3.19 alpine:3.19
push alpine-3.20 alpine:3.20
push alpine-3.20 alpine:latest
push busybox-1.36 library/busybox:1.36.1

push web-v1.2.3 team-a/web:v1.2.3
push web-v1.2.4 team-a/web:v1.2.4
push api-2024-06-01 team-a/web/api:2024-06-01
push builder-x86 platform_tools/builder-x86:v1.2.3

push trainer-v2 acme/ml/trainer-v2:v2.0.0
push trainer-v2.1 acme/ml/trainer-v2:v2.1.0
push nginx-1.25 library/nginx:1.25.4
for ref in alpine:latest team-a/web:v1.2.4; do
  $SK inspect --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/$ref" >/dev/null && log "inspect $ref"
done
$SK inspect --raw --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/acme/ml/trainer-v2:v2.1.0" >/dev/null && log "inspect-raw trainer-v2"
$SK inspect --config --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/library/nginx:1.25.4" >/dev/null && log "inspect-config nginx"
for repo in alpine team-a/web acme/ml/trainer-v2 library/busybox platform_tools/builder-x86; do
  $SK list-tags --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/$repo" >/dev/null && log "list-tags $repo"
done
# promotion between repositories: staging -> prod
for pair in "team-a/web:v1.2.4 team-a/web-prod:v1.2.4" "acme/ml/trainer-v2:v2.1.0 acme/ml/trainer-v2-prod:2024-06-01" \
            "alpine:3.20 mirror/docker.io/library/alpine:3.20"; do
  set -- $pair
  $SK copy -q $S $C "docker://$REG/$1" "docker://$REG/$2" >/dev/null && log "copy $1 $2" || log "copy-failed $1 $2"
done
# anonymous pulls of public images (anonymousPolicy read)
$SK inspect --tls-verify=false --no-creds "docker://$REG/alpine:3.19" >/dev/null && log "anon-inspect alpine:3.19"
$SK list-tags --tls-verify=false --no-creds "docker://$REG/library/nginx" >/dev/null && log "anon-list-tags nginx"
# a push with the auditor's read-only account is refused; one with a wrong password gets 401
$SK copy -q --dest-tls-verify=false --dest-creds "$RO_USER:$RO_PASS" "oci:$STATE/images/alpine-3.19" "docker://$REG/alpine:auditor-test" >/dev/null 2>&1; log "push-as-auditor rc=$?"
$SK copy -q --dest-tls-verify=false --dest-creds "$CI_USER:expired-token" "oci:$STATE/images/alpine-3.19" "docker://$REG/alpine:badpass" >/dev/null 2>&1; log "push-badpass rc=$?"
# old tags go
$SK delete --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/alpine:3.19" && log "delete alpine:3.19"
$SK delete --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/team-a/web:v1.2.3" && log "delete team-a/web:v1.2.3"
$SK list-tags --tls-verify=false --creds "$CI_USER:$CI_PASS" "docker://$REG/team-a/web" >/dev/null && log "list-tags team-a/web"
