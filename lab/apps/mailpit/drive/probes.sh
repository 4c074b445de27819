#!/usr/bin/env bash
# Scanner-style probes on paths no route serves (one curl process, keep-alive), as an internet scanner sends them.
set -euo pipefail
. "$(dirname "$0")/env.sh"
UA="Mozilla/5.0 zgrab/0.x"
args=()
for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health \
         /config.json /backup.zip /.DS_Store /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /cgi-bin/luci \
         /owa/auth/logon.aspx /login /debug/pprof/ /v1/messages /messages; do
  args+=(-o /dev/null -w "probe %{http_code} $p\n" "$BASE$p" --next -A "$UA")
done
curl -s -A "$UA" "${args[@]}" -o /dev/null -w "probe %{http_code} POST /xmlrpc.php\n" -X POST -d '<methodCall/>' "$BASE/xmlrpc.php" \
  --next -A "$UA" -o /dev/null -w "probe %{http_code} POST /api/v1/messages/import\n" -X POST -d '{}' "$BASE/api/v1/messages/import" \
  | tee -a "$STATE/calls.log"
