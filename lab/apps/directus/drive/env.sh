# Environment of the lab's Directus (sourced by routes.sh, record.sh and drive/server.sh).
# SQLite database and local file storage under /tmp/shadowtap-lab/directus, bound to 127.0.0.1:18055, nothing outbound.
W=/tmp/shadowtap-lab/directus
export HOST=127.0.0.1 PORT=18055 PUBLIC_URL=http://127.0.0.1:18055
export DB_CLIENT=sqlite3 DB_FILENAME=$W/data/directus.db
export SECRET=lab-secret-0c9f1e7b3a5d4c2e8f6a-9d8c7b6a5f4e3d2c KEY=lab-key-7d2b9e4f
export ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=d1rectus-Lab-2024 ADMIN_TOKEN=lab-admin-static-token-5e8c1f
export STORAGE_LOCATIONS=local STORAGE_LOCAL_ROOT=$W/data/uploads EXTENSIONS_PATH=$W/data/extensions
export TELEMETRY=false                     # no telemetry report
export MARKETPLACE_TRUST=sandbox           # the marketplace is never opened by the clients either
export CACHE_ENABLED=false RATE_LIMITER_ENABLED=false WEBSOCKETS_ENABLED=false
export LOG_LEVEL=warn LOG_STYLE=raw
export EMAIL_TRANSPORT=sendmail EMAIL_SENDMAIL_PATH=/bin/true   # password-reset mails go nowhere
export CORS_ENABLED=false
export DIRECTUS_URL=$PUBLIC_URL
export PROJECT_OWNER_ENABLED=false         # no owner report from the onboarding dialog
export TELEMETRY_URL=http://127.0.0.1:9 COMPLIANCE_URL=http://127.0.0.1:9   # belt and braces: a closed local port
