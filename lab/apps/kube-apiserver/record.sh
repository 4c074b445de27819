#!/usr/bin/env bash
# Records kube-apiserver v1.37.2 behind four `kubectl proxy` processes, plain HTTP on 127.0.0.1: 18661 with the
# platform admin's token; 18662 with no credentials (clients there send their own bearer token, which the proxy
# forwards unchanged, or none); 18663 and 18664 with the CI bot's and a developer's tokens, for their kubectl
# (kubectl sends no token to a plain-HTTP server). etcd v3.7.3, the API server (HTTPS on 18643: RBAC, static
# tokens, service-account tokens) and kube-controller-manager run on loopback and are not recorded.
# Before tcpdump starts: fresh etcd and credentials (drive/pki.sh), the platform team's CRD installed, kubectl's
# discovery and OpenAPI caches warmed (one --cache-dir for every port) and the ETags of /openapi/v2 and one
# /openapi/v3 document taken, so the capture holds the clients' own calls, not megabytes of schemas.
# Clients (drive/): kubectl as the platform admin, the CI bot, a developer and without credentials; a node agent
# doing what kubelets and a scheduler do (register, leases, list+watch, bindings, pod status, logs through a fake
# kubelet endpoint); a dashboard, an operator and a Prometheus scraper in python; curl as the API docs show;
# load-balancer and kubelet-style probes; scanner probes. A second tcpdump checks that nothing leaves loopback.
# Writes capture.pcap.zst next to this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
for p in $PORT $ANON_PORT $CI_PORT $DEV_PORT $APISERVER_PORT $ETCDSRV_PORT $ETCDSRV_PEER 18650 18657; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
rm -rf "$RUN" "$STATE" "$L/kube-cache" "$L/capture.pcap"; mkdir -p "$RUN" "$STATE"
bash "$HERE/drive/pki.sh"
printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: proxy\n  cluster:\n    server: %s\nusers:\n- name: proxy\n  user: {}\ncontexts:\n- name: proxy\n  context: {cluster: proxy, user: proxy}\ncurrent-context: proxy\n' "$BASE" > "$RUN/client.kubeconfig"
. "$HERE/drive/cluster.sh"
BG=()
cleanup() { touch "$STATE/agent.stop"; for p in "${BG[@]}"; do kill "$p" 2>/dev/null || true; done; stop_cluster; }
trap cleanup EXIT
start_etcd
start_apiserver
start_kcm
start_proxies
# --- warm-up, not recorded ---
K=(kubectl --cache-dir "$L/kube-cache" --kubeconfig "$RUN/client.kubeconfig")
"${K[@]}" --server "$BASE" apply -f "$HERE/drive/manifests/crd-backup.yaml" >/dev/null
"${K[@]}" --server "$BASE" wait --for=condition=Established crd/backupschedules.platform.example.com --timeout=60s >/dev/null
for i in $(seq 1 60); do "${K[@]}" --server "$BASE" get serviceaccount default -n default >/dev/null 2>&1 && break; sleep 1; done
for i in $(seq 1 60); do curl -s "$BASE/openapi/v3" | grep -q platform.example.com && break; sleep 1; done
sleep 3
"${K[@]}" --server "$BASE" api-resources >/dev/null
"${K[@]}" --server "$CIURL" api-resources >/dev/null
"${K[@]}" --server "$DEVURL" api-resources >/dev/null
for r in deployment pod service configmap secret job cronjob node namespace ingress poddisruptionbudget \
         horizontalpodautoscaler certificatesigningrequest backupschedule networkpolicy resourcequota limitrange; do
  "${K[@]}" --server "$BASE" explain "$r" >/dev/null 2>&1 || true
done
for u in "$CIURL" "$DEVURL"; do for r in deployment configmap job secret pod; do "${K[@]}" --server "$u" explain "$r" >/dev/null 2>&1 || true; done; done
curl -s -D - -o /dev/null -H 'Accept: application/json' "$BASE/openapi/v2" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}' > "$STATE/openapi-v2.etag"
curl -s -D - -o /dev/null "$BASE/openapi/v3/apis/coordination.k8s.io/v1" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}' > "$STATE/openapi-v3-coordination.etag"
: > "$STATE/calls.log"
# --- recording ---
tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $PORT or tcp port $ANON_PORT or tcp port $CI_PORT or tcp port $DEV_PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; BG+=($TD)
# a guard, not part of the capture: anything that leaves loopback while the clients run (there should be nothing)
tcpdump -i any -s 96 -w "$L/offhost.pcap" 'not (src net 127.0.0.0/8 and dst net 127.0.0.0/8)' >"$L/offhost.log" 2>&1 &
OH=$!; BG+=($OH)
sleep 2
D=$HERE/drive
( while [ ! -e "$STATE/agent.stop" ]; do bash "$D/curl.sh" probes 1; sleep 8; done ) &
BG+=($!)
echo "== bootstrap";  bash "$D/kubectl-admin.sh" bootstrap
python3 "$D/nodeagent.py" 2> "$STATE/nodeagent.err" &
AG=$!; BG+=($AG)
for i in $(seq 1 60); do [ -e "$STATE/agent.ready" ] && break; sleep 0.5; done
echo "== apps";       bash "$D/kubectl-admin.sh" apps
echo "== operator";   python3 "$D/apps.py" operator
echo "== dashboard";  python3 "$D/apps.py" dashboard 1
echo "== ci/dev";     bash "$D/kubectl-teams.sh" ci; bash "$D/kubectl-teams.sh" dev; bash "$D/kubectl-teams.sh" anon
echo "== day2";       bash "$D/kubectl-admin.sh" day2
echo "== curl";       bash "$D/curl.sh" docs; bash "$D/curl.sh" probes_detail; bash "$D/curl.sh" auth
echo "== scraper";    python3 "$D/apps.py" scraper 0
echo "== dashboard";  python3 "$D/apps.py" dashboard light
echo "== cleanup";    bash "$D/kubectl-admin.sh" cleanup
echo "== scanners";   bash "$D/curl.sh" scanners
touch "$STATE/agent.stop"; wait $AG || true
sleep 2
kill -INT $TD; wait $TD || true
kill -INT $OH; wait $OH || true
cleanup; trap - EXIT
echo "kubectl calls: $(grep -c kubectl "$STATE/calls.log"); failed: $(grep kubectl "$STATE/calls.log" | grep -vc '^rc=0')"
echo "HTTP requests in the capture: $(tshark -r "$L/capture.pcap" -d tcp.port==$PORT,http -d tcp.port==$ANON_PORT,http -d tcp.port==$CI_PORT,http -d tcp.port==$DEV_PORT,http -Y http.request -T fields -e tcp.dstport 2>/dev/null | wc -l)"
echo "packets off loopback during the recording (should be 0): $(tcpdump -r "$L/offhost.pcap" 2>/dev/null | wc -l)"
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$L/capture.pcap" "$HERE/capture.pcap.zst"
