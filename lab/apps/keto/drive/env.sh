# Shared settings of the Keto recording (sourced by setup.sh, record.sh, routes.sh and the drive scripts).
L=/tmp/shadowtap-lab/keto
V=v0.13.0-alpha.0
READ_PORT=14466            # read API: relationships, checks, expand, namespaces (HTTP + gRPC on one port; only HTTP used)
WRITE_PORT=14467           # write API: /admin/relation-tuples
METRICS_PORT=14468         # Prometheus metrics
OPL_PORT=14469             # Ory Permission Language syntax API
READ=http://127.0.0.1:$READ_PORT
WRITE=http://127.0.0.1:$WRITE_PORT
METRICS=http://127.0.0.1:$METRICS_PORT
OPL=http://127.0.0.1:$OPL_PORT
STATE=$L/state
export L V READ_PORT WRITE_PORT METRICS_PORT OPL_PORT READ WRITE METRICS OPL STATE
