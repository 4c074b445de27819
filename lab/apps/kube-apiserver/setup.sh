#!/usr/bin/env bash
# Installs into /tmp/shadowtap-lab/kube-apiserver/bin, from the Go module proxy:
#  * kube-apiserver, kubectl and kube-controller-manager of k8s.io/kubernetes v1.37.2, built in drive/_k8s (a
#    module of our own that requires k8s.io/kubernetes v1.37.2 and replaces each of its staging modules, k8s.io/api ... k8s.io/streaming, with the
#    matching v0.37.2 release: the module's own replaces point to ./staging/src, which its zip does not hold), with the
#    version variables hack/lib/version.sh sets (gitVersion v1.37.2, gitMajor 1, gitMinor 37, buildDate = the
#    proxy's time of the tag; no gitCommit: the proxy does not give it), CGO off, -trimpath;
#  * etcd v3.7.3 (go.etcd.io/etcd/server/v3's package main), built in drive/_etcd the same way;
#  (routes.sh builds the route dump program drive/_k8s/routedump in the same module);
# and from Debian: openssl, tcpdump, tshark, zstd, curl, python3. Idempotent. GOFLAGS=-p=1 by default (two shared CPUs).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
mkdir -p "$L/bin"
need() { command -v "$1" >/dev/null || { [ -n "${APT_UPDATED:-}" ] || { apt-get update -q; APT_UPDATED=1; }; DEBIAN_FRONTEND=noninteractive apt-get install -y "$2"; }; }
need openssl openssl; need tcpdump tcpdump; need zstd zstd; need curl curl; need python3 python3; need tshark tshark
VPKG=(k8s.io/client-go/pkg/version k8s.io/component-base/version)
LDF="-s -w"
for p in "${VPKG[@]}"; do
  LDF="$LDF -X $p.gitVersion=$K8S_V -X $p.gitMajor=1 -X $p.gitMinor=37 -X $p.gitTreeState=clean -X $p.buildDate=2026-10-27T12:01:04Z"
done
sync_mod() {  # copy a drive/_X module to $L/X-build and tidy it there (go.sum is made here, not kept in the lab)
  local src=$1 dst=$2
  if [ ! -f "$dst/go.sum" ] || ! cat "$src/go.mod" "$src/tools.go" | cmp -s - "$dst/go.mod.orig"; then
    rm -rf "$dst"; mkdir -p "$dst"; cp -r "$src/." "$dst/"; cat "$src/go.mod" "$src/tools.go" > "$dst/go.mod.orig"
    (cd "$dst" && GOWORK=off GOFLAGS=-mod=mod go mod tidy)
  else  # same go.mod and tools.go: refresh the sources only
    (cd "$src" && find . -type f ! -name go.mod -exec cp --parents {} "$dst/" \;)
  fi
}
sync_mod "$HERE/drive/_k8s" "$L/k8s-build"
for cmd in kube-apiserver kubectl kube-controller-manager; do
  [ -x "$L/bin/$cmd" ] || (cd "$L/k8s-build" && GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags "$LDF" -o "$L/bin/$cmd" k8s.io/kubernetes/cmd/$cmd)
done
if [ ! -x "$L/bin/etcd" ]; then
  sync_mod "$HERE/drive/_etcd" "$L/etcd-build"
  (cd "$L/etcd-build" && GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$L/bin/etcd" go.etcd.io/etcd/server/v3)
fi
"$L/bin/kube-apiserver" --version; "$L/bin/kube-controller-manager" --version; "$L/bin/kubectl" version --client 2>/dev/null | head -2; "$L/bin/etcd" --version | head -1
echo "setup ok: $L/bin"
