# NocoDB's configuration for the lab (sourced by record.sh and routes.sh): 127.0.0.1:PORT (drive/server.cjs), sqlite
# (noco.db in the run directory, NocoDB's default; NC_TOOL_DIR), a fixed JWT secret, public URL on loopback, and what
# calls out turned off: telemetry (NC_DISABLE_TELE), error reports (NC_DISABLE_ERR_REPORTS, no Sentry DSN).
# (NocoDB tests most NC_* flags for being set at all, so "false" would switch a feature on: only "true" flags here.)
NOCODB_RUN=${NOCODB_RUN:-/tmp/shadowtap-lab/nocodb/run}
export PORT=${PORT:-15808}
export NC_PUBLIC_URL=http://127.0.0.1:$PORT
export NC_AUTH_JWT_SECRET=lab-nocodb-0b6f3e2a9c1d4e7f8a5b2c6d9e0f1a3b
export NC_DISABLE_TELE=true NC_DISABLE_ERR_REPORTS=true NC_SENTRY_DSN=
export NC_TOOL_DIR=$NOCODB_RUN/
export NODE_ENV=production TZ=UTC
# The server calls out by itself when the UI asks for the release list (api.github.com, UtilsService.versionInfo) and
# the product feed (product-feed.nocodb.com); no setting turns these off. Its HTTP client (axios) takes the proxy from
# the environment: a proxy that does not exist on loopback (127.0.0.1:9, not captured) makes both fail at once,
# without a DNS lookup; loopback itself is not proxied.
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
