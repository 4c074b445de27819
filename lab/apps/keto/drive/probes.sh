#!/usr/bin/env bash
# Scanner-style probes on paths no route serves, on the read and the write API (one curl process each, keep-alive),
# as an internet scanner sends them.
set -euo pipefail
. "$(dirname "$0")/env.sh"
UA="Mozilla/5.0 zgrab/0.x"
for base in "$READ" "$WRITE"; do
  args=()
  for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health /config.json \
           /.DS_Store /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /api/v1/users /swagger.json; do
    args+=(-o /dev/null -w "probe %{http_code} GET $base$p\n" "$base$p" --next -A "$UA")
  done
  curl -s -A "$UA" "${args[@]}" -o /dev/null -w "probe %{http_code} POST $base/xmlrpc.php\n" -X POST -d '<methodCall/>' "$base/xmlrpc.php" | tee -a "$STATE/calls.log"
done
