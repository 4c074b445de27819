# Shared settings of the OpenFGA recording (sourced by setup.sh, record.sh, routes.sh and the drive scripts).
L=/tmp/shadowtap-lab/openfga
V=v1.23.0                  # github.com/openfga/openfga (server)
CLI_V=v0.7.8               # github.com/openfga/cli (fga)
SDK_V=0.9.7                # @openfga/sdk (npm)
HTTP_PORT=18780            # production instance: HTTP API (grpc-gateway), preshared-key auth
GRPC_PORT=18781            # production instance: gRPC (not recorded; no client here speaks gRPC)
METRICS_PORT=12782         # production instance: Prometheus /metrics
PROFILER_PORT=13783        # production instance: pprof profiler
DEV_HTTP_PORT=18790        # developer sandbox instance (authn none): HTTP API (not recorded)
DEV_GRPC_PORT=18791        # developer sandbox instance: gRPC (not recorded)
PLAYGROUND_PORT=13790      # developer sandbox instance: the built-in Playground page (recorded)
BASE=http://127.0.0.1:$HTTP_PORT
METRICS=http://127.0.0.1:$METRICS_PORT
PROFILER=http://127.0.0.1:$PROFILER_PORT
PLAYGROUND=http://127.0.0.1:$PLAYGROUND_PORT
# the preshared keys of the production instance (OPENFGA_AUTHN_PRESHARED_KEYS): platform team, docs service,
# helpdesk service, CI; a revoked key is used by the stale dashboard and gets 401
KEY_PLATFORM=pk_platform_7f3c9a21e8d04b6f
KEY_DOCS=pk_docs_svc_2b81d4e0c6f94a37
KEY_HELPDESK=pk_helpdesk_5e09a7c3b1d84f62
KEY_CI=pk_ci_runner_9d4e2f7a0b3c6e18
KEY_REVOKED=pk_dashboard_old_1a2b3c4d5e6f7081
STATE=$L/state
RUN=$L/run
export L V CLI_V SDK_V HTTP_PORT GRPC_PORT METRICS_PORT PROFILER_PORT DEV_HTTP_PORT DEV_GRPC_PORT PLAYGROUND_PORT
export BASE METRICS PROFILER PLAYGROUND KEY_PLATFORM KEY_DOCS KEY_HELPDESK KEY_CI KEY_REVOKED STATE RUN
