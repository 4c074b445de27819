#!/bin/bash
# Calls without credentials, with curl:
#   public  - what a chart plotter or a dashboard on the boat's network reads without logging in (security on with
#             read-only access for anonymous clients, the default): discovery, the data model, resources, course,
#             login status, the OpenAPI documents and the docs, the public files;
#   denied  - writes and admin calls without a token (401 / 403), an expired-looking token;
#   probes  - scanner-style requests to paths no route serves.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
J='Content-Type: application/json'
c() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "$BASE$2" "${@:3}"; }
case "${1:-}" in
public)
  c GET /signalk
  c GET /signalk/v2/features
  c GET /skServer/loginStatus
  c GET /loginStatus
  c GET /signalk/v1/api/
  c GET /signalk/v1/api/self
  c GET /signalk/v1/api/vessels/self
  c GET /signalk/v1/api/vessels/self/navigation/position
  c GET /signalk/v1/api/vessels/self/navigation/speedOverGround
  c GET /signalk/v1/api/vessels/self/environment/wind/speedApparent
  c GET /signalk/v1/api/vessels/self/environment/depth/belowTransducer
  c GET /signalk/v1/api/vessels/self/name
  c GET /signalk/v2/api/resources/waypoints
  c GET /signalk/v2/api/resources/routes
  c GET /signalk/v2/api/resources/notes
  c GET /signalk/v2/api/vessels/self/navigation/course
  c GET /signalk/v2/api/notifications
  c GET /signalk/v1/apps/list
  c GET /skServer/webapps
  c GET /skServer/openapi/resources
  c GET /skServer/openapi/course
  c GET /doc/openapi/
  c GET /documentation/
  c GET /documentation/develop/rest-api/resources_api.html
  c GET /documentation/setup/generating_tokens.html
  c GET /examples/
  c GET /signal-k-logo-image-text.svg
  c GET /favicon.ico
  c GET /
  ;;
denied)
  c POST /signalk/v2/api/resources/waypoints -H "$J" -d '{"name":"Free mooring buoy","feature":{"type":"Feature","geometry":{"type":"Point","coordinates":[24.9,60.1]},"properties":{}}}'
  c PUT /signalk/v2/api/resources/notes/7c1e5b3a-92d4-4e0f-8a61-5d2c9b3f4e17 -H "$J" -d '{"title":"hijack","position":{"latitude":60,"longitude":24}}'
  c DELETE /signalk/v2/api/resources/routes/3d9a6f1e-2b5c-4e8d-a7f0-1c4b8e2d6a93
  c PUT /signalk/v2/api/vessels/self/navigation/course/destination -H "$J" -d '{"position":{"latitude":59.44,"longitude":24.75}}'
  c DELETE /signalk/v2/api/vessels/self/navigation/course
  c PUT /signalk/v1/api/vessels/self/steering/autopilot/target/headingTrue -H "$J" -d '{"value":0.5}'
  c POST /signalk/v2/api/notifications/mob -H "$J" -d '{}'
  c GET /skServer/settings
  c PUT /skServer/settings -H "$J" -d '{"port":80}'
  c GET /skServer/vessel
  c GET /skServer/security/users
  c POST /skServer/security/users/intruder -H "$J" -d '{"userId":"intruder","type":"admin","password":"x"}'
  c DELETE /skServer/security/users/skipper
  c GET /skServer/security/config
  c GET /skServer/security/devices
  c GET /skServer/providers
  c GET /skServer/plugins
  c GET /skServer/plugins/resources-provider/config
  c POST /skServer/plugins/sk-ais-status/config -H "$J" -d '{"enabled":false}'
  c GET /skServer/logfiles
  c GET /skServer/backup
  c PUT /skServer/restart
  c POST /skServer/enableSecurity -H "$J" -d '{"userId":"admin","password":"admin"}'
  c GET /signalk/v1/applicationData/user/freeboard-sk/1.0.0
  c POST /signalk/v1/applicationData/global/kip/11.0.0 -H "$J" -d '{"theme":"x"}'
  c GET /skServer/settings -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6InNraXBwZXIiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDA2MH0.c2lnbmF0dXJlLW5vdC12YWxpZA'
  c POST /signalk/v1/auth/login -H "$J" -d '{"username":"admin","password":"admin"}'
  c POST /signalk/v1/auth/login -H "$J" -d '{"username":"skipper","password":"123456"}'
  ;;
probes)
  c GET /.env
  c GET /wp-login.php
  c POST /wp-login.php -d 'log=admin&pwd=admin'
  c GET /admin.php
  c GET /.git/config
  c GET /phpmyadmin/index.php
  c GET /server-status
  c GET /actuator/health
  c POST /xmlrpc.php -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>'
  c GET /cgi-bin/luci
  c GET /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php
  c GET /api/v1/pods
  ;;
*) echo "usage: anon.sh public|denied|probes"; exit 2 ;;
esac
