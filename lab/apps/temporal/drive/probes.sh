#!/usr/bin/env bash
# Scanner-style probes on both recorded ports (a vulnerability scanner's user agent), plus a health checker and a
# curious visitor without a browser. None of the probe paths is a route of the HTTP API; on the UI port GET of any
# path is answered by the UI's index.html fallback (GET /*), other methods get echo's 405/404.
set -uo pipefail
. "$(dirname "$0")/common.sh"
UA="Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))"
for base in "$API" "$UI"; do
  for p in /.env /wp-login.php /admin /.git/config /server-status /actuator/env /phpmyadmin/index.php /config.json /.aws/credentials; do
    q GET "$base$p"
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -A "$UA" "$base/api/v1/../../etc/passwd"); echo "$code GET ${base#http://127.0.0.1:}/api/v1/../../etc/passwd" >> "$STATE/calls.log"
  code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -A "$UA" "$base/static/..%2f..%2f..%2fetc%2fpasswd"); echo "$code GET ${base#http://127.0.0.1:}/static/..%2f..%2f..%2fetc%2fpasswd" >> "$STATE/calls.log"
  q POST "$base/wp-login.php" 'log=admin&pwd=admin'
  q POST "$base/xmlrpc.php" '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>'
  q PUT "$base/api/v1/namespaces/default" '{}'
  q DELETE "$base/api/v1/cluster-info"
done
UA=kube-probe/1.31
q GET "$UI/healthz"; q GET "$UI/healthz"; q GET "$UI/healthz"
UA=curl/8.14.1
q GET "$UI/api/v1/settings"
q GET "$UI/api/v1/cluster-info"
q GET "$UI/api/v1/namespaces"
q GET "$UI/render?content=%23%20Runbook%0A*%20check%20the%20order%20queue&theme=light"
