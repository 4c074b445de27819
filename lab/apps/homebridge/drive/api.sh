#!/bin/bash
# Calls the Homebridge UI's REST API as its Swagger document (/swagger) shows: a bearer token from POST /api/auth/login
# (admin, then a second admin and a non-admin user), several endpoints of every controller, plugins by their real
# names (unscoped homebridge-dummy and scoped @homebridge-plugins/homebridge-matter, percent-encoded as the UI sends
# it), accessories by the uniqueId the API lists, child bridges by their device id, users by id, config.json read,
# edited and saved, backups, and a status poller like a home dashboard's. Prints one line per call (status, method,
# path) to stdout.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
U=$HB_URL
T=
c() { # c METHOD PATH [JSON-BODY]  (with the current token $T when set)
  local m=$1 p=$2 d=${3-} out=$L/api.last
  local args=(-s -o $out -w '%{http_code}' -X "$m")
  [ -n "$T" ] && args+=(-H "Authorization: Bearer $T")
  [ -n "$d" ] && args+=(-H 'Content-Type: application/json' --data-binary "$d")
  local code; code=$(curl "${args[@]}" "$U$p")
  echo "$code $m $p"
}
body() { cat $L/api.last; }
login() { # login USER PASSWORD -> sets T
  T=$(curl -s -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" $U/api/auth/login | jq -r '.access_token // empty')
  echo "login $1: ${T:+ok}"
}

login "$HB_ADMIN_USER" "$HB_ADMIN_PASSWORD"
c GET /api/auth/settings
c GET /api/auth/check
c POST /api/auth/refresh; NT=$(body | jq -r '.access_token // empty'); [ -n "$NT" ] && T=$NT
c GET /api

# --- status (what the dashboard widgets read) ---
for s in cpu ram network uptime homebridge homebridge/child-bridges homebridge-version server-information nodejs rpi/throttled; do
  c GET /api/status/$s
done

# --- plugins: installed list, schemas, aliases, changelogs (scoped and unscoped names) ---
c GET /api/plugins
for p in homebridge-dummy %40homebridge-plugins%2Fhomebridge-matter; do
  c GET /api/plugins/config-schema/$p
  c GET /api/plugins/alias/$p
  c GET /api/plugins/changelog/$p
done
# these ask the npm registry from the server, which the lab's network namespace does not reach (errors expected)
c GET /api/plugins/search/dummy
c GET /api/plugins/search/homebridge-ring
c GET /api/plugins/lookup/homebridge-dummy
c GET /api/plugins/lookup/homebridge-dummy/versions
c GET /api/plugins/release/homebridge-dummy
c GET /api/plugins/lookup/%40homebridge-plugins%2Fhomebridge-matter
c GET /api/plugins/config-schema/homebridge-not-installed
c GET /api/plugins/settings-ui/%40homebridge-plugins%2Fhomebridge-matter/index.html
c GET /api/plugins/settings-ui/%40homebridge-plugins%2Fhomebridge-matter/server.js

# --- accessories: list, layout, each by uniqueId, toggled ---
c GET /api/accessories
ids=$(body | jq -r '.[] | select(.serviceName != null) | .uniqueId' 2>/dev/null)
echo "accessories: $(echo $ids | wc -w)"
c GET /api/accessories/layout
for id in $ids; do c GET /api/accessories/$id; done
acc() { body | jq -r --arg n "$1" '.[] | select(.serviceName==$n) | .uniqueId' | head -1; }
c GET /api/accessories
LIGHT=$(acc 'Hallway Night Light'); MOVIE=$(acc 'Movie Mode'); OUTLET=$(acc 'Porch Outlet'); LOCK=$(acc 'Front Door Lock'); THERMO=$(acc 'Guest Room Thermostat')
[ -n "$LIGHT" ] && { c PUT /api/accessories/$LIGHT '{"characteristicType":"On","value":true}'; c PUT /api/accessories/$LIGHT '{"characteristicType":"Brightness","value":35}'; c GET /api/accessories/$LIGHT; }
[ -n "$MOVIE" ] && { c PUT /api/accessories/$MOVIE '{"characteristicType":"On","value":true}'; c GET /api/accessories/$MOVIE; c PUT /api/accessories/$MOVIE '{"characteristicType":"On","value":false}'; }
[ -n "$OUTLET" ] && { c PUT /api/accessories/$OUTLET '{"characteristicType":"On","value":false}'; c GET /api/accessories/$OUTLET; }
[ -n "$LOCK" ] && { c PUT /api/accessories/$LOCK '{"characteristicType":"LockTargetState","value":0}'; c GET /api/accessories/$LOCK; c PUT /api/accessories/$LOCK '{"characteristicType":"LockTargetState","value":1}'; }
[ -n "$THERMO" ] && { c PUT /api/accessories/$THERMO '{"characteristicType":"TargetTemperature","value":21.5}'; c PUT /api/accessories/$THERMO '{"characteristicType":"TargetHeatingCoolingState","value":1}'; c GET /api/accessories/$THERMO; }
c GET /api/accessories/0000000000000000000000000000000000000000000000000000000000000000
c PUT /api/accessories/${LIGHT:-x} '{"characteristicType":"NoSuchCharacteristic","value":1}'

# --- server: bridges, pairings, cached accessories, network ---
c GET /api/server/pairing
c GET /api/server/pairings
devs=$(body | jq -r '.[]._id' 2>/dev/null)
for d in $devs; do c GET /api/server/pairings/$d; done
c GET /api/server/pairings/0E0000000000
c GET /api/server/cached-accessories
uuid=$(body | jq -r '.[0].UUID // empty' 2>/dev/null)
c GET /api/server/port/new
c GET /api/server/network-interfaces/system
c GET /api/server/network-interfaces/bridge
c GET /api/server/mdns-advertiser
c GET /api/server/port
c GET /api/server/ports
c GET /api/config-editor/ui/bridges/0E:5D:1F:88:3B:42
c GET /api/config-editor/ui/bridges/0E:3A:7B:4C:2A:91
c PUT /api/config-editor/ui/bridges/0E:5D:1F:88:3B:42/hide-hap-alert '{"value":true}'
c PUT /api/config-editor/ui/bridges/0E:5D:1F:88:3B:42/scheduled-restart-cron '{"value":"0 4 * * 1"}'
c GET /api/config-editor/ui/bridges/0E:5D:1F:88:3B:42
# child bridge: restart, stop, start (device id = the child bridge's username without colons, as the UI sends it)
c GET /api/status/homebridge/child-bridges
child=$(body | jq -r '.[0].username // empty' | tr -d ':')
if [ -n "$child" ]; then
  c PUT /api/server/restart/$child; sleep 6
  c GET /api/status/homebridge/child-bridges
  c PUT /api/server/stop/$child; sleep 3
  c GET /api/status/homebridge/child-bridges
  c PUT /api/server/start/$child; sleep 5
  c GET /api/status/homebridge/child-bridges
fi
c PUT /api/server/restart/0E0000000000

# --- config editor: read, edit, save; per-plugin blocks; UI properties; config backups ---
c GET /api/config-editor
body | jq '(.platforms[] | select(.platform=="HomebridgeDummy") | .accessories) += [{"id":"garage-door","name":"Garage Door","type":"GarageDoorOpener"},{"id":"attic-fan","name":"Attic Fan","type":"Switch"}]' > $L/config.new.json
c POST /api/config-editor "$(cat $L/config.new.json)"
c GET /api/config-editor/plugin/homebridge-dummy
body | jq '.[0].accessories += [{"id":"kitchen-leak","name":"Kitchen Leak Sensor","type":"LeakSensor"}]' > $L/dummy.new.json
c POST /api/config-editor/plugin/homebridge-dummy "$(cat $L/dummy.new.json)"
c GET /api/config-editor/plugin/homebridge-dummy
c GET /api/config-editor/plugin/%40homebridge-plugins%2Fhomebridge-matter
c POST /api/config-editor/plugin/%40homebridge-plugins%2Fhomebridge-matter '[{"name":"Homebridge Matter","platform":"Matter","enableOnOffLight":true,"enableDimmableLight":true}]'
c PUT /api/config-editor/plugin/%40homebridge-plugins%2Fhomebridge-matter/disable
c GET /api/config-editor
c PUT /api/config-editor/plugin/%40homebridge-plugins%2Fhomebridge-matter/enable
c GET /api/config-editor/plugin/homebridge-not-installed
c PUT /api/config-editor/ui '{"key":"theme","value":"teal"}'
c PUT /api/config-editor/ui '{"key":"log","value":{"method":"file","path":"'$RUN'/storage/homebridge.log"}}'
c PUT /api/config-editor/ui/accessory-control/instance-blacklist '{"body":[]}'
c GET /api/config-editor/ui/plugins/hide-updates-for
c PUT /api/config-editor/ui/plugins/hide-updates-for '["@homebridge-plugins/homebridge-matter"]'
c GET /api/config-editor/ui/plugins/hide-updates-for
c GET /api/config-editor/backups
bids=$(body | jq -r '.[].id' 2>/dev/null | head -3)
for b in $bids; do c GET /api/config-editor/backups/$b; done
last=$(echo "$bids" | tail -1); [ -n "$last" ] && c DELETE /api/config-editor/backups/$last
c GET /api/config-editor/backups/1700000000000
c GET /api/config-editor/backups

# --- users: list, create, update by id, delete by id; a user changes its own password ---
c GET /api/users
c POST /api/users '{"name":"Ravi Chandran","username":"ravi","admin":false,"password":"Slate-Heron-204"}'
RAVI=$(body | jq -r '.id // empty')
c POST /api/users '{"name":"Installer (temporary)","username":"installer-temp","admin":true,"password":"Birch-Canyon-913"}'
TMP=$(body | jq -r '.id // empty')
c GET /api/users
[ -n "$RAVI" ] && c PATCH /api/users/$RAVI '{"name":"Ravi Chandran","username":"ravi","admin":false}'
[ -n "$TMP" ] && c PATCH /api/users/$TMP '{"name":"Installer (until Friday)","username":"installer-temp","admin":true}'
c PATCH /api/users/9999 '{"name":"Nobody"}'
c POST /api/users '{"name":"Ravi again","username":"ravi","admin":false,"password":"Slate-Heron-204"}'
[ -n "$TMP" ] && c DELETE /api/users/$TMP
c DELETE /api/users/9999
c GET /api/users
ADMINT=$T
login ravi Slate-Heron-204
c GET /api/auth/check
c GET /api/accessories
c GET /api/users
c GET /api/config-editor
c POST /api/users/change-password '{"currentPassword":"Slate-Heron-204","newPassword":"Slate-Heron-205"}'
c POST /api/users/change-password '{"currentPassword":"wrong-password","newPassword":"x"}'
c POST /api/users/otp/setup
login ravi Slate-Heron-205
c GET /api/status/homebridge
T=$ADMINT

# --- platform tools (hb-service) ---
c GET /api/platform-tools/terminal/has-persistent-session
c GET /api/platform-tools/hb-service/homebridge-startup-settings
c PUT /api/platform-tools/hb-service/homebridge-startup-settings '{"HOMEBRIDGE_DEBUG":false,"HOMEBRIDGE_KEEP_ORPHANS":false,"HOMEBRIDGE_INSECURE":true,"ENV_DEBUG":"","ENV_NODE_OPTIONS":""}'
c GET /api/platform-tools/hb-service/homebridge-startup-settings
c GET /api/platform-tools/hb-service/log/download
c GET /api/platform-tools/docker/startup-script
c POST /api/platform-tools/terminal/destroy-persistent-session

# --- backups ---
c GET /api/backup/scheduled-backups/next
c GET /api/backup/scheduled-backups
c GET /api/backup/download
ls -l $L/api.last | awk '{print "backup archive bytes:", $5}'
c POST /api/backup
c GET /api/backup/scheduled-backups/backup-2026-12-06_03-15-00
c DELETE /api/backup/scheduled-backups/backup-2026-12-06_03-15-00

# --- an evening scene from a home script: lights off, door locked, thermostat down ---
c GET /api/accessories
LIGHT=$(acc 'Hallway Night Light'); OUTLET=$(acc 'Porch Outlet'); LOCK=$(acc 'Front Door Lock'); THERMO=$(acc 'Guest Room Thermostat')
for id in $LIGHT $OUTLET; do c PUT /api/accessories/$id '{"characteristicType":"On","value":false}'; done
[ -n "$LOCK" ] && c PUT /api/accessories/$LOCK '{"characteristicType":"LockTargetState","value":1}'
[ -n "$THERMO" ] && c PUT /api/accessories/$THERMO '{"characteristicType":"TargetTemperature","value":17}'
for id in $LIGHT $OUTLET $LOCK $THERMO; do c GET /api/accessories/$id; done
c GET /api/config-editor/plugin/homebridge-dummy

# --- a dashboard-style poller (every 2 s for a minute and a half; one curl per round, its calls on one keep-alive
# connection, as a poller with an HTTP agent does) ---
H="Authorization: Bearer $T"
for i in $(seq 45); do
  urls=("$U/api/status/cpu" "$U/api/status/ram")
  if [ $((i % 3)) = 0 ]; then urls+=("$U/api/status/homebridge" "$U/api/status/uptime"); fi
  if [ $((i % 10)) = 0 ]; then urls+=("$U/api/accessories" "$U/api/status/homebridge/child-bridges"); fi
  curl -s $(for u in "${urls[@]}"; do echo -n "-o /dev/null "; done) -w '%{http_code} GET %{url}\n' -H "$H" "${urls[@]}"
  sleep 2
done

# --- a few HEAD requests (monitoring) ---
for p in /api/auth/settings /api/status/homebridge /; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -I -H "Authorization: Bearer $T" $U$p); echo "$code HEAD $p"
done

# --- finally: restart Homebridge (bridge settings unchanged: only the homebridge process restarts) ---
c PUT /api/server/restart
sleep 8
c GET /api/status/homebridge
c GET /api/auth/check
