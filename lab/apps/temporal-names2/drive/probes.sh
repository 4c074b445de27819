#!/usr/bin/env bash
# Scanner-style probes on the HTTP API port (two scanners' user agents), none of them a route of the HTTP API.
set -uo pipefail
. "$(dirname "$0")/common.sh"
UA="Mozilla/5.0 zgrab/0.x"
for p in /.git/HEAD /.DS_Store /cgi-bin/luci /owa/auth/logon.aspx /solr/admin/info/system /debug/vars /console \
         /telescope/requests /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /backup.sql /api/v2/namespaces; do
  q GET "$API$p"
done
UA="Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"
q GET "$API/robots.txt"
q GET "$API/.well-known/security.txt"
code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -A "$UA" "$API/namespaces/../../../../etc/shadow"); echo "$code GET /namespaces/../../../../etc/shadow" >> "$STATE/calls.log"
q POST "$API/_ignition/execute-solution" '{"solution":"Facade\\Ignition\\Solutions\\MakeViewVariableOptionalSolution","parameters":{"variableName":"x","viewFile":"phar://x"}}'
q POST "$API/HNAP1/" '<?xml version="1.0"?><soap:Envelope/>'
q POST "$API/boaform/admin/formLogin" 'username=admin&psd=admin'
q PATCH "$API/api/v1/system-info" '{}'
q DELETE "$API/api/v1/namespaces/research"
