# Starts and stops the lab cluster (sourced by record.sh and routes.sh): etcd v3.7.3 on 127.0.0.1:$ETCDSRV_PORT (plain
# HTTP, not recorded), kube-apiserver on https://127.0.0.1:$APISERVER_PORT (not recorded: HTTPS),
# kube-controller-manager (talks to the API server directly, unrecorded), and the four recorded `kubectl proxy`
# processes on 127.0.0.1:$PORT (admin kubeconfig), $ANON_PORT (no credentials), $CI_PORT (the CI bot's token) and
# $DEV_PORT (the developer's token).
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
CLUSTER_PIDS=()

apiserver_flags() {
  echo --etcd-servers=http://127.0.0.1:$ETCDSRV_PORT --etcd-prefix=${ETCD_PREFIX:-/registry} \
    --bind-address=127.0.0.1 --secure-port=$APISERVER_PORT --advertise-address=127.0.0.1 \
    --tls-cert-file=$PKI/apiserver.crt --tls-private-key-file=$PKI/apiserver.key --client-ca-file=$PKI/ca.crt \
    --token-auth-file=$RUN/tokens.csv --authorization-mode=RBAC \
    --service-account-key-file=$PKI/sa.pub --service-account-signing-key-file=$PKI/sa.key \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 --endpoint-reconciler-type=none --allow-privileged=true \
    --kubelet-preferred-address-types=InternalIP
}

start_etcd() {
  mkdir -p "$RUN/etcd"
  etcd --name lab --data-dir "$RUN/etcd" --listen-client-urls http://127.0.0.1:$ETCDSRV_PORT \
    --advertise-client-urls http://127.0.0.1:$ETCDSRV_PORT --listen-peer-urls http://127.0.0.1:$ETCDSRV_PEER \
    --initial-advertise-peer-urls http://127.0.0.1:$ETCDSRV_PEER --initial-cluster lab=http://127.0.0.1:$ETCDSRV_PEER \
    --listen-metrics-urls= --log-level warn > "$RUN/etcd.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  for i in $(seq 1 60); do curl -fs http://127.0.0.1:$ETCDSRV_PORT/health >/dev/null && return 0; sleep 0.5; done
  echo "etcd did not start" >&2; return 1
}

wait_ready() {  # wait_ready URL [curl args...]
  local u=$1; shift
  for i in $(seq 1 240); do curl -fsk "$@" -o /dev/null "$u" && return 0; sleep 0.5; done
  echo "not ready: $u" >&2; return 1
}

start_apiserver() {
  kube-apiserver $(apiserver_flags) --v=1 > "$RUN/apiserver.log" 2>&1 &
  CLUSTER_PIDS+=($!); APISERVER_PID=$!
  wait_ready "https://127.0.0.1:$APISERVER_PORT/readyz" -H "Authorization: Bearer $ADMIN_TOKEN"
}

start_kcm() {
  kube-controller-manager --kubeconfig="$RUN/admin.kubeconfig" --bind-address=127.0.0.1 --secure-port=18657 \
    --leader-elect=false --use-service-account-credentials=false \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --controllers='*,-node-ipam-controller,-node-lifecycle-controller' \
    --v=1 > "$RUN/kcm.log" 2>&1 &
  CLUSTER_PIDS+=($!)
}

start_proxies() {
  kubectl proxy --kubeconfig="$RUN/admin.kubeconfig" --address=127.0.0.1 --port=$PORT > "$RUN/proxy-admin.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  kubectl proxy --kubeconfig="$RUN/anon.kubeconfig" --address=127.0.0.1 --port=$ANON_PORT > "$RUN/proxy-anon.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  kubectl proxy --kubeconfig="$RUN/ci.kubeconfig" --address=127.0.0.1 --port=$CI_PORT > "$RUN/proxy-ci.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  kubectl proxy --kubeconfig="$RUN/dev.kubeconfig" --address=127.0.0.1 --port=$DEV_PORT > "$RUN/proxy-dev.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  local p; for p in $PORT $ANON_PORT $CI_PORT $DEV_PORT; do wait_ready "http://127.0.0.1:$p/livez"; done
}

stop_cluster() {  # in reverse order of start, each given 20 s to exit after SIGTERM, then SIGKILL
  local i p
  for ((i=${#CLUSTER_PIDS[@]}-1; i>=0; i--)); do
    p=${CLUSTER_PIDS[$i]}
    kill "$p" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  CLUSTER_PIDS=()
}
