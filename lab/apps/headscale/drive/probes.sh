#!/usr/bin/env bash
# Scanner-style probes on paths no route serves, on the main listener (one curl process, keep-alive), as an internet
# scanner sends them; all get the catch-all not-found handler's empty 404.
set -euo pipefail
. "$(dirname "$0")/env.sh"
UA="Mozilla/5.0 zgrab/0.x"
args=()
for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health /config.json \
         /.DS_Store /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /api/v2/users /web/ /admin/ /login \
         '/cgi-bin/luci/;stok=/locale' /owa/auth/logon.aspx; do
  args+=(-o /dev/null -w "probe %{http_code} GET $BASE$p\n" "$BASE$p" --next -A "$UA")
done
curl -s -A "$UA" "${args[@]}" -o /dev/null -w "probe %{http_code} POST $BASE/xmlrpc.php\n" -X POST -d '<methodCall/>' "$BASE/xmlrpc.php" | tee -a "$STATE/calls.log"
