#!/usr/bin/env bash
# Scanner-style probes of paths no Kratos route serves (noise).
set -u
. "$(dirname "$0")/common.sh"
UA='Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'
for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health \
         /api/v1/users /.aws/credentials /config.json /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php \
         /cgi-bin/luci /owa/auth/logon.aspx /console /robots.txt; do
  curl -s --http1.1 -A "$UA" -o /dev/null "$PUB$p"
done
curl -s --http1.1 -A "$UA" -o /dev/null -X POST "$PUB/xmlrpc.php" -d '<methodCall/>'
# on the admin port non-/admin paths are 307-redirected by x.RedirectAdminMiddleware to /admin/... (then 404)
curl -s --http1.1 -A "$UA" -o /dev/null "$ADM/.env"
curl -s --http1.1 -A "$UA" -o /dev/null "$ADM/admin/.git/config"
