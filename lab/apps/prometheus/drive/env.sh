# Shared settings of the Prometheus lab clients (sourced by record.sh and the drive scripts).
L=/tmp/shadowtap-lab/prometheus
PORT=19090
export PROM_URL=http://127.0.0.1:$PORT
# users of the web config's basic auth (drive/web.yml is generated from these with bcrypt hashes)
export ADMIN_USER=ops-anna ADMIN_PASS='Anna-ops-2026!'
export SRE_USER=sre.bob SRE_PASS='bob_the_sre_42'
export GRAFANA_USER=grafana-svc GRAFANA_PASS='gr4fana-DS-token'
export SCRAPER_USER=scraper SCRAPER_PASS='scrape-me-softly'
export AGENT_USER=edge-agent AGENT_PASS='edge-fra1-push'
export OTEL_USER=otel_collector OTEL_PASS='otlp-Gateway-7'
export PROMTOOL=$L/bin/promtool PROMETHEUS=$L/bin/prometheus
