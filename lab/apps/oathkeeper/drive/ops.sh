#!/usr/bin/env bash
# ops.sh PHASE - the operators' and platform's calls on Oathkeeper's API port (127.0.0.1:14456):
#   oathkeeper's own CLI (rules list/get, health alive/ready), curl as the docs show it (rules, JWKS, health, /version,
#   the decision API tried by hand with X-Forwarded-* headers), and scanner probes. PHASE is "first" or "last".
set -uo pipefail
API=http://127.0.0.1:14456
OK=${OATHKEEPER:-/tmp/shadowtap-lab/oathkeeper/bin/oathkeeper}
q() { curl -s -o /dev/null -w "%{http_code} $*\n" "$@"; }
cli() { "$OK" "$@" >/dev/null 2>&1; echo "cli $* -> $?"; }

if [ "${1:-first}" = first ]; then
  # deployment checks right after the rollout
  cli health --endpoint "$API" alive
  cli health --endpoint "$API" ready
  cli rules --endpoint "$API" list
  for p in 1 2 3; do cli rules --endpoint "$API" list --limit 10 --page "$p"; done
  for id in accounts:users:member billing:invoice:pdf shop:orders shop:order:delete files:downloads; do
    cli rules --endpoint "$API" get "$id"
  done
  q -A 'curl/8.11.0' "$API/version"           # documented, but v0.40.9 registers no /version route (404)
  q -A 'curl/8.11.0' "$API/.well-known/jwks.json"
  q -A 'curl/8.11.0' "$API/rules?limit=50&offset=0"
  # checking rules by hand against the decision API (Oathkeeper's docs: any method, the path after /decisions)
  q -A 'curl/8.11.0' -H 'X-Forwarded-Host: api.acme.test' "$API/decisions/healthz"
  q -A 'curl/8.11.0' -H 'X-Forwarded-Host: api.acme.test' -H 'Authorization: Bearer mob_7f3a9c2e41d84b6fa0c1' "$API/decisions/v1/users/u-1001"
  q -A 'curl/8.11.0' -X DELETE -H 'X-Forwarded-Host: api.acme.test' -H 'Authorization: Bearer mob_7f3a9c2e41d84b6fa0c1' "$API/decisions/v1/users/u-1001"
  q -A 'curl/8.11.0' -X POST -H 'X-Forwarded-Host: api.acme.test' -H 'Content-Type: application/json' -d '{"email":"test@example.com"}' "$API/decisions/v1/signup"
  q -A 'curl/8.11.0' -H 'X-Forwarded-Host: shop.acme.test' -H 'Cookie: shop_session=sess-91b2d6c0e8a74f15' "$API/decisions/api/cart"
  q -A 'curl/8.11.0' -H 'X-Forwarded-Host: shop.acme.test' "$API/decisions/api/cart"
  q -A 'curl/8.11.0' "$API/decisions/api/cart"       # no X-Forwarded-Host: no rule for host 127.0.0.1:14456 (404)
  q -A 'curl/8.11.0' -H 'X-Forwarded-Method: PUT' -H 'X-Forwarded-Host: files.acme.test' -H 'X-Forwarded-Uri: /uploads/inbound/asn-55200.xml' -H 'Authorization: Bearer svc_0e7d3b5a9c1f4a26b8f9' "$API/decisions"
  # an internal job going through Oathkeeper's reverse proxy (serve.proxy, 127.0.0.1:14455; not recorded)
  for p in /v1/users/u-1004 /v1/users/u-1005/addresses /billing/invoices/INV-2026-10244; do
    q -A 'acme-internal-job/0.3' -H 'Host: api.acme.test' -H 'Authorization: Bearer svc_5d1c0e9a8b7f4e62a3d4' "http://127.0.0.1:14455$p"
  done
  exit 0
fi

# later: the on-call engineer looks at rules and keys, a JWT library refreshes its key cache, scanners knock
cli health --endpoint "$API" ready
cli rules --endpoint "$API" list --limit 100
for id in accounts:signup accounts:users:collection accounts:users:delete billing:invoices billing:admin shop:cart \
          shop:order:items shop:static files:public files:upload; do
  cli rules --endpoint "$API" get "$id"
done
cli rules --endpoint "$API" get shop:wishlist       # no such rule (404)
cli rules --endpoint "$API" get billing:credit-notes
for id in shop:order accounts:users:addresses billing:invoice:payments; do
  q -A 'curl/8.11.0' -H 'Accept: application/json' "$API/rules/$id"
done
q -A 'curl/8.11.0' "$API/rules/accounts:does-not-exist"
for off in 0 10 20; do q -A 'python-requests/2.32.3' "$API/rules?limit=10&offset=$off"; done
for ua in 'node-jose-jwks-rsa/3.1.0' 'Go-http-client/1.1' 'nimbus-jose-jwt/9.41' 'acme-edge-worker/1.2'; do
  q -A "$ua" -H 'Accept: application/json' "$API/.well-known/jwks.json"
done
q -A 'curl/8.11.0' "$API/version"
q -A 'curl/8.11.0' "$API/rules/"                    # trailing slash: httprouter redirects (301) to /rules
q -A 'curl/8.11.0' -X POST -H 'Content-Type: application/json' -d '{"id":"x"}' "$API/rules"   # GET-only route: 405
q -A 'curl/8.11.0' -X DELETE "$API/rules/shop:static"                                          # 405
q -A 'Prometheus/3.1.0' "$API/metrics"            # a scrape job pointed at the API port instead of serve.prometheus (404)
# scanners
for p in /.env /wp-login.php /admin /api/v1/users /.git/config /server-status /actuator/health /phpmyadmin/ \
         /config.json /v2/_catalog /console /.aws/credentials; do
  q -A 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)' "$API$p"
done
q -A 'Mozilla/5.0 zgrab/0.x' -X POST -d 'log=admin&pwd=admin' "$API/wp-login.php"
q -A 'Mozilla/5.0 zgrab/0.x' "$API/"
exit 0
