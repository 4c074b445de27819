#!/usr/bin/env bash
# curl as the PowerDNS docs show it (doc.powerdns.com/authoritative/http-api: `curl -H 'X-API-Key: ...'`),
# plus what reaches a real webserver port: the status page and /metrics without credentials (open, no
# webserver-password here), API calls without a key and with a wrong one (401), a Prometheus scraper, and a
# few scanner probes that hit no route.
set -uo pipefail
B=${PDNS_URL:-http://127.0.0.1:18081}
K="X-API-Key: $PDNS_API_KEY"
S=$B/api/v1/servers/localhost
n=0
c() { n=$((n+1)); printf '%s ' "$(curl -s -o /dev/null -w '%{http_code}' "$@")"; echo "$@" | sed "s/$PDNS_API_KEY/<key>/"; }

# the docs' first examples
c -H "$K" $S/zones
c -X POST --data '{"name":"example.com.", "kind": "Native", "masters": [], "nameservers": ["ns1.example.com.", "ns2.example.com."]}' -H "$K" $S/zones
c -H "$K" $S/zones/example.com.
c -X PATCH --data '{"rrsets": [ {"name": "test.example.com.", "type": "A", "ttl": 86400, "changetype": "REPLACE", "records": [ {"content": "192.0.5.4", "disabled": false } ] } ] }' -H "$K" $S/zones/example.com.
c -H "$K" $S/zones/example.com.
c -H "$K" $S/zones/example.com./export
c -H "$K" $B/api/v1/servers
c -H "$K" $B/api/docs
c -H "$K" "$S/statistics?statistic=uptime"
c -H "$K" "$S/search-data?q=test*&max=10"
c -X PUT -H "$K" "$S/cache/flush?domain=test.example.com."
c -X DELETE -H "$K" $S/zones/example.com.

# without a key, and with a wrong or stale one
for p in /api /api/v1 /api/v1/servers /api/v1/servers/localhost /api/v1/servers/localhost/zones \
         /api/v1/servers/localhost/zones/example.org. /api/v1/servers/localhost/statistics \
         /api/v1/servers/localhost/config /api/v1/servers/localhost/tsigkeys /api/docs; do
  c $B$p
done
c -X POST --data '{"name":"evil.example.", "kind": "Native", "nameservers": []}' $S/zones
c -X PATCH --data '{"rrsets": []}' $S/zones/example.org.
c -X DELETE $S/zones/shop.example.net.
for p in /api/v1/servers /api/v1/servers/localhost/zones /api/v1/servers/localhost/zones/k8s-internal.corp. \
         /api/v1/servers/localhost/tsigkeys /api/v1/servers/localhost/zones/example.org./cryptokeys; do
  c -H 'X-API-Key: changeme' $B$p
  c -H 'X-API-Key: 0f3c9b1e8d7a6b5c' $B$p
done
c -u admin:admin $S/zones
c -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc' $S/zones

# the status page and metrics: open to the allowed networks
c $B/
c "$B/?ring=queries"
c $B/style.css
for i in $(seq 30); do c -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' -A 'Prometheus/2.45.3' $B/metrics; done

# monitoring scripts that read single statistics
for s in uptime udp-queries udp-answers tcp-queries servfail-packets packetcache-hit packetcache-miss \
         query-cache-hit query-cache-miss backend-queries; do
  c -H "$K" "$S/statistics?statistic=$s"
done

# CORS preflights from an admin single-page app served on another origin (the API wrapper answers them
# without a key), then the real calls
for p in /api/v1/servers/localhost/zones /api/v1/servers/localhost/zones/example.org.; do
  c -X OPTIONS -H 'Origin: http://127.0.0.1:8080' -H 'Access-Control-Request-Method: GET' \
    -H 'Access-Control-Request-Headers: x-api-key' $B$p
  c -H 'Origin: http://127.0.0.1:8080' -H "$K" $B$p
done

# scanner probes: no route
for p in /.env /wp-login.php /admin/config.php /.git/config /phpmyadmin/index.php /server-status \
         /actuator/health /api/v2/servers /api/v1/servers/localhost/zones/example.org./check /config.json; do
  c $B$p
done
c -X POST --data 'log=admin&pwd=admin' $B/wp-login.php
echo "curl.sh: $n requests" >&2
