#!/usr/bin/env bash
# Scanner-style probes against the Vault listener (UA zgrab), none of them a Vault route.
. "$(dirname "$0")/env.sh"
P=(curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' -A 'Mozilla/5.0 zgrab/0.x')
for p in /.env /wp-login.php /admin/config.php /.git/config /phpmyadmin/index.php /server-status /actuator/health \
         /config.json /.aws/credentials /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /cgi-bin/luci /owa/auth/logon.aspx \
         /v2/_catalog /api/v1/pods /solr/admin/info/system; do
  "${P[@]}" "$BASE$p"
done
"${P[@]}" -X POST -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' "$BASE/xmlrpc.php"
"${P[@]}" "$BASE/"
"${P[@]}" "$BASE/ui/"
"${P[@]}" "$BASE/v1/"
"${P[@]}" "$BASE/v1/.env"
