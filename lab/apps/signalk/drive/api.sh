#!/bin/bash
# The Signal K REST APIs with curl, as the Signal K docs and the server's OpenAPI documents show them:
#  - first admin through /skServer/enableSecurity (what the admin UI's "enable security" form posts), logins with
#    /signalk/v1/auth/login (JWT in the answer and the JAUTHENTICATION cookie), users created / changed / deleted;
#  - the v1 full data model (GET /signalk/v1/api/..., deep paths, meta, AIS targets, sources), v1 PUTs;
#  - the v2 resources API (waypoints, routes, notes, regions: create, read, list with filters, update, delete) by three
#    crew members with their own tokens, the course API (destination, active route, actions), notifications, alarms,
#    applicationData (per user and global), unit preferences, the server's admin API (settings, vessel, plugins,
#    providers, security config, devices), the OpenAPI documents.
# Usage: api.sh  (the server runs on $BASE; writes tokens to $RUN/tokens.env for the other clients)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
J='Content-Type: application/json'
n=0
c() { n=$((n+1)); curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "$BASE$2" "${@:3}"; }
cb() { n=$((n+1)); curl -s -X "$1" "$BASE$2" "${@:3}"; }
login() { cb POST /signalk/v1/auth/login -H "$J" -d "{\"username\":\"$1\",\"password\":\"$2\"}" | jq -r .token; }

echo "== security: first admin, logins, crew accounts"
cb POST /skServer/enableSecurity -H "$J" -d '{"userId":"skipper","password":"Ahoy-2026!","type":"admin"}'; echo
ADM=$(login skipper 'Ahoy-2026!'); A="Authorization: Bearer $ADM"
c GET /skServer/loginStatus -H "$A"
c GET /skServer/security/users -H "$A"
c POST /skServer/security/users/first_mate -H "$A" -H "$J" -d '{"userId":"first_mate","type":"readwrite","password":"Genoa#Trim88"}'
c POST /skServer/security/users/navigator.lena -H "$A" -H "$J" -d '{"userId":"navigator.lena","type":"readwrite","password":"Sextant-1852"}'
c POST /skServer/security/users/deckhandTom -H "$A" -H "$J" -d '{"userId":"deckhandTom","type":"readonly","password":"bowline-knot"}'
c POST /skServer/security/users/marina-office -H "$A" -H "$J" -d '{"userId":"marina-office","type":"readonly","password":"Pier7-Berth12"}'
c POST /skServer/security/users/guest2025 -H "$A" -H "$J" -d '{"userId":"guest2025","type":"readonly","password":"summer-sail"}'
c GET /skServer/security/users -H "$A"
c PUT /skServer/security/users/deckhandTom -H "$A" -H "$J" -d '{"userId":"deckhandTom","type":"readwrite"}'
c PUT /skServer/security/user/navigator.lena/password -H "$A" -H "$J" -d '"Sextant-1853"'
c PUT /skServer/security/users/navigator.lena -H "$A" -H "$J" -d '{"userId":"navigator.lena","type":"readwrite","password":"Sextant-1853"}'
c DELETE /skServer/security/users/guest2025 -H "$A"
c GET /skServer/security/users -H "$A"
MATE=$(login first_mate 'Genoa#Trim88'); M="Authorization: Bearer $MATE"
NAV=$(login navigator.lena 'Sextant-1853'); N="Authorization: Bearer $NAV"
TOM=$(login deckhandTom 'bowline-knot'); T="Authorization: Bearer $TOM"
OFF=$(login marina-office 'Pier7-Berth12'); O="Authorization: Bearer $OFF"
c POST /signalk/v1/auth/login -H "$J" -d '{"username":"first_mate","password":"wrong-password"}'
c POST /signalk/v1/auth/login -H "$J" -d '{"username":"guest2025","password":"summer-sail"}'
printf 'ADM=%s\nMATE=%s\nNAV=%s\nTOM=%s\nOFF=%s\n' "$ADM" "$MATE" "$NAV" "$TOM" "$OFF" > $RUN/tokens.env
c GET /skServer/security/config -H "$A"
c PUT /skServer/security/config -H "$A" -H "$J" -d '{"allow_readonly":true,"expiration":"1d","allowNewUserRegistration":false,"allowDeviceAccessRequests":true}'
c GET /skServer/security/config -H "$A"
c GET /skServer/security/oidc -H "$A"

echo "== v1 data model"
c GET /signalk
c GET /signalk/v1/api/ -H "$M"
c GET /signalk/v1/api/self -H "$M"
c GET /signalk/v1/api/vessels -H "$N"
c GET /signalk/v1/api/vessels/self -H "$N"
for p in navigation navigation/position navigation/position/value navigation/position/value/latitude \
         navigation/speedOverGround navigation/courseOverGroundTrue navigation/headingMagnetic navigation/magneticVariation \
         navigation/datetime navigation/gnss navigation/gnss/satellites navigation/speedThroughWater navigation/headingTrue navigation/rateOfTurn navigation/trip/log \
         environment environment/depth environment/depth/belowTransducer environment/wind environment/wind/speedApparent \
         environment/wind/angleApparent environment/water/temperature environment/outside/pressure environment/outside/temperature environment/water/current/drift environment/sun/sunrise \
         propulsion electrical steering steering/rudderAngle performance notifications name mmsi uuid; do
  c GET /signalk/v1/api/vessels/self/$p -H "$N"
done
for p in navigation/speedOverGround/meta navigation/speedOverGround/meta/units environment/depth/belowTransducer/meta \
         environment/wind/speedApparent/meta navigation/courseOverGroundTrue/meta/displayName; do
  c GET /signalk/v1/api/vessels/self/$p -H "$M"
done
VESSELS=$(cb GET /signalk/v1/api/vessels -H "$N" | jq -r 'keys[]' | grep -v "$(cb GET /signalk/v1/api/self -H "$N" | jq -r . | sed 's/^vessels\.//')" | head -6)
for v in $VESSELS; do
  c GET /signalk/v1/api/vessels/$v -H "$N"
  c GET /signalk/v1/api/vessels/$v/navigation/position -H "$N"
  c GET /signalk/v1/api/vessels/$v/name -H "$N"
done
c GET /signalk/v1/api/sources -H "$A"
c GET /signalk/v1/api/sources/nmea0183-sample-data -H "$A"
c GET /signalk/v1/api/sources/n2k-sample-data -H "$A"
c GET /signalk/v1/api/vessels/self/navigation/anchor -H "$N"
c GET /signalk/v1/api/vessels/self/design/length -H "$N"
c GET "/signalk/v1/api/snapshot/vessels/self/navigation?time=2026-12-07T03:00:00Z" -H "$N"
c PUT /signalk/v1/api/vessels/self/steering/autopilot/target/headingTrue -H "$M" -H "$J" -d '{"value":1.52}'
c PUT /signalk/v1/api/vessels/self/electrical/switches/anchorLight/state -H "$M" -H "$J" -d '{"value":1}'
c PUT /signalk/v1/api/vessels/self/environment/depth/belowTransducer/meta/zones -H "$A" -H "$J" -d '{"value":[{"lower":0,"upper":2.5,"state":"alarm","message":"Shallow water"}]}'
c PUT /signalk/v1/api/vessels/self/navigation/speedOverGround/meta/displayName -H "$A" -H "$J" -d '{"value":"SOG"}'
c GET /signalk/v1/api/vessels/self/environment/depth/belowTransducer/meta -H "$A"

echo "== v2 resources"
wp() { cb POST /signalk/v2/api/resources/waypoints -H "$1" -H "$J" -d "{\"name\":\"$2\",\"description\":\"$3\",\"type\":\"$4\",\"feature\":{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[$5,$6]},\"properties\":{}}}" | jq -r .id; }
W1=$(wp "$N" "Suomenlinna anchorage" "Good holding in clay, 6 m" anchorage 24.9822 60.1455)
W2=$(wp "$N" "Porkkala fuel dock" "Diesel and water, open 9-18" marina 24.4172 59.9879)
W3=$(wp "$M" "Jussarö lighthouse" "Landmark, keep 0.5 nm off" landmark 23.5683 59.8201)
W4=$(wp "$M" "hanko-east-harbour" "Guest harbour, 200 berths" marina 22.9731 59.8231)
W5=$(wp "$N" "Reef south of Orrengrund" "Unmarked rock at 1.8 m" hazard 26.4466 60.2733)
W6=$(wp "$A" "MOB drill point" "Practice start" pseudoaton 24.7001 59.9902)
c GET /signalk/v2/api/resources -H "$N"
c GET /signalk/v2/api/resources/waypoints -H "$N"
c GET "/signalk/v2/api/resources/waypoints?position=[24.9,60.1]&distance=50000" -H "$N"
c GET "/signalk/v2/api/resources/waypoints?limit=3" -H "$M"
for w in $W1 $W2 $W3 $W4 $W5; do c GET /signalk/v2/api/resources/waypoints/$w -H "$N"; done
c GET /signalk/v2/api/resources/waypoints/$W1/name -H "$N"
c GET /signalk/v2/api/resources/waypoints/$W3/feature/geometry -H "$M"
c PUT /signalk/v2/api/resources/waypoints/$W2 -H "$N" -H "$J" -d '{"name":"Porkkala fuel dock","description":"Diesel, petrol and water, open 8-20","type":"marina","feature":{"type":"Feature","geometry":{"type":"Point","coordinates":[24.4172,59.9879]},"properties":{}}}'
c PUT /signalk/v2/api/resources/waypoints/$W4 -H "$M" -H "$J" -d '{"name":"Hanko East Harbour","description":"Guest harbour, 200 berths, sauna","type":"marina","feature":{"type":"Feature","geometry":{"type":"Point","coordinates":[22.9731,59.8231]},"properties":{}}}'
c PUT /signalk/v2/api/resources/waypoints/2f1c9a3e-7b44-4d2a-9c1e-5a7b3d9e0f12 -H "$N" -H "$J" -d '{"name":"Kaunissaari north","type":"anchorage","feature":{"type":"Feature","geometry":{"type":"Point","coordinates":[27.1031,60.3515]},"properties":{}}}'
c GET /signalk/v2/api/resources/waypoints/2f1c9a3e-7b44-4d2a-9c1e-5a7b3d9e0f12 -H "$N"
c DELETE /signalk/v2/api/resources/waypoints/$W6 -H "$A"
c GET /signalk/v2/api/resources/waypoints/$W6 -H "$A"
c GET /signalk/v2/api/resources/waypoints/0d8e4b1a-0000-4000-8000-000000000000 -H "$N"
rt() { cb POST /signalk/v2/api/resources/routes -H "$1" -H "$J" -d "{\"name\":\"$2\",\"description\":\"$3\",\"feature\":{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":$4},\"properties\":{}}}" | jq -r .id; }
R1=$(rt "$N" "Helsinki to Porkkala" "Inshore route via Suomenlinna" '[[24.9822,60.1455],[24.75,60.05],[24.4172,59.9879]]')
R2=$(rt "$N" "porkkala-hanko-coastal" "Day 2, inside the archipelago" '[[24.4172,59.9879],[23.9,59.93],[23.5683,59.8301],[22.9731,59.8231]]')
R3=$(rt "$M" "Kotka Race Leg 3" "Offshore leg" '[[26.4466,60.2733],[26.2,60.1],[25.6,60.05]]')
c GET /signalk/v2/api/resources/routes -H "$N"
for r in $R1 $R2 $R3; do c GET /signalk/v2/api/resources/routes/$r -H "$M"; done
c GET /signalk/v2/api/resources/routes/$R2/feature/geometry/coordinates -H "$N"
c PUT /signalk/v2/api/resources/routes/$R3 -H "$M" -H "$J" -d '{"name":"Kotka Race Leg 3 (revised)","description":"Offshore leg, shortened","feature":{"type":"Feature","geometry":{"type":"LineString","coordinates":[[26.4466,60.2733],[25.9,60.1]]},"properties":{}}}'
c GET /signalk/v2/api/resources/routes/$R3 -H "$M"
nt() { cb POST /signalk/v2/api/resources/notes -H "$1" -H "$J" -d "{\"title\":\"$2\",\"description\":\"$3\",\"mimeType\":\"text/plain\",$4}" | jq -r .id; }
N1=$(nt "$N" "Harbour fees 2026" "25 EUR per night, pay at kiosk" "\"href\":\"/resources/waypoints/$W4\"")
N2=$(nt "$M" "Shallow patch" "Depth 2.1 m at low water" '"position":{"latitude":60.1402,"longitude":24.9705}')
N3=$(nt "$T" "Engine service log" "Impeller replaced at 1240 h" '"position":{"latitude":60.1599,"longitude":24.9561}')
N4=$(nt "$N" "sauna_opening_hours" "Mon-Sat 16-21" "\"href\":\"/resources/waypoints/$W2\"")
c GET /signalk/v2/api/resources/notes -H "$N"
c GET "/signalk/v2/api/resources/notes?href=/resources/waypoints/$W4" -H "$N"
for x in $N1 $N2 $N3 $N4; do c GET /signalk/v2/api/resources/notes/$x -H "$T"; done
c PUT /signalk/v2/api/resources/notes/$N2 -H "$M" -H "$J" -d '{"title":"Shallow patch","description":"Depth 1.9 m at low water, marked by a yellow buoy","mimeType":"text/plain","position":{"latitude":60.1402,"longitude":24.9705}}'
c DELETE /signalk/v2/api/resources/notes/$N3 -H "$T"
c GET /signalk/v2/api/resources/notes/$N3 -H "$T"
rg() { cb POST /signalk/v2/api/resources/regions -H "$1" -H "$J" -d "{\"name\":\"$2\",\"description\":\"$3\",\"feature\":{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[$4]},\"properties\":{}}}" | jq -r .id; }
G1=$(rg "$N" "Ekenäs nature reserve" "No anchoring 1.4.-31.8." '[[23.35,59.88],[23.5,59.88],[23.5,59.95],[23.35,59.95],[23.35,59.88]]')
G2=$(rg "$N" "military-area-upinniemi" "Restricted, no landing" '[[24.3,60.0],[24.45,60.0],[24.45,60.06],[24.3,60.06],[24.3,60.0]]')
G3=$(rg "$M" "Speed limit 10 kn Kustavi" "Speed limit zone" '[[21.1,60.5],[21.3,60.5],[21.3,60.6],[21.1,60.6],[21.1,60.5]]')
c GET /signalk/v2/api/resources/regions -H "$N"
for g in $G1 $G2 $G3; do c GET /signalk/v2/api/resources/regions/$g -H "$N"; done
c PUT /signalk/v2/api/resources/regions/$G3 -H "$M" -H "$J" -d '{"name":"Speed limit 8 kn Kustavi","description":"Speed limit zone (lowered 2026)","feature":{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[21.1,60.5],[21.3,60.5],[21.3,60.6],[21.1,60.6],[21.1,60.5]]]},"properties":{}}}'
c DELETE /signalk/v2/api/resources/regions/$G3 -H "$M"
c GET /signalk/v2/api/resources/charts -H "$N"
c GET /signalk/v2/api/resources/charts/finland-coast-2026 -H "$N"
c GET /signalk/v2/api/resources/waypoints/_providers -H "$A"
c GET /signalk/v2/api/resources/waypoints/_providers/_default -H "$A"
c GET /signalk/v2/api/resources/routes/_providers -H "$A"
c GET /signalk/v2/api/resources/notes/_providers/_default -H "$A"
c POST /signalk/v2/api/resources/notes/_providers/_default/resources-provider -H "$A"
c GET /signalk/v2/api/resources/fishingSpots -H "$N"
c GET /signalk/v2/api/resources/tides -H "$N"
c POST /signalk/v2/api/resources/waypoints -H "$O" -H "$J" -d '{"name":"Office pin","feature":{"type":"Feature","geometry":{"type":"Point","coordinates":[24.95,60.16]},"properties":{}}}'
c DELETE /signalk/v2/api/resources/routes/$R1 -H "$O"
c POST /signalk/v2/api/resources/waypoints -H "$N" -H "$J" -d '{"name":"broken","feature":{"type":"Feature","geometry":{"type":"Point","coordinates":[999,999]}}}'

echo "== course"
c GET /signalk/v2/api/vessels/self/navigation/course -H "$N"
c PUT /signalk/v2/api/vessels/self/navigation/course/destination -H "$N" -H "$J" -d "{\"href\":\"/resources/waypoints/$W1\"}"
c GET /signalk/v2/api/vessels/self/navigation/course -H "$N"
c GET /signalk/v2/api/vessels/self/navigation/course/calcValues -H "$N"
c PUT /signalk/v2/api/vessels/self/navigation/course/arrivalCircle -H "$N" -H "$J" -d '{"value":150}'
c GET /signalk/v2/api/vessels/self/navigation/course/arrivalCircle/meta -H "$N"
c PUT /signalk/v2/api/vessels/self/navigation/course/targetArrivalTime -H "$N" -H "$J" -d '{"value":"2026-12-07T16:30:00.000Z"}'
c PUT /signalk/v2/api/vessels/self/navigation/course/restart -H "$N"
c PUT /signalk/v2/api/vessels/self/navigation/course/destination -H "$M" -H "$J" -d '{"position":{"latitude":60.1455,"longitude":24.9822}}'
c PUT /signalk/v2/api/vessels/self/navigation/course/activeRoute -H "$N" -H "$J" -d "{\"href\":\"/resources/routes/$R2\",\"pointIndex\":0,\"reverse\":false,\"arrivalCircle\":200}"
c GET /signalk/v2/api/vessels/self/navigation/course -H "$N"
c PUT /signalk/v2/api/vessels/self/navigation/course/activeRoute/nextPoint -H "$N" -H "$J" -d '{"value":1}'
c PUT /signalk/v2/api/vessels/self/navigation/course/activeRoute/pointIndex -H "$N" -H "$J" -d '{"value":2}'
c PUT /signalk/v2/api/vessels/self/navigation/course/activeRoute/reverse -H "$N" -H "$J" -d '{"pointIndex":0}'
c PUT /signalk/v2/api/vessels/self/navigation/course/activeRoute/refresh -H "$N"
c GET /signalk/v2/api/vessels/self/navigation/course/calcValues -H "$M"
c GET /signalk/v2/api/vessels/self/navigation/course/_config -H "$A"
c POST /signalk/v2/api/vessels/self/navigation/course/_config/apiOnly -H "$A"
c DELETE /signalk/v2/api/vessels/self/navigation/course/_config/apiOnly -H "$A"
c PUT /signalk/v2/api/vessels/self/navigation/course/destination -H "$O" -H "$J" -d '{"position":{"latitude":60.0,"longitude":24.0}}'
c DELETE /signalk/v2/api/vessels/self/navigation/course -H "$N"
c GET /signalk/v2/api/vessels/self/navigation/course -H "$N"
c PUT /signalk/v2/api/vessels/self/navigation/course/activeRoute -H "$N" -H "$J" -d "{\"href\":\"/resources/routes/$R1\"}"
c GET /signalk/v1/api/vessels/self/navigation/course -H "$N"

echo "== notifications, alarms"
c GET /signalk/v2/api/notifications -H "$N"
c POST /signalk/v2/api/notifications/mob -H "$M" -H "$J" -d '{"message":"Crew overboard drill, port side"}'
NOTES=$(cb GET /signalk/v2/api/notifications -H "$N" | jq -r 'if type=="object" then keys[] else .[].id end' 2>/dev/null | head -3)
c POST /signalk/v2/api/notifications -H "$M" -H "$J" -d '{"path":"notifications.navigation.anchor.drag","state":"warn","message":"Anchor drag suspected","method":["visual","sound"]}'
c GET /signalk/v2/api/notifications -H "$N"
for id in $(cb GET /signalk/v2/api/notifications -H "$N" | jq -r 'if type=="object" then keys[] else .[].id end' 2>/dev/null | head -3); do
  c GET /signalk/v2/api/notifications/$id -H "$N"
  c POST /signalk/v2/api/notifications/$id/silence -H "$N"
  c POST /signalk/v2/api/notifications/$id/acknowledge -H "$M"
done
c POST /signalk/v2/api/notifications/silenceAll -H "$N"
c POST /signalk/v2/api/notifications/acknowledgeAll -H "$N"
c GET /signalk/v2/api/notifications/ffffffff-1111-4222-8333-444444444444 -H "$N"
c GET /signalk/v2/api/alarms/area -H "$N"
c GET /signalk/v1/api/vessels/self/notifications -H "$N"

echo "== other v2 APIs (no provider installed)"
c GET /signalk/v2/features -H "$N"
c GET "/signalk/v2/features?enabled=true" -H "$N"
c GET /signalk/v2/api/vessels/self/autopilots -H "$N"
c GET /signalk/v2/api/vessels/self/autopilots/_providers/_default -H "$N"
c GET /signalk/v2/api/vessels/self/autopilots/_default -H "$N"
c GET /signalk/v2/api/vessels/self/autopilots/_default/state -H "$N"
c PUT /signalk/v2/api/vessels/self/autopilots/_default/mode -H "$N" -H "$J" -d '{"value":"compass"}'
c GET /signalk/v2/api/weather/_providers -H "$N"
c GET "/signalk/v2/api/weather/observations?lat=60.1455&lon=24.9822" -H "$N"
c GET "/signalk/v2/api/weather/forecasts/point?lat=60.1455&lon=24.9822&count=6" -H "$N"
c GET /signalk/v2/api/history/_providers -H "$N"
c GET "/signalk/v2/api/history/values?paths=navigation.speedOverGround&duration=PT1H" -H "$N"
c GET /signalk/v2/api/vessels/self/radars -H "$N"

echo "== applicationData, unit preferences"
c POST /signalk/v1/applicationData/user/freeboard-sk/1.0.0 -H "$N" -H "$J" -d '{"darkMode":{"enabled":true,"source":"manual"},"chartBoundaries":false,"units":{"distance":"nm","depth":"m"}}'
c GET /signalk/v1/applicationData/user/freeboard-sk/1.0.0 -H "$N"
c GET /signalk/v1/applicationData/user/freeboard-sk -H "$N"
c PUT /signalk/v1/applicationData/user/freeboard-sk/1.0.0/units/depth -H "$N" -H "$J" -d '"ft"'
c GET /signalk/v1/applicationData/user/freeboard-sk/1.0.0/units -H "$N"
c POST /signalk/v1/applicationData/user/instrumentpanel/1.0.0 -H "$M" -H "$J" -d '{"layout":"grid","widgets":["speedOverGround","depthBelowTransducer","windApparent"]}'
c GET /signalk/v1/applicationData/user/instrumentpanel/1.0.0 -H "$M"
c POST /signalk/v1/applicationData/global/kip/11.0.0 -H "$A" -H "$J" -d '{"theme":"night","dashboards":[{"name":"Helm"},{"name":"Nav Station"}]}'
c GET /signalk/v1/applicationData/global/kip/11.0.0 -H "$M"
c GET /signalk/v1/applicationData/global/kip -H "$M"
c POST /signalk/v1/applicationData/global/kip/11.0.0 -H "$T" -H "$J" -d '{"theme":"day"}'
c GET /signalk/v1/unitpreferences/active -H "$N"
c GET /signalk/v1/unitpreferences/presets -H "$N"
c GET /signalk/v1/unitpreferences/presets/nautical-metric -H "$N"
c GET /signalk/v1/unitpreferences/categories -H "$N"
c GET /signalk/v1/unitpreferences/definitions -H "$N"
c GET /signalk/v1/unitpreferences/config -H "$A"
c GET /signalk/v1/unitpreferences/default-category/navigation.speedOverGround -H "$N"

echo "== server admin API"
c GET /skServer/settings -H "$A"
c PUT /skServer/settings -H "$A" -H "$J" -d '{"interfaces":{},"options":{"mdns":false,"wsCompression":false,"accessLogging":true,"enablePluginLogging":true},"loggingDirectory":"","pruneContextsMinutes":60,"keepMostRecentLogsOnly":true,"logCountToKeep":24}'
c GET /skServer/vessel -H "$A"
c PUT /skServer/vessel -H "$A" -H "$J" -d '{"name":"Aurora Borealis","mmsi":"230123450","callsignVhf":"OH1234","length":11.6,"beam":3.7,"draft":1.9,"height":16.5,"gpsFromBow":3.2,"gpsFromCenter":0.4,"aisShipType":36}'
c GET /skServer/vessel -H "$A"
c GET /signalk/v1/api/vessels/self/name -H "$A"
c GET /skServer/providers -H "$A"
c POST /skServer/providers -H "$A" -H "$J" -d '{"id":"gps-usb","enabled":false,"type":"NMEA0183","options":{"type":"serial","device":"/dev/ttyUSB0","baudrate":4800},"logging":false}'
c PUT /skServer/providers/gps-usb -H "$A" -H "$J" -d '{"id":"gps-usb","enabled":false,"type":"NMEA0183","options":{"type":"serial","device":"/dev/ttyUSB1","baudrate":38400},"logging":false}'
c GET /skServer/providers -H "$A"
c DELETE /skServer/providers/gps-usb -H "$A"
c GET /skServer/plugins -H "$A"
for p in sk-ais-status resources-provider course-provider udp-nmea-sender; do c GET /skServer/plugins/$p -H "$A"; done
c GET /skServer/plugins/sk-ais-status/config -H "$A"
c POST /skServer/plugins/sk-ais-status/config -H "$A" -H "$J" -d '{"enabled":true,"enableLogging":false,"configuration":{"staleAge":6,"removeAge":10}}'
c GET /skServer/plugins/resources-provider/_config -H "$A"
c GET /plugins/resources-provider/config -H "$A"
c GET /signalk/v1/apps/list -H "$A"
c GET /skServer/webapps -H "$A"
c GET /skServer/addons -H "$A"
c GET /skServer/serialports -H "$A"
c GET /skServer/availablePaths -H "$A"
c GET /skServer/sourcePriorities -H "$A"
c PUT /skServer/sourcePriorities -H "$A" -H "$J" -d '{"navigation.position":[{"sourceRef":"n2k-sample-data.160","timeout":"0"},{"sourceRef":"nmea0183-sample-data.GP","timeout":"5000"}]}'
c GET /skServer/debugKeys -H "$A"
c POST /skServer/debug -H "$A" -H "$J" -d '{"value":"signalk-server:interfaces:rest"}'
c POST /skServer/debug -H "$A" -H "$J" -d '{"value":""}'
c GET /skServer/logfiles -H "$A"
c GET /skServer/hasAnalyzer -H "$A"
c GET /skServer/eventsRoutingData -H "$A"
c GET /skServer/security/devices -H "$A"
c GET /skServer/security/access/requests -H "$A"
for api in resources course notifications security discovery apps autopilot weather history radar; do c GET /skServer/openapi/$api -H "$A"; done
c GET /skServer/openapi/charts -H "$A"
c GET /skServer/openapi/plugins/resources-provider -H "$A"
c GET /skServer/settings -H "$O"
c PUT /skServer/vessel -H "$T" -H "$J" -d '{"name":"Pirate Ship"}'
c GET /skServer/security/users -H "$N"
c PUT /signalk/v1/auth/logout -H "$O"
echo "requests: $n"
