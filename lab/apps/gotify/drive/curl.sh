#!/usr/bin/env bash
# curl calls as in the Gotify documentation (gotify.net/docs/pushmsg, /docs/more-pushmsg, /api-docs):
# pushing with ?token= and X-Gotify-Key, form and JSON bodies, reading/paging/deleting messages,
# managing apps/clients/users with basic auth and client tokens, public routes, 401/403/404s, and scanner probes.
set -u
B=http://127.0.0.1:19080
ST=${STATE:?}
IMG=${IMG:?}
q() { curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' "$@"; }
j() { curl -sS "$@"; }
ADM=$(cat $ST/admin_client.token)
tok() { jq -r --arg a "$1" '.apps[$a].token' $ST/state.json; }
aid() { jq -r --arg a "$1" '.apps[$a].id' $ST/state.json; }

# --- public routes, no credentials
q $B/version
q $B/health
q $B/swagger
q $B/docs
q $B/
q $B/manifest.json

# --- the docs' push examples
HA=$(tok home-assistant); UK=$(tok uptime-kuma); NAS=$(tok nas-monitor); JEN=$(tok marco/jenkins)
for i in $(seq 1 15); do
  q "$B/message?token=$HA" -F "title=Motion in garage" -F "message=Camera garage-cam-$((i%3+1)) detected motion" -F "priority=$((i%10))"
done
for i in $(seq 1 15); do
  q -X POST "$B/message" -H "X-Gotify-Key: $UK" -F "title=Ping failed" -F "message=icmp to 192.168.1.$((20+i)) timed out" -F "priority=7"
done
for i in $(seq 1 10); do
  q -X POST "$B/message?token=$NAS" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Volume usage\",\"message\":\"**volume1** is at $((60+i))%\",\"priority\":$((i%6)),\"extras\":{\"client::display\":{\"contentType\":\"text/markdown\"}}}"
done
for i in $(seq 1 6); do
  q -X POST "$B/message" -H "Authorization: Bearer $JEN" -H 'Content-Type: application/json' -d "{\"message\":\"Job nightly-e2e #$((300+i)) finished\",\"priority\":2}"
done
# bad / missing app tokens -> 401, client token used as app token -> 401
q -X POST "$B/message" -F "title=x" -F "message=no token"
q -X POST "$B/message?token=Anotarealtoken1" -F "message=wrong token"
q -X POST "$B/message" -H "X-Gotify-Key: $ADM" -F "message=client token is not an app token"

# --- reading messages with a client token (header, query and bearer forms)
q "$B/message" -H "X-Gotify-Key: $ADM"
for lim in 1 10 25 50 100 200; do q "$B/message?limit=$lim" -H "X-Gotify-Key: $ADM"; done
SINCE=0
for p in 1 2 3 4 5 6 7 8; do
  if [ "$SINCE" = 0 ]; then R=$(j "$B/message?limit=20&token=$ADM"); else R=$(j "$B/message?limit=20&since=$SINCE&token=$ADM"); fi
  SINCE=$(echo "$R" | jq -r '.paging.since // 0'); [ "$SINCE" = 0 ] && break
done
for a in home-assistant uptime-kuma nas-monitor; do
  id=$(aid $a)
  q "$B/application/$id/message" -H "Authorization: Bearer $ADM"
  q "$B/application/$id/message?limit=10" -H "X-Gotify-Key: $ADM"
  S=$(j "$B/application/$id/message?limit=5" -H "X-Gotify-Key: $ADM" | jq -r '.paging.since // 0')
  [ "$S" != 0 ] && q "$B/application/$id/message?limit=5&since=$S" -H "X-Gotify-Key: $ADM"
done
q "$B/application/4040/message" -H "X-Gotify-Key: $ADM"     # 404
q "$B/application/abc/message" -H "X-Gotify-Key: $ADM"      # 400
q "$B/message?limit=abc" -H "X-Gotify-Key: $ADM"            # 400
q "$B/message"                                              # 401
q "$B/message?token=Cwrongclienttok"                        # 401

# delete single messages
IDS=$(j "$B/message?limit=30" -H "X-Gotify-Key: $ADM" | jq -r '.messages[].id' | awk 'NR%3==0')
for id in $IDS; do q -X DELETE "$B/message/$id" -H "X-Gotify-Key: $ADM"; done
q -X DELETE "$B/message/987654" -H "X-Gotify-Key: $ADM"     # 404
q -X DELETE "$B/message/12"                                 # 401

# --- applications
for spec in "grafana-alerts|Grafana alerting contact point|7" "smartd|disk health on pve01|5" "watchtower|container image updates|3"; do
  IFS='|' read -r n d p <<<"$spec"
  j -X POST "$B/application" -H "X-Gotify-Key: $ADM" -H 'Content-Type: application/json' -d "{\"name\":\"$n\",\"description\":\"$d\",\"defaultPriority\":$p}" > $ST/app_$n.json
done
q "$B/application" -H "X-Gotify-Key: $ADM"
WT=$(jq -r .id $ST/app_watchtower.json); SM=$(jq -r .id $ST/app_smartd.json); GA=$(jq -r .id $ST/app_grafana-alerts.json)
q -X PUT "$B/application/$WT" -H "X-Gotify-Key: $ADM" -H 'Content-Type: application/json' -d '{"name":"watchtower","description":"docker image updates on nas01","defaultPriority":4}'
q -X POST "$B/application/$SM/image" -H "X-Gotify-Key: $ADM" -F "file=@$IMG;type=image/png"
IMGP=$(j "$B/application" -H "X-Gotify-Key: $ADM" | jq -r --argjson i $SM '.[]|select(.id==$i)|.image')
q "$B/$IMGP"                                                # uploaded image, public file server
q -I "$B/$IMGP"
q "$B/image/doesnotexist.png"                               # 404 from file server
q -X POST "$B/application/$SM/image" -H "X-Gotify-Key: $ADM" -F "file=@$ST/admin_client.json;type=text/plain"  # 400 not an image
q -X DELETE "$B/application/$SM/image" -H "X-Gotify-Key: $ADM"
GAT=$(jq -r .token $ST/app_grafana-alerts.json)
for i in 1 2 3 4 5; do q "$B/message?token=$GAT" -F "title=[FIRING:1] HighCPU" -F "message=instance node-$i cpu > 90% for 5m" -F "priority=8"; done
q -X DELETE "$B/application/$GA/message" -H "X-Gotify-Key: $ADM"
q -X DELETE "$B/application/$WT" -H "X-Gotify-Key: $ADM"
q -X DELETE "$B/application/$WT" -H "X-Gotify-Key: $ADM"   # 404 now
q -X PUT "$B/application/31337" -H "X-Gotify-Key: $ADM" -H 'Content-Type: application/json' -d '{"name":"nope"}'
q -X POST "$B/application" -H 'Content-Type: application/json' -d '{"name":"anon"}'   # 401

# --- clients
j -X POST "$B/client" -u admin:admin -H 'Content-Type: application/json' -d '{"name":"iPad (web)"}' > $ST/c_ipad.json
j -X POST "$B/client" -H "X-Gotify-Key: $ADM" -H 'Content-Type: application/json' -d '{"name":"home-assistant notify integration"}' > $ST/c_ha.json
q "$B/client" -H "X-Gotify-Key: $ADM"
q -X PUT "$B/client/$(jq -r .id $ST/c_ipad.json)" -H "X-Gotify-Key: $ADM" -H 'Content-Type: application/json' -d '{"name":"iPad Pro (web)"}'
q -X DELETE "$B/client/$(jq -r .id $ST/c_ha.json)" -H "X-Gotify-Key: $ADM"
q -X DELETE "$B/client/424242" -H "X-Gotify-Key: $ADM"     # 404
q "$B/client"                                               # 401

# --- users (admin with basic auth, as in the API docs)
for u in kim ana.silva marco.rossi priya.nair; do :; done
UL=$(j "$B/user" -u admin:admin)
for id in $(echo "$UL" | jq -r '.[].id'); do q "$B/user/$id" -H "X-Gotify-Key: $ADM"; done
KIM=$(echo "$UL" | jq -r '.[]|select(.name=="kim")|.id')
ANA=$(echo "$UL" | jq -r '.[]|select(.name=="ana.silva")|.id')
j -X POST "$B/user" -u admin:admin -H 'Content-Type: application/json' -d '{"name":"li.wei","pass":"Li-Wei-2024!","admin":false}' > $ST/u_li.json
LI=$(jq -r .id $ST/u_li.json)
q -X POST "$B/user/$LI" -u admin:admin -H 'Content-Type: application/json' -d '{"name":"li.wei","pass":"","admin":true}'
q "$B/user/$LI" -u admin:admin
q -X DELETE "$B/user/$LI" -u admin:admin
q "$B/user/$LI" -u admin:admin                              # 404 now
q "$B/user/0" -H "X-Gotify-Key: $ADM"                       # 404
q "$B/user" -u kim:kim-Passw0rd                             # 403 (not admin)
q "$B/user/$ANA" -u kim:kim-Passw0rd                        # 403
q -X DELETE "$B/user/$ANA" -u kim:kim-Passw0rd              # 403
q "$B/user"                                                 # 401
q "$B/user" -u admin:letmein                                # 401
q -X POST "$B/user" -H 'Content-Type: application/json' -d '{"name":"signup","pass":"x","admin":false}'   # 403 registration disabled

# --- kim works with her own client token
KT=$(j -X POST "$B/client" -u kim:kim-Passw0rd -H 'Content-Type: application/json' -d '{"name":"kim laptop"}' | jq -r .token)
q "$B/current/user" -H "X-Gotify-Key: $KT"
j -X POST "$B/application" -H "X-Gotify-Key: $KT" -H 'Content-Type: application/json' -d '{"name":"github-actions","description":"kim side projects"}' > $ST/app_kim.json
KA=$(jq -r .token $ST/app_kim.json); KID=$(jq -r .id $ST/app_kim.json)
for i in 1 2 3 4 5 6 7 8; do q "$B/message?token=$KA" -F "title=workflow run" -F "message=ci.yml #$((40+i)) on kim/dotfiles: $([ $((i%3)) = 0 ] && echo failure || echo success)"; done
q "$B/message?limit=5" -H "X-Gotify-Key: $KT"
q "$B/application/$KID/message?limit=5" -H "X-Gotify-Key: $KT"
q "$B/application/$(aid home-assistant)/message" -H "X-Gotify-Key: $KT"   # not hers -> 404
q -X DELETE "$B/application/$(aid uptime-kuma)" -H "X-Gotify-Key: $KT"    # not hers -> 404
q -X DELETE "$B/message" -H "X-Gotify-Key: $KT"                          # delete all her messages
q "$B/message" -H "X-Gotify-Key: $KT"
q -X POST "$B/current/user/password" -H "X-Gotify-Key: $KT" -H 'Content-Type: application/json' -d '{"pass":"kim-N3w-passw0rd"}'
q "$B/current/user" -u kim:kim-Passw0rd                     # old password -> 401
q "$B/current/user" -u kim:kim-N3w-passw0rd
q -X POST "$B/current/user/password" -H 'Content-Type: application/json' -d '{"pass":"x"}'  # 401

# --- plugins (none installed here)
q "$B/plugin" -H "X-Gotify-Key: $ADM"
q "$B/plugin/1/config" -H "X-Gotify-Key: $ADM"
q -X POST "$B/plugin/1/enable" -H "X-Gotify-Key: $ADM"
q -X POST "$B/plugin/2/disable" -H "X-Gotify-Key: $ADM"
q "$B/plugin/3/display" -H "X-Gotify-Key: $ADM"
q -X POST "$B/plugin/1/config" -H "X-Gotify-Key: $ADM" -H 'Content-Type: application/x-yaml' --data-binary 'enabled: true'
q "$B/plugin"                                               # 401

# --- stream without upgrade / without token, CORS preflight
q "$B/stream" -H "X-Gotify-Key: $ADM"                       # 400 (not a websocket handshake)
q "$B/stream"                                               # 401
q -X OPTIONS "$B/message" -H 'Origin: http://127.0.0.1:3000' -H 'Access-Control-Request-Method: POST'
q -X OPTIONS "$B/application/1" -H 'Origin: http://127.0.0.1:3000' -H 'Access-Control-Request-Method: PUT'

# --- misc real routes
q -I "$B/health"
q "$B/index.html"
q "$B/static/does-not-exist.js"                             # 404 from embedded file server

# --- scanner-style probes (no route serves these)
for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health \
         /api/v1/users /config.json /.aws/credentials /xmlrpc.php /cgi-bin/luci /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php \
         /solr/admin/info/system /owa/auth/logon.aspx; do q "$B$p"; done
q -X POST "$B/wp-login.php" -d 'log=admin&pwd=admin'
