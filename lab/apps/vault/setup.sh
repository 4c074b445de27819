#!/usr/bin/env bash
# Installs HashiCorp Vault v1.14.8 (the last MPL-2.0 release: v1.14.9 and later are BUSL-1.1) from the Go module proxy
# into /tmp/shadowtap-lab/vault, and the system tools the recording uses.
#
# `go mod download` works, but `go build` does not as shipped: go.mod replaces its nested modules
# github.com/hashicorp/vault/{sdk,api,api/auth/*} with ./sdk, ./api, ..., which are separate modules and not in the
# module zip, and the proxy refuses them at the tag's commit (403, "not available"). So the module is copied to
# $L/src and built there with these changes, none in the HTTP layer or the router:
#  * the four api replace directives are dropped: api/auth/{approle,userpass} v0.1.0 and api/auth/kubernetes v0.4.1
#    come from the proxy as go.mod requires them, api raised from v1.9.2 to v1.10.0 (v1.9.2 lacks the
#    RaftAutopilot*WithDRToken calls the 1.14 branch's command package makes on its in-tree api);
#  * ./sdk is filled with github.com/hashicorp/vault/sdk v0.10.2 from the proxy (go.mod's require is raised from
#    v0.9.2 to v0.10.2, the replace to ./sdk kept): v0.9.2 lacks what the 1.14 branch backported into its in-tree
#    sdk (physical.FencingHABackend, logical.CtxKeyRequestRole, ...); v0.10.2 has all of it but the two helpers of
#    drive/_build/original_body_lab.go (copied from sdk v0.11.0's logical/request.go), added to ./sdk/logical;
#  * sdk v0.10.x renamed logical.EventSender's method Send to SendEvent: drive/_build/sdk_compat_lab.go adds
#    SendEvent to vault/eventbus's pluginEventBus, calling its Send;
#  * sdk v0.10.2's framework panics on a path that defines a CreateOperation without an ExistenceCheck, a check the
#    1.14 branch's in-tree sdk did not make: Vault v1.14.8's transit `cache-config` and the sys backend's
#    enterprise-only `managed-keys/...` stubs are such paths, and the panic left those backends unusable
#    (every later request to them panicked). drive/_build/sdk-existence-check.patch drops the check in ./sdk
#    (without an ExistenceCheck Vault sends PUT/POST to UpdateOperation, as 1.14.8 does);
#  * go.sum gets the proxy's sums for those modules (-mod=mod).
# Built as the release does it: CGO_ENABLED=0, no `ui` build tag (the UI in the module is Ember source, not built:
# the server runs with ui = false).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/vault
V=v1.14.8
mkdir -p "$L/bin"
if [ ! -x "$L/bin/vault" ]; then
  D=$(cd /tmp && go mod download -json github.com/hashicorp/vault@$V | jq -r .Dir)
  rm -rf "$L/src"; cp -r "$D" "$L/src"; chmod -R u+w "$L/src"
  cd "$L/src"
  for m in api api/auth/approle api/auth/kubernetes api/auth/userpass; do
    go mod edit -dropreplace=github.com/hashicorp/vault/$m
  done
  S=$(cd /tmp && go mod download -json github.com/hashicorp/vault/sdk@v0.10.2 | jq -r .Dir)
  rm -rf sdk; cp -r "$S" sdk; chmod -R u+w sdk
  cp "$HERE/drive/_build/original_body_lab.go" sdk/logical/
  cp "$HERE/drive/_build/sdk_compat_lab.go" vault/eventbus/
  git apply -p1 "$HERE/drive/_build/sdk-existence-check.patch"
  go mod edit -require=github.com/hashicorp/vault/sdk@v0.10.2 -require=github.com/hashicorp/vault/api@v1.10.0
  GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$L/bin/vault" .
fi
command -v tcpdump >/dev/null || apt-get install -y tcpdump
command -v jq >/dev/null || apt-get install -y jq
command -v zstd >/dev/null || apt-get install -y zstd
command -v curl >/dev/null || apt-get install -y curl
command -v python3 >/dev/null || apt-get install -y python3
