#!/usr/bin/env bash
# A scanner's probes of the API listener and of the Playground listener: paths no router has.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
UA="Mozilla/5.0 zgrab/0.x"
probe() { local c; c=$(curl -s -A "$UA" -X "$1" -o /dev/null -w '%{http_code}' "$2$3"); echo "probe $c $1 $3" >> "$STATE/calls.log"; }
for p in /.env /wp-login.php /.git/config /admin.php /server-status /phpmyadmin/ /actuator/health /config.json \
         /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /.DS_Store /swagger.json /api/v1/stores; do
  probe GET "$BASE" "$p"
done
probe POST "$BASE" /xmlrpc.php
for p in /.env /wp-login.php /.git/config /admin/ /server-status; do probe GET "$PLAYGROUND" "$p"; done
