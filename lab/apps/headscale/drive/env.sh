# Shared settings of the Headscale recording (sourced by setup.sh, record.sh, routes.sh and the drive scripts).
L=/tmp/shadowtap-lab/headscale
V=v0.27.1
HTTP_PORT=18085            # main listener: Tailscale control protocol, REST API (/api/v1), client pages, embedded DERP
METRICS_PORT=19095         # debug listener: /metrics, /debug/...
GRPC_PORT=50445            # remote gRPC (not enabled: grpc_allow_insecure false and no TLS, so it is not opened)
STUN_PORT=13479            # embedded DERP's STUN (UDP, not recorded; nobody uses it)
BASE=http://127.0.0.1:$HTTP_PORT
METRICS=http://127.0.0.1:$METRICS_PORT
STATE=$L/state
RUN=$L/run
export L V HTTP_PORT METRICS_PORT GRPC_PORT STUN_PORT BASE METRICS STATE RUN
