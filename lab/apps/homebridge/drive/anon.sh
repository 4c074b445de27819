#!/bin/bash
# Calls without credentials: `public` (the public routes a fresh install and the login page use, the API reference),
# `denied` (API calls without a token or with a bad/expired one: 401, a wrong password, the setup wizard after setup),
# `probes` (scanner-style requests that hit no route of the app, with an Nmap-like user agent).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
U=$HB_URL
c() { local m=$1 p=$2; shift 2; echo "$(curl -s -o /dev/null -w '%{http_code}' -X "$m" "$@" "$U$p") $m $p"; }
case "${1:-}" in
public)
  c GET /api/auth/settings
  c GET /api/setup-wizard/get-setup-wizard-token
  c GET /
  c GET /favicon.ico
  c GET /assets/manifest.webmanifest
  c GET /login
  c GET /swagger
  c GET /api
  c HEAD /api/auth/settings -I
  ;;
denied)
  c GET /api/auth/settings
  c GET /api/auth/check
  c GET /api/accessories
  c GET /api/plugins
  c GET /api/users
  c GET /api/config-editor
  c GET /api/status/cpu
  c GET /api/server/pairing
  c GET /api/backup/download
  c PUT /api/server/restart
  c DELETE /api/users/2
  c GET /api/accessories -H 'Authorization: Bearer not-a-token'
  c GET /api/status/homebridge -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VybmFtZSI6ImFkbWluIiwibmFtZSI6ImFkbWluIiwiYWRtaW4iOnRydWUsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDI4ODAwfQ.Zm9yZ2VkLXNpZ25hdHVyZS1ub3QtdmFsaWQ'
  c POST /api/auth/login -H 'Content-Type: application/json' -d '{"username":"admin","password":"hunter2"}'
  c POST /api/auth/login -H 'Content-Type: application/json' -d '{"username":"root","password":"root"}'
  c POST /api/auth/noauth
  c POST /api/setup-wizard/create-first-user -H 'Content-Type: application/json' -d '{"name":"evil","username":"evil","password":"evil12345","admin":true}'
  c GET /api/setup-wizard/get-setup-wizard-token
  c GET /api/users/otp/setup
  c GET /api/no-such-endpoint
  c GET /assets/no-such-file.js
  ;;
probes)
  A=(-A 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)')
  c GET /.env "${A[@]}"
  c GET /.git/config "${A[@]}"
  c GET /wp-login.php "${A[@]}"
  c POST /wp-login.php "${A[@]}" -d 'log=admin&pwd=admin'
  c GET /admin/config.php "${A[@]}"
  c GET /phpmyadmin/index.php "${A[@]}"
  c GET /server-status "${A[@]}"
  c GET /actuator/health "${A[@]}"
  c POST /cgi-bin/luci "${A[@]}"
  c PUT /api/v2/upload.php "${A[@]}"
  ;;
esac
