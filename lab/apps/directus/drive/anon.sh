#!/bin/bash
# Calls without credentials: public routes that succeed, secured routes that answer 401/403, wrong/expired tokens,
# and scanner-style probes of paths no route serves.  usage: anon.sh public|probes
U=${DIRECTUS_URL:-http://127.0.0.1:18055}
g() { curl -s -o /dev/null -A "${UA:-curl/7.88.1}" "$@"; }
public() {
  g $U/server/ping; g $U/server/health; g $U/server/info; g $U/server/specs/oas -H 'Accept: application/json'
  g $U/server/specs/graphql; g $U/robots.txt; g $U/admin/; g $U/
  g -I $U/server/ping
  g "$U/items/articles?limit=5"                             # 403: public role has no permission
  g $U/items/articles/1; g $U/users; g $U/users/me; g $U/roles; g $U/collections; g $U/settings
  g $U/files; g $U/activity; g $U/fields/articles; g $U/policies; g $U/server/specs/oas
  g -H 'Authorization: Bearer not-a-real-token' $U/users/me                       # 401 invalid token
  g -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJl' $U/items/articles   # 401 bad JWT
  g "$U/items/articles?access_token=expired-token-123"
  g -X POST -H 'Content-Type: application/json' -d '{"title":"sneaky"}' $U/items/articles
  g -X DELETE $U/collections/articles
  g -X POST -H 'Content-Type: application/json' -d '{"email":"admin@example.com","password":"wrong-password"}' $U/auth/login
  g -X POST -H 'Content-Type: application/json' -d '{"refresh_token":"stale-refresh-token","mode":"json"}' $U/auth/refresh
  g -X POST -H 'Content-Type: application/json' -d '{"email":"nobody@example.com"}' $U/auth/password/request
  g -X POST -H 'Content-Type: application/json' -d '{"token":"bad.reset.token","password":"n3w-Passw0rd"}' $U/auth/password/reset
  g $U/auth; g $U/auth/login/github
  g -X POST -H 'Content-Type: application/json' -d '{"query":"{ articles { id title } }"}' $U/graphql
  g -X POST -H 'Content-Type: application/json' -d '{"query":"{ server_ping }"}' $U/graphql/system
  g "$U/assets/00000000-0000-0000-0000-000000000000"
  g -X POST -H 'Content-Type: application/json' -d '{"string":"hello"}' $U/utils/hash/generate
  g $U/utils/random/string
  g $U/extensions
}
probes() {
  UA='Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'
  for p in /.env /.git/config /wp-login.php /wp-admin/setup-config.php /server-status /phpmyadmin/index.php \
           /actuator/health /.aws/credentials /config.json /admin.php /cgi-bin/luci /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php \
           /.DS_Store /HNAP1/ /api/v1/pods /console /solr/admin/info/system; do
    UA=$UA g $U$p
  done
  UA=$UA g -X POST -d 'log=admin&pwd=admin' $U/wp-login.php
  UA=$UA g -X PUT $U/api/v2/upload.php
}
"$@"
