#!/bin/bash
# Calls without credentials: public routes that succeed, secured routes that answer 401, wrong tokens (401/403),
# and scanner-style probes of paths no route serves.  usage: anon.sh public|probes
U=${UNLEASH_URL:-http://127.0.0.1:19242}
g() { curl -s -o /dev/null -A "${UA:-curl/7.88.1}" "$@"; }
public() {
  g $U/health; g $U/ready; g $U/internal-backstage/prometheus
  g $U/api/admin/ui-config                                  # 401 without session
  g $U/api/admin/projects; g $U/api/admin/user; g $U/api/admin/projects/default/features/new-checkout
  g $U/api/admin/events; g $U/api/admin/api-tokens
  g -X POST -H 'Content-Type: application/json' -d '{"name":"sneaky-flag"}' $U/api/admin/projects/default/features
  g $U/api/client/features                                  # 401: no token
  g -H 'Authorization: *:development.not-a-real-token' $U/api/client/features
  g -H 'Authorization: *:development.lab-frontend-dev-3c4d5e6f7a8b' $U/api/client/features   # frontend token on client API
  g -H 'Authorization: *:production.lab-backend-prod-9e8d7c6b5a4f' $U/api/admin/projects      # backend token on admin API
  g $U/api/frontend
  g -H 'Authorization: *:development.lab-frontend-dev-3c4d5e6f7a8b' $U/api/frontend/health
  g $U/auth/reset/validate?token=expired-reset-token-123
  g -X POST -H 'Content-Type: application/json' -d '{"username":"admin","password":"wrong-password"}' $U/auth/simple/login
  g -X POST -H 'Content-Type: application/json' -d '{"password":"hunter2"}' $U/auth/reset/validate-password
  g $U/invite/abc123-expired/validate
  g $U/docs/openapi.json -H 'Accept: application/json'
  g $U/favicon.ico
}
probes() {
  UA='Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'
  for p in /.env /.git/config /wp-login.php /wp-admin/setup-config.php /server-status /phpmyadmin/index.php \
           /actuator/health /.aws/credentials /config.json /admin.php /cgi-bin/luci /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php \
           /.DS_Store /HNAP1/ /api/v1/pods /api/graphql; do
    UA=$UA g $U$p
  done
  UA=$UA g -X POST -d 'log=admin&pwd=admin' $U/wp-login.php
  UA=$UA g -X POST -H 'Content-Type: application/json' -d '{"query":"{__schema{types{name}}}"}' $U/graphql
  UA=$UA g -X PUT $U/api/v2/upload.php
}
"$@"
