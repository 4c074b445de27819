# shared settings of record.sh and the drive scripts
L=/tmp/shadowtap-lab/temporal
GRPC_PORT=17233        # gRPC frontend (worker, not recorded)
HTTP_PORT=17243        # the HTTP API (grpc-gateway), recorded
UI_PORT=18233          # the web UI server, recorded
METRICS_PORT=17234     # /metrics (not recorded)
API=http://127.0.0.1:$HTTP_PORT
UI=http://127.0.0.1:$UI_PORT
# namespaces besides default: two created at start (--namespace, as `temporal server start-dev -n` does), one over
# the HTTP API (RegisterNamespace)
NS_START="ecommerce-prod finance-billing"
NS_API=marketing-comms
STATE=$L/state
