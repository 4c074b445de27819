#!/usr/bin/env bash
# Calls without credentials: a load balancer's health checks, other systems calling the active webhooks (200), the
# public settings and the public API's own document and docs page, 401s on /rest and /api/v1 without a session or
# key and with a wrong key; then a few scanner probes.
set -euo pipefail
. "$(dirname "$0")/env.sh"
get() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "${@:3}" "$B$2" >&2; }
for i in 1 2 3 4 5; do get GET /healthz; done
get GET /healthz/readiness
get GET /rest/settings
get GET /api/v1/openapi.yml
get GET /api/v1/docs/
hook() { get POST "/webhook/$1" -H 'Content-Type: application/json' -H 'User-Agent: partner-portal/1.4' --data-binary "$2"; }
hook order-created '{"orderId":"SO-1050","customer":"Kaya Textiles","total":88.00}'
hook order-created '{"orderId":"SO-1051","customer":"Lindgren Bikes","total":412.90}'
hook invoice-paid '{"invoice":"INV-2026-0093","amount":75.00}'
hook returns-intake '{"rma":"RMA-5522","reason":"damaged"}'
hook shipment-delayed '{"tracking":"1Z999AA10123456799"}'      # deactivated: 404
hook no-such-hook '{}'                                        # 404
# no session / no key / wrong key
get GET /rest/workflows
get GET /rest/credentials
get GET /rest/users
get GET /rest/executions
get POST /rest/workflows -H 'Content-Type: application/json' --data-binary '{"name":"x"}'
get GET /api/v1/workflows
get GET /api/v1/executions
get GET /api/v1/users
get DELETE /api/v1/tags/1
get GET /api/v1/workflows -H 'X-N8N-API-KEY: n8n_api_0000000000000000000000000000'
get GET /api/v1/credentials -H 'X-N8N-API-KEY: eyJhbGciOiJIUzI1NiJ9.e30.invalid'
get POST /rest/login -H 'Content-Type: application/json' --data-binary '{"emailOrLdapLoginId":"admin@example.com","password":"admin"}'
get POST /rest/forgot-password -H 'Content-Type: application/json' --data-binary '{"email":"grace.mensah@northwind-logistics.test"}'
# scanner probes
for p in /.env /wp-login.php /.git/config /server-status /actuator/health /phpmyadmin/index.php /config.json \
         /backup.zip /.DS_Store /cgi-bin/luci /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php; do
  get GET "$p" -H 'User-Agent: Mozilla/5.0 zgrab/0.x'
done
get POST /wp-login.php -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'log=admin&pwd=admin'
get POST /xmlrpc.php -H 'Content-Type: text/xml' --data-binary '<methodCall><methodName>system.listMethods</methodName></methodCall>'
