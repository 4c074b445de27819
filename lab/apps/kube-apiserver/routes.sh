#!/usr/bin/env bash
# Extracts kube-apiserver v1.37.2's route table at run time and writes routes.txt.
# drive/_k8s/routedump/main.go (built in the same module as the recorded server) runs the server in-process with
# the flags record.sh gives kube-apiserver (drive/cluster.sh: apiserver_flags; a scratch etcd and fresh
# credentials), waits until /readyz passes and the platform team's CRD (drive/manifests/crd-backup.yaml, applied
# by this script with kubectl, as record.sh does before recording) is served, then prints, for each server of the
# delegation chain (kube-aggregator -> kube-apiserver -> apiextensions-apiserver):
#  * every go-restful route (Container.RegisteredWebServices -> Route.Method, Route.Path): the resource API with
#    its subresources, watch paths, /api, /version, /.well-known/openid-configuration, /openid/v1/jwks ...;
#    {path:*} (proxy subresources) is written {path*};
#  * the NonGoRestfulMux (PathRecorderMux) exact paths, any method ("*"): /, /healthz/..., /livez/..., /readyz/...,
#    /metrics, /metrics/slis, /openapi/v2, /openapi/v3, /flagz, /statusz, /debug/flags/v, the aggregator's /apis
#    and group discovery paths /apis/{group} ...;
#  * its prefixes (HandlePrefix), written PATH/{path*} ("*"): /debug/pprof/, /logs/, /openapi/v3/ ...
# Left out, as delegation rather than routes (each is a handler that hands every request on to the next server, so
# the next server's routes are the routes there): the aggregator's per-APIService prefixes
# /apis/GROUP/VERSION and /apis/GROUP/VERSION/ of the built-in, local APIServices (proxyHandler -> localDelegate),
# and apiextensions' "/apis/" prefix (crdHandler: serves the CRDs' resources, hands anything else to the
# not-found handler). The CRD's own routes are written from what the running server publishes for it at
# /openapi/v2 (paths of platform.example.com, with their operations' methods), plus its group's discovery paths.
# kubectl proxy in front adds no routes (no --www: nothing under /static/); its filter refuses (403, before the API
# server) paths matching ^/api/.*/pods/.*/exec and ^/api/.*/pods/.*/attach and hosts other than localhost,
# 127.0.0.1 and [::1]; those routes stay in the table (the API server routes them).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh" >/dev/null
(cd "$L/k8s-build" && GOWORK=off CGO_ENABLED=0 go build -trimpath -o "$L/bin/routedump" ./routedump)
for p in $APISERVER_PORT $ETCDSRV_PORT $ETCDSRV_PEER; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use (record.sh running?)" >&2; exit 1; fi
done
export RUN=$L/routes-run PKI=$L/routes-run/pki STATE=$L/routes-state
rm -rf "$RUN" "$STATE"; mkdir -p "$RUN" "$STATE"
bash "$HERE/drive/pki.sh" >/dev/null
. "$HERE/drive/cluster.sh"
trap stop_cluster EXIT
start_etcd
ROUTEDUMP_TOKEN=$ADMIN_TOKEN ROUTEDUMP_WAIT_FILE=$STATE/crd.ready routedump $(apiserver_flags) --v=0 > "$STATE/raw.tsv" 2> "$STATE/routedump.log" &
RD=$!; CLUSTER_PIDS+=($RD)
wait_ready "https://127.0.0.1:$APISERVER_PORT/readyz" -H "Authorization: Bearer $ADMIN_TOKEN"
KC=(kubectl --kubeconfig "$RUN/admin.kubeconfig")
"${KC[@]}" apply -f "$HERE/drive/manifests/crd-backup.yaml" >/dev/null
"${KC[@]}" wait --for=condition=Established crd/backupschedules.platform.example.com --timeout=60s >/dev/null
for i in $(seq 1 60); do
  curl -sk -H "Authorization: Bearer $ADMIN_TOKEN" "https://127.0.0.1:$APISERVER_PORT/openapi/v2" > "$STATE/openapi-v2.json"
  grep -q '/apis/platform.example.com/v1alpha1/namespaces/{namespace}/backupschedules/{name}/status' "$STATE/openapi-v2.json" && break
  sleep 1
done
curl -sk -H "Authorization: Bearer $ADMIN_TOKEN" "https://127.0.0.1:$APISERVER_PORT/" > "$STATE/root.json"
touch "$STATE/crd.ready"
wait $RD
stop_cluster; trap - EXIT
python3 "$HERE/drive/routes.py" "$STATE/raw.tsv" "$STATE/openapi-v2.json" "$STATE/root.json" > "$HERE/routes.txt"
grep -vc '^#' "$HERE/routes.txt"
