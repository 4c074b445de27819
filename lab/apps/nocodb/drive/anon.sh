#!/usr/bin/env bash
# Calls without credentials: a load balancer's health checks, the version, readers of the two shared views (public,
# 200), 401s on the data and meta APIs without a token or with a wrong one, a failed sign-in; then scanner probes.
set -euo pipefail
. "$(dirname "$0")/env.sh"
get() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "${@:3}" "$B$2" >&2; }
for i in 1 2 3 4 5 6; do get GET /api/v1/health; done
get GET /api/v1/version
read CRM INV HR < $STATE/bases
set -- $(cat $STATE/tables); T_CUST=$2
while read uuid; do
  get GET /api/v1/db/public/shared-view/$uuid/meta
  for i in 1 2 3; do get GET "/api/v1/db/public/shared-view/$uuid/rows?limit=4&offset=$(( (i-1)*4 ))"; done
  get GET /api/v2/public/shared-view/$uuid/count
done < $STATE/shared
get GET /api/v1/db/public/shared-view/00000000-0000-0000-0000-000000000000/meta
# no token / wrong token
get GET /api/v2/tables/$T_CUST/records
get GET /api/v2/meta/bases
get GET /api/v1/db/data/noco/$CRM/customers
get POST /api/v2/tables/$T_CUST/records -H 'Content-Type: application/json' --data-binary '{"name":"x"}'
get GET /api/v1/auth/user/me
get GET /api/v2/meta/bases/$CRM/tables -H 'xc-token: 0000000000000000000000000000000000000000'
get GET /api/v2/tables/$T_CUST/records -H 'xc-auth: eyJhbGciOiJIUzI1NiJ9.e30.invalid'
get POST /api/v1/auth/user/signin -H 'Content-Type: application/json' --data-binary '{"email":"admin@example.com","password":"admin"}'
# scanner probes
for p in /.env /wp-login.php /.git/config /server-status /actuator/health /phpmyadmin/index.php /config.json \
         /backup.zip /.DS_Store /cgi-bin/luci /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php; do
  get GET "$p" -H 'User-Agent: Mozilla/5.0 zgrab/0.x'
done
get POST /wp-login.php -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'log=admin&pwd=admin'
get POST /xmlrpc.php -H 'Content-Type: text/xml' --data-binary '<methodCall><methodName>system.listMethods</methodName></methodCall>'
