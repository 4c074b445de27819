#!/usr/bin/env bash
# curl as the docs show: the version check with and without credentials, anonymous reads of public repositories,
# writes without credentials (refused), wrong passwords (401), the read-only auditor's refused writes, CORS
# preflights of a browser UI.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); . "$HERE/env.sh"
c() { local who=$1; shift; local out; out=$(curl -s -o /dev/null -w '%{http_code} %{method} %{url_effective}' "$@"); echo "$who ${out/$BASE/}" >> "$STATE/calls.log"; }
Z=sha256:0000000000000000000000000000000000000000000000000000000000000000
c anon "$BASE/v2/"
c anon -I "$BASE/v2/alpine/manifests/latest" -H 'Accept: application/vnd.oci.image.manifest.v1+json'
c anon "$BASE/v2/alpine/manifests/3.20" -H 'Accept: application/vnd.oci.image.manifest.v1+json'
c anon "$BASE/v2/library/nginx/tags/list"
c anon "$BASE/v2/_catalog"
c anon "$BASE/v2/acme/ml/trainer-v2/tags/list"          # acme/ has no anonymous read: refused
c anon -X POST "$BASE/v2/alpine/blobs/uploads/"
c anon -X PUT "$BASE/v2/team-a/web/manifests/hotfix" -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' -d '{}'
c anon -X DELETE "$BASE/v2/team-a/web/manifests/latest"
for p in "$CI_USER:hunter2" "root:root" "admin:admin" "alice:Summer2024!"; do
  c badcreds -u "$p" "$BASE/v2/"
  c badcreds -u "$p" "$BASE/v2/_catalog"
  c badcreds -u "$p" "$BASE/v2/team-a/web/tags/list"
done
c badcreds -H 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig' "$BASE/v2/alpine/tags/list"
c badcreds -H 'Authorization: Basic Og==' "$BASE/v2/"
c auditor -u "$RO_USER:$RO_PASS" "$BASE/v2/_catalog"
c auditor -u "$RO_USER:$RO_PASS" "$BASE/v2/acme/ml/trainer-v2/tags/list"
c auditor -u "$RO_USER:$RO_PASS" -X POST "$BASE/v2/team-a/web/blobs/uploads/"
c auditor -u "$RO_USER:$RO_PASS" -X DELETE "$BASE/v2/alpine/manifests/3.19"
c auditor -u "$RO_USER:$RO_PASS" -X DELETE "$BASE/v2/alpine/blobs/$Z"
for p in /v2/ /v2/_catalog /v2/team-a/web/tags/list /v2/team-a/web/manifests/latest /v2/_zot/ext/search; do
  c cors -X OPTIONS -H 'Origin: http://127.0.0.1:3000' -H 'Access-Control-Request-Method: GET' "$BASE$p"
done
