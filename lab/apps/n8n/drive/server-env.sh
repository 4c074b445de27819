# n8n's configuration for the lab (sourced by record.sh and routes.sh): 127.0.0.1:15678, sqlite under the run dir,
# every outbound feature off (telemetry/PostHog/Sentry, version checks and "what's new", templates, dynamic banners,
# hiring banner, personalization survey, AI assistant, license auto-renewal, community packages).
N8N_RUN=${N8N_RUN:-/tmp/shadowtap-lab/n8n/run}
export N8N_USER_FOLDER=$N8N_RUN/home
export N8N_PORT=15678 N8N_HOST=127.0.0.1 N8N_LISTEN_ADDRESS=127.0.0.1 N8N_PROTOCOL=http
export WEBHOOK_URL=http://127.0.0.1:15678/ N8N_EDITOR_BASE_URL=http://127.0.0.1:15678/
export N8N_ENCRYPTION_KEY=lab-n8n-7c1f0f1e0d5b4e0e9a4d2b1c3e5f7a90
export DB_TYPE=sqlite N8N_SECURE_COOKIE=false
export N8N_DIAGNOSTICS_ENABLED=false N8N_DIAGNOSTICS_CONFIG_FRONTEND= N8N_DIAGNOSTICS_CONFIG_BACKEND=
export N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED=false
export N8N_TEMPLATES_ENABLED=false N8N_PERSONALIZATION_ENABLED=false N8N_HIRING_BANNER_ENABLED=false
export N8N_DYNAMIC_BANNERS_ENABLED=false N8N_AI_ENABLED=false N8N_LICENSE_AUTO_RENEW_ENABLED=false
export N8N_COMMUNITY_PACKAGES_ENABLED=false N8N_UNVERIFIED_PACKAGES_ENABLED=false N8N_FRONTEND_SENTRY_DSN= N8N_SENTRY_DSN=
export EXTERNAL_FRONTEND_HOOKS_URLS= N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1
export N8N_BLOCK_ENV_ACCESS_IN_NODE=true N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
export GENERIC_TIMEZONE=UTC TZ=UTC NODE_ENV=production
