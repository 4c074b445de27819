#!/usr/bin/env bash
# scanner-style probes (paths no GoToSocial route serves), UA of a common scanner
. "$(dirname "$0")/env.sh"
UA='Mozilla/5.0 zgrab/0.x'
for p in /.env /wp-login.php /admin/config.php /.git/config /phpmyadmin/index.php /server-status /actuator/health \
  /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /config.json /backup.sql /.aws/credentials /cgi-bin/luci \
  /api/v1/pleroma/admin/users /owa/auth/logon.aspx /.DS_Store /wp-content/plugins/index.php; do
  curl -s -o /dev/null -A "$UA" "$PUB$p"
done
curl -s -o /dev/null -A "$UA" -X POST --data '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' "$PUB/xmlrpc.php"
curl -s -o /dev/null -A "$UA" -X POST --data 'x=1' "$PUB/api/v1/admin/shell"
