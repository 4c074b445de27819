#!/usr/bin/env bash
# Scanner-style probes that hit no route (go-openapi's router answers 404).
set -uo pipefail
. "$(dirname "$0")/env.sh"
UA="Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
for p in /.env /wp-login.php /admin.php /.git/config /phpmyadmin/index.php /actuator/health /server-status \
         /haproxy?stats /stats /v1/../../etc/passwd /cgi-bin/luci /api/v1/pods /console/login /config.json /favicon.ico \
         /v3/services/haproxy/configuration/backends /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php; do
  code=$(curl -s -o /dev/null --path-as-is -w '%{http_code}' -A "$UA" "$BASE$p")
  echo "probe $code GET $p" >> "$STATE/calls.log"
done
for p in /wp-login.php /boaform/admin/formLogin /HNAP1/; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -A "$UA" -d 'username=admin&password=admin' "$BASE$p")
  echo "probe $code POST $p" >> "$STATE/calls.log"
done
