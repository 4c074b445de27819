#!/usr/bin/env bash
# A scanner's probes: paths no route has.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); . "$HERE/env.sh"
UA="Mozilla/5.0 zgrab/0.x"
probe() { local c; c=$(curl -s -A "$UA" -X "$1" -o /dev/null -w '%{http_code}' "$BASE$2"); echo "probe $c $1 $2" >> "$STATE/calls.log"; }
for p in /.env /wp-login.php /.git/config /admin.php /server-status /phpmyadmin/ /actuator/health /config.json \
         /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /.DS_Store /v1/_catalog /api/v1/repositories \
         /v2/Admin/.env /swagger/v2/index.html; do
  probe GET "$p"
done
probe POST /xmlrpc.php
