#!/bin/bash
# Calls without credentials: public routes that succeed (health, the root redirect, robots.txt, favicon, the admin
# panel's public init, the API documentation page, and after the browser session the restaurants the Public role may
# read), secured routes that answer 403/401, wrong or expired tokens, bad logins, and scanner-style probes.
# usage: anon.sh before|after|probes
. "$(dirname "$0")/env.sh"
U=$STRAPI_URL
g() { curl -g -s -o /dev/null -A "${UA:-curl/7.88.1}" "$@"; }
JSON='Content-Type: application/json'
before() {
  g $U/_health; g -I $U/_health; g $U/; g $U/robots.txt; g $U/favicon.ico
  g $U/admin/init; g $U/admin/project-type; g $U/admin/registration-info
  g $U/api/articles; g $U/api/restaurants; g $U/api/homepage; g $U/api/users/me; g $U/api/i18n/locales
}
after() {
  g $U/_health; g $U/documentation/v1.0.0
  g $U/api/restaurants; g "$U/api/restaurants?filters[cuisine][\$eq]=french"; g "$U/api/restaurants?sort=rating:desc&pagination[pageSize]=3"
  for d in $(curl -g -s "$U/api/restaurants?fields[0]=name&pagination[pageSize]=4" | jq -r '.data[].documentId'); do g $U/api/restaurants/$d; done
  g $U/api/restaurants/does-not-exist-0000000000                      # 404
  g -X POST -H "$JSON" -d '{"data":{"name":"Free lunch"}}' $U/api/restaurants   # 403
  g -X DELETE $U/api/restaurants/anything                              # 403
  g "$U/api/articles?populate=*"; g $U/api/authors; g $U/api/categories; g $U/api/homepage   # 403
  g $U/api/users; g $U/api/users/me; g $U/api/upload/files                                      # 403
  g -H 'Authorization: Bearer not-a-real-token' $U/api/articles                                 # 401
  g -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6MSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAwMDF9.c2lnbmF0dXJl' $U/api/users/me  # 401
  g -H 'Authorization: Bearer expired-admin-jwt' $U/admin/users/me                               # 401
  g $U/admin/users/me; g $U/content-manager/init; g $U/upload/files                             # 401
  g -X POST -H "$JSON" -d '{"identifier":"nobody@mail.example","password":"hunter2"}' $U/api/auth/local          # 400
  g -X POST -H "$JSON" -d '{"email":"editor-in-chief@harbourlight.example","password":"guess"}' $U/admin/login    # 400
  g "$U/api/auth/email-confirmation?confirmation=not-a-token"
  g $U/api/connect/github                                               # provider disabled
  g $U/uploads/no-such-file.jpg
  g $U/admin; g $U/admin/auth/login
}
probes() {
  UA='Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'
  for p in /.env /.git/config /wp-login.php /wp-admin/setup-config.php /phpmyadmin/ /phpmyadmin/index.php /server-status \
           /actuator/health /.aws/credentials /config.json /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /.DS_Store \
           /api/v1/pods /solr/admin/info/system; do
    UA=$UA g $U$p
  done
  UA=$UA g -X POST -d 'log=admin&pwd=admin' $U/wp-login.php
  UA=$UA g -X PUT $U/api/v2/upload.php
  UA=$UA g -X POST -H "$JSON" -d '{}' $U/graphql
}
"$@"
