#!/usr/bin/env bash
# ops.sh PHASE - the platform team's calls on Oathkeeper's API port (127.0.0.1:14456): oathkeeper's own CLI (health,
# rules list/get), curl and scripts as the docs show them (rules, JWKS, /version, the decision API tried by hand),
# a browser page that fetches the JWKS, and scanner probes. PHASE is "first" or "last".
set -uo pipefail
API=http://127.0.0.1:14456
OK=${OATHKEEPER:-/tmp/shadowtap-lab/oathkeeper-names2/bin/oathkeeper}
q() { curl -s -o /dev/null -w "%{http_code} $*\n" "$@"; }
cli() { "$OK" "$@" >/dev/null 2>&1; echo "cli $* -> $?"; }

if [ "${1:-first}" = first ]; then
  # the deploy pipeline's smoke test after rolling out the new rule set
  cli health -e "$API" ready
  cli rules -e "$API" list --limit 50
  for id in helpdesk-tickets media.photo.download tracker_cards 0b9d4c1e-5a7f-4e38-9c21-7d6e3f2a8b10; do
    cli rules -e "$API" get "$id"
  done
  q -A 'northwind-deploy/1.4 curl/8.11.1' "$API/version"          # documented; v0.40.9 does not route it (404)
  q -A 'northwind-deploy/1.4 curl/8.11.1' -H 'Accept: application/json' "$API/rules/tracker_graphql"
  # the decision API tried by hand (any method; the path after /decisions is the URL to judge)
  q -A 'curl/8.11.1' -H 'X-Forwarded-Host: desk.northwind.test' "$API/decisions/ping"
  q -A 'curl/8.11.1' -X PATCH -H 'X-Forwarded-Host: desk.northwind.test' -H 'Authorization: Bearer ndk_3c9e7a10f25b48d6' "$API/decisions/api/tickets/48213"
  q -A 'curl/8.11.1' -X DELETE -H 'X-Forwarded-Host: track.northwind.test' -H 'Authorization: Bearer pat_5e8c3b7a2d9f4016c8e4' "$API/decisions/v3/teams/mobile/projects/android-app"
  q -A 'curl/8.11.1' -H 'X-Forwarded-Host: media.northwind.test' "$API/decisions/albums/midsommar"
  q -A 'curl/8.11.1' -H 'X-Forwarded-Method: GET' -H 'X-Forwarded-Host: reports.northwind.test' -H 'X-Forwarded-Uri: /reports/2026/11/summary.csv' -H 'Authorization: Bearer bi_6b3e9d2a7c5f4180' "$API/decisions"
  # a support engineer going through Oathkeeper's reverse proxy (serve.proxy, 127.0.0.1:14455; not recorded)
  for p in /api/tickets/48302 /api/tickets/48302/comments; do
    q -A 'httpie/3.2.4' -H 'Host: desk.northwind.test' -H 'Authorization: Bearer ndk_e5f2906c1d7a43b8' "http://127.0.0.1:14455$p"
  done
  exit 0
fi

# later: the on-call engineer reviews the rules after an incident, services refresh keys, scanners knock
cli health -e "$API" alive
cli health -e "$API" ready
for p in 1 2; do cli rules -e "$API" list --limit 20 --page "$p"; done
for id in helpdesk-comment-delete helpdesk-queue-tickets kb-article media.albums media.thumbs media.share-links \
          tracker_cors_preflight tracker_team_members tracker_vcs_hooks rpt-daily-v2 RptQuarterlyBoardPack; do
  cli rules -e "$API" get "$id"
done
cli rules -e "$API" get helpdesk-sla           # no such rule (404)
cli rules -e "$API" get media.album.archive    # no such rule (404)
for off in 0 12 24; do q -A 'python-urllib3/2.2.3' "$API/rules?limit=12&offset=$off"; done
for id in media.album.delete tracker_project_delete portal-requests; do
  q -A 'python-urllib3/2.2.3' -H 'Accept: application/json' "$API/rules/$id"
done
q -A 'curl/8.11.1' "$API/rules/tracker-cards"               # wrong spelling (404)
q -A 'Go-http-client/1.1' "$API/version"                     # an inventory job asking every service its version (404)
q -A 'Python-urllib/3.11' -H 'Accept: application/json' "$API/version"
# JWT libraries of other services refreshing their key caches
for ua in 'lestrrat-go/jwx/v2' 'jose/5.9.6 (node)' 'Microsoft.IdentityModel/8.2.1' 'Apache-HttpClient/5.4.1 (Java/21.0.5)'; do
  q -A "$ua" -H 'Accept: application/jwk-set+json, application/json' "$API/.well-known/jwks.json"
done
# a status page in a browser fetches the JWKS with a custom header: CORS preflight first (answered by httprouter)
for n in 1 2; do
  q -A 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' -X OPTIONS -H 'Origin: http://status.northwind.test' \
    -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: x-request-id' "$API/.well-known/jwks.json"
done
q -A 'curl/8.11.1' "$API/health/ready/"                      # trailing slash: httprouter redirects (301)
q -A 'curl/8.11.1' -X PUT -H 'Content-Type: application/json' -d '{"id":"kb-article"}' "$API/rules/kb-article"   # GET-only: 405
# scanners
for p in /.git/HEAD /cgi-bin/luci /owa/auth/logon.aspx /solr/admin/info/system /HNAP1/ /.DS_Store \
         /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /api/jsonws/invoke /telescope/requests /_ignition/health-check \
         /swagger.json /health; do
  q -A 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)' "$API$p"
done
q -A 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' -X POST -H 'Content-Type: text/xml' -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' "$API/xmlrpc.php"
q -A 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' "$API/robots.txt"
exit 0
