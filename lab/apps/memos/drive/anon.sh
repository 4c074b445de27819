#!/usr/bin/env bash
# Calls without credentials (a visitor, a feed reader, a status page) and a few scanner probes, then the Connect
# protocol with curl as connectrpc.com documents it (POST /memos.api.v1.Service/Method, JSON body), with and without
# a token. Public memos, profiles, comments and instance settings answer without credentials; the rest gets 401.
set -euo pipefail
. "$(dirname "$0")/env.sh"
get() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "${@:3}" "$B$2" >&2; }
MEMO=$(awk '$1=="marco-rossi"{print $2}' "$STATE/memos")
AMEMO=$(awk '$1=="ana-silva"{print $2}' "$STATE/memos")
PRIV=$(awk '$1=="priya-nair"{print $5}' "$STATE/memos")
read -r ATT ATTF < <(sed -n 5p "$STATE/attachments")
# a status page and a visitor
for i in 1 2 3 4 5 6; do get GET /healthz; done
get GET /api/v1/instance/profile
get GET /api/v1/instance/settings/GENERAL
get GET /api/v1/instance/settings/MEMO_RELATED
get GET /api/v1/memos
get GET '/api/v1/memos?pageSize=10'
get GET "/api/v1/$MEMO"
get GET "/api/v1/$AMEMO"
get GET "/api/v1/$MEMO/comments"
get GET "/api/v1/$AMEMO/comments"
get GET "/api/v1/$PRIV"                          # private: not found for a visitor
for id in 2 3 4; do get GET "/api/v1/users/$id"; done
get GET /api/v1/users:stats
get GET /api/v1/identity-providers
get GET "/file/$ATT/$ATTF"                       # public memo's attachment
get GET /file/users/2/avatar
# feed readers
for i in 1 2 3; do get GET /explore/rss.xml; done
for u in marco-rossi priya-nair lena-fischer; do get GET "/u/$u/rss.xml"; done
# without credentials: 401
get GET /api/v1/auth/me
get GET /api/v1/users
get GET /api/v1/attachments
get GET /api/v1/activities
get GET /api/v1/users/2/shortcuts
get GET /api/v1/users/2/settings
get GET /api/v1/users/2/notifications
get GET /api/v1/users/2/personalAccessTokens
get POST /api/v1/memos -H 'Content-Type: application/json' --data-binary '{"content":"spam spam spam","visibility":"PUBLIC"}'
get PATCH "/api/v1/$MEMO?updateMask=content" -H 'Content-Type: application/json' --data-binary '{"content":"x"}'
get DELETE "/api/v1/$MEMO"
get POST "/api/v1/$MEMO/comments" -H 'Content-Type: application/json' --data-binary '{"content":"first!"}'
get GET /api/v1/memos -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.invalid'
get POST /api/v1/auth/refresh -H 'Content-Type: application/json' --data-binary '{}'
# scanner probes (the frontend's HTML5 fallback answers them with index.html)
for p in /.env /wp-login.php /.git/config /admin.php /server-status /actuator/health /phpmyadmin/index.php \
         /config.json /backup.zip /api/swagger.json /.DS_Store /cgi-bin/luci; do get GET "$p"; done
get POST /wp-login.php -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'log=admin&pwd=admin'
get POST /xmlrpc.php -H 'Content-Type: text/xml' --data-binary '<methodCall><methodName>system.listMethods</methodName></methodCall>'

# Connect protocol with curl (JSON), as a script would call the same services the web UI uses
TOK=$(awk '$1=="lena-fischer"{print $4}' "$STATE/users")
ADMT=$(cat "$STATE/admin.pat")
rpc() { # token service/method json
  local a=(-s -o /dev/null -w "%{http_code} POST /memos.api.v1.$2\n" -X POST -H 'Content-Type: application/json' --data-binary "$3")
  [ "$1" = - ] || a+=(-H "Authorization: Bearer $1")
  curl "${a[@]}" "$B/memos.api.v1.$2" >&2
}
rpc - InstanceService/GetInstanceProfile '{}'
rpc - MemoService/ListMemos '{"pageSize":5}'
rpc - AuthService/GetCurrentUser '{}'
rpc - UserService/ListUsers '{}'
rpc "$TOK" AuthService/GetCurrentUser '{}'
rpc "$TOK" MemoService/ListMemos '{"pageSize":20}'
rpc "$TOK" MemoService/GetMemo "{\"name\":\"$MEMO\"}"
rpc "$TOK" MemoService/ListMemoComments "{\"name\":\"$MEMO\"}"
rpc "$TOK" MemoService/CreateMemo '{"memo":{"content":"Posted over Connect from a cron job: backups OK #ops","visibility":"PROTECTED"}}'
rpc "$TOK" UserService/GetUserStats '{"name":"users/4"}'
rpc "$TOK" ShortcutService/ListShortcuts '{"parent":"users/4"}'
rpc "$TOK" AttachmentService/ListAttachments '{}'
rpc "$ADMT" UserService/ListUsers '{}'
rpc "$ADMT" InstanceService/GetInstanceSetting '{"name":"instance/settings/STORAGE"}'
