# shared settings of record.sh and the drive scripts
L=/tmp/shadowtap-lab/temporal-names2
GRPC_PORT=17233        # gRPC frontend (worker, not recorded)
HTTP_PORT=17243        # the HTTP API (grpc-gateway), the only recorded port
UI_PORT=18233          # the web UI server (started by the dev server; not used, not recorded)
METRICS_PORT=17234     # /metrics (not recorded)
API=http://127.0.0.1:$HTTP_PORT
# namespaces besides default: two created at start (--namespace, as `temporal server start-dev -n` does), one over
# the HTTP API (RegisterNamespace)
NS_START="payments_eu LogisticsProd"
NS_API=research
STATE=$L/state
