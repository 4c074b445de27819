#!/bin/bash
# Calls without credentials: `public` (what a visitor or a monitoring script reaches without a key: the start page,
# the API version and its OpenAPI documents, locales, robots.txt, favicon, /stats; `pads`: public pads, their exports
# and timeslider, a pad name that Etherpad rewrites),
# `denied` (the HTTP API without or with a wrong apikey: 401; the admin pages without the basic-auth login: 401), and
# `probes` (scanner-style requests to paths no route takes).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
c() { curl -s -o /dev/null -w "%{http_code} $*\n" "$@"; }
case "${1:-}" in
public)
  c $EP_URL/
  c $EP_URL/api
  c $EP_URL/api/openapi.json
  c $EP_URL/api/1/openapi.json
  c $EP_URL/rest/openapi.json
  c $EP_URL/locales.json
  c $EP_URL/locales/de.json
  c $EP_URL/locales/pt-br.json
  c $EP_URL/robots.txt
  c $EP_URL/favicon.ico
  c $EP_URL/stats
  c $EP_URL/stats
  c $EP_URL/javascript
  c $EP_URL/pluginfw/plugin-definitions.json
  ;;
pads)
  c $EP_URL/p/CompanyHandbook
  c $EP_URL/p/CompanyHandbook/export/txt
  c $EP_URL/p/CompanyHandbook/export/html
  c $EP_URL/p/release.notes.v3/export/txt
  c $EP_URL/p/release.notes.v3/2/export/txt
  c $EP_URL/p/OnboardingChecklist/export/etherpad
  c $EP_URL/p/OnboardingChecklist/timeslider
  c "$EP_URL/p/Weekly%20Standup"
  c $EP_URL/p/Weekly_Standup/export/txt
  c $EP_URL/ro/no-such-readonly-id
  ;;
denied)
  c $EP_URL/api/1/listAllPads
  c $EP_URL/api/1.2.15/listAllPads
  c "$EP_URL/api/1/getText?padID=CompanyHandbook"
  c "$EP_URL/api/1/getText?padID=CompanyHandbook&apikey=0123456789abcdef"
  c "$EP_URL/api/1.2.15/createGroup?apikey=letmein"
  c -X POST -d "padID=CompanyHandbook&text=defaced" $EP_URL/api/1/setText
  c -X POST -d "padID=CompanyHandbook" $EP_URL/api/1.2.15/deletePad
  c $EP_URL/api/1.2.14/getStats
  c $EP_URL/admin
  c $EP_URL/admin/settings
  c $EP_URL/admin/plugins
  c -u admin:admin $EP_URL/admin/settings
  c -u marta.kowalski:Tundra-Finch-19 $EP_URL/admin/plugins
  ;;
probes)
  c $EP_URL/.env
  c $EP_URL/wp-login.php
  c -X POST -d "log=admin&pwd=admin" $EP_URL/wp-login.php
  c $EP_URL/.git/config
  c $EP_URL/admin.php
  c $EP_URL/phpmyadmin/index.php
  c $EP_URL/server-status
  c $EP_URL/actuator/health
  c $EP_URL/config.json
  c $EP_URL/backup.zip
  c -X POST -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' $EP_URL/xmlrpc.php
  c "$EP_URL/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"
  ;;
esac
