#!/usr/bin/env bash
# Calls without credentials (the web config's basic auth answers every one 401, health checks included: Prometheus
# has no public route once basic_auth_users is set), calls with a wrong password (401), and scanner-style probes on
# paths no route serves (with and without credentials, so the router's own 404 shows).
set -uo pipefail
. "$(dirname "$0")/env.sh"
C() { curl -s -o /dev/null -w '%{http_code} %{method} %{url_effective}\n' "$@" | cut -c1-150; }
# a load balancer health check and a dashboard left without its credentials
C -A 'ELB-HealthChecker/2.0' "$PROM_URL/-/healthy"
C -A 'ELB-HealthChecker/2.0' "$PROM_URL/-/ready"
C -A 'Grafana/12.3.1' "$PROM_URL/api/v1/status/buildinfo"
C -A 'Grafana/12.3.1' -X POST --data-urlencode 'query=up' "$PROM_URL/api/v1/query"
C "$PROM_URL/api/v1/query?query=up"
C "$PROM_URL/api/v1/label/job/values"
C "$PROM_URL/api/v1/targets"
C "$PROM_URL/metrics"
C "$PROM_URL/federate?match%5B%5D=up"
C -X POST "$PROM_URL/api/v1/admin/tsdb/snapshot"
C -X POST "$PROM_URL/-/reload"
C "$PROM_URL/query"
C -X POST -H 'Content-Type: application/x-protobuf' -H 'Content-Encoding: snappy' --data-binary 'xx' "$PROM_URL/api/v1/write"
# wrong passwords
C -u "$ADMIN_USER:hunter2" "$PROM_URL/api/v1/status/config"
C -u "grafana:admin" "$PROM_URL/api/v1/labels"
C -u "$SRE_USER:wrong" -X POST "$PROM_URL/api/v1/admin/tsdb/delete_series?match%5B%5D=up"
# scanner probes (unrouted paths)
Z='Mozilla/5.0 zgrab/0.x'
for p in /.env /wp-login.php /admin.php /.git/config /actuator/health /server-status /phpmyadmin/index.php \
         /api/v2/query /solr/admin/info/system /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php; do
  C -A "$Z" "$PROM_URL$p"
done
C -A "$Z" -X POST -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' "$PROM_URL/xmlrpc.php"
# the same kind of paths, as an authenticated user's typos and old bookmarks (router 404s)
C -u "$SRE_USER:$SRE_PASS" "$PROM_URL/.env"
C -u "$SRE_USER:$SRE_PASS" "$PROM_URL/api/v1/label/job"
C -u "$SRE_USER:$SRE_PASS" "$PROM_URL/api/v1/admin/tsdb/compact"
C -u "$SRE_USER:$SRE_PASS" "$PROM_URL/api/v2/alerts"
C -u "$ADMIN_USER:$ADMIN_PASS" "$PROM_URL/consoles/node.html"
C -u "$ADMIN_USER:$ADMIN_PASS" "$PROM_URL/assets/index.js"
exit 0
