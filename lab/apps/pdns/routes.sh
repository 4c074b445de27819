#!/usr/bin/env bash
# Extracts PowerDNS Authoritative 4.7.3's route table from the installed binary and checks it at run time.
#
# The Debian source is not available here, so the handler paths come from /usr/sbin/pdns_server itself: the
# YaHTTP router is given literal templates (registerApiHandler / registerWebHandler in ws-auth.cc), which stay
# in the binary as strings: `strings | grep '^/api'`, plus /metrics and /style.css. Strings with "{/x}" are the
# RFC 6570 URL templates the API answers with (server_url, zones_url, ...), not handler paths, and
# ".../zones/" is the prefix used to build zone URLs; both are dropped. The index page "/" is too short for
# strings(1): it is added by hand (the status page's own links point to it). "<x>" -> "{x}".
#
# The router dispatches on the path only (the handlers check the method and answer 405 themselves; the API
# wrapper answers every OPTIONS preflight), so the methods of each path are found at run time: a throw-away
# instance (fresh sqlite DB, ports 18082/15354) gets GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE on every path
# (placeholders filled with a zone, a cryptokey, a metadata kind, a TSIG key and an autoprimary created first;
# longer paths first, so the zone is deleted last). A method is routed unless the answer is the router's own
# 404 (text/plain "Not Found") or the handler's 405. A path that takes all seven is written "* PATH".
#
# YaHTTP matches a "<x>" in the middle of a template up to the next "/", but a "<x>" at the end of a template
# takes the rest of the path, slashes included (router.cpp: a trailing placeholder runs to the end of the
# URL). Each template ending in a placeholder is checked for that: an OPTIONS without a key (answered 200 by the
# API wrapper on any routed path, 404 by the router otherwise) on the concrete path plus "/x"; when routed,
# the placeholder is written "{x*}".
#
# Last step, a deliberate deviation from the router: the router registers the literal server id
# "/api/v1/servers/localhost/..." (the only server an Authoritative server has; the API lists it as
# {"id": "localhost"}), while the spec documents "/servers/{server_id}/...". The labeller (internal/applab)
# pairs a route with an operation only when literals and parameters sit in the same places, so with the
# literal every operation would be unrouted and every call a shadow endpoint. routes.txt therefore writes
# that segment as "{server_id}", as the spec does; the traffic calls no other server id, so no request is
# routed differently (another id would be the router's 404, noise).
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
L=/tmp/shadowtap-lab/pdns
[ -x /usr/sbin/pdns_server ] || bash $APP/setup.sh
# The rest runs in a private network namespace whose only interface is loopback (unshare, as root), so nothing
# the server does on its own can leave 127.0.0.0/8: it looks up the addresses of a zone's NS hosts with the
# system resolver (getaddrinfo) before sending NOTIFYs, which on the host would reach the configured resolver.
if [ -z "${PDNS_LAB_NETNS:-}" ]; then
  exec env PDNS_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
fi
D=$(mktemp -d $L/routes.XXXX)
WP=18082; KEY=routes-probe-key
sed -e "s#@RUN@#$D#; s#@API_KEY@#$KEY#; s#@WEBPORT@#$WP#; s#@DNSPORT@#15354#" $APP/drive/pdns.conf.in > $D/pdns.conf
sqlite3 $D/pdns.sqlite3 < /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
/usr/sbin/pdns_server --config-dir=$D --socket-dir=$D --daemon=no --guardian=no --disable-syslog > $D/server.log 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
for i in $(seq 100); do grep -q 'Listening for HTTP' $D/server.log && break; sleep 0.1; done
B=http://127.0.0.1:$WP
api() { curl -s -o /dev/null -X "$1" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' "$B$2" ${3:+-d "$3"}; }
Z=routes-probe.example.
api POST /api/v1/servers/localhost/zones "{\"name\":\"$Z\",\"kind\":\"Native\",\"nameservers\":[\"ns1.$Z\"]}"
CK=$(curl -s -X POST -H "X-API-Key: $KEY" $B/api/v1/servers/localhost/zones/$Z/cryptokeys -d '{"keytype":"csk","active":true}' | jq -r .id)
api PUT /api/v1/servers/localhost/zones/$Z/metadata/ALLOW-AXFR-FROM '{"metadata":["127.0.0.1"]}'
api POST /api/v1/servers/localhost/tsigkeys '{"name":"routes-probe-key","algorithm":"hmac-sha256"}'
api POST /api/v1/servers/localhost/autoprimaries '{"ip":"127.0.0.2","nameserver":"ns1.routes-probe.example.","account":""}'

paths=$( { echo /; strings -n 4 /usr/sbin/pdns_server | grep -E '^/(api|metrics$|style\.css$)' ; } \
  | grep -v '{' | grep -v '/$' | grep -vx '' | sort -u)
[ -n "$(echo "$paths" | grep -x /)" ] || paths=$(printf '/\n%s' "$paths")
probe() {  # $1 method, $2 concrete path -> "yes" when routed
  local out code ct body
  out=$(curl -s -X "$1" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -o $D/body -w '%{http_code} %{content_type}' "$B$2" ${3:+-d "$3"} || true)
  # curl -I: no body to look at (a HEAD is routed when answered neither 404 nor 405)
  [ "$1" = HEAD ] && out=$(curl -s -I -H "X-API-Key: $KEY" -o /dev/null -w '%{http_code} HEAD' "$B$2" || true) && : > $D/body
  code=${out%% *}; ct=${out#* }; body=$(head -c 100 $D/body)
  [ "$1" = HEAD ] && [ "$code" = 404 ] && return 1
  echo "$1 $2 -> $code $ct $(echo "$body" | tr -d '\n' | head -c 60)" >> $D/probe.log
  if [ "$code" = 405 ] || [ "$code" = 000 ]; then return 1; fi
  if [ "$code" = 404 ] && [[ "$ct" == text/plain* ]] && [ "$body" = "Not Found" ]; then return 1; fi
  return 0
}
{
  echo "# PowerDNS Authoritative Server 4.7.3 (Debian pdns-server 4.7.3-2) route table, generated by routes.sh:"
  echo "# handler paths from strings(1) of /usr/sbin/pdns_server (plus \"/\" by hand), methods and trailing"
  echo "# catch-all placeholders probed at run time. The router's literal /api/v1/servers/localhost is written"
  echo "# /api/v1/servers/{server_id} as the spec has it (see routes.sh)."
  echo "$paths" | awk -F/ '{print NF "\t" $0}' | sort -k1,1nr -k2 | cut -f2 | while read -r p; do
    id=$Z; case "$p" in */tsigkeys/*) id=routes-probe-key. ;; esac
    c=$(echo "$p" | sed -e "s#<id>#$id#; s#<key_id>#$CK#; s#<kind>#ALLOW-AXFR-FROM#; s#<ip>#127.0.0.2#; s#<nameserver>#ns1.routes-probe.example.#")
    t=$(echo "$p" | sed -E 's#<([A-Za-z0-9_]+)>#{\1}#g')
    if [[ "$p" == *'>' ]]; then
      code=$(curl -s -X OPTIONS -o /dev/null -w '%{http_code}' "$B$c/x")
      echo "OPTIONS $c/x (catch-all check) -> $code" >> $D/probe.log
      [ "$code" = 200 ] && t=$(echo "$t" | sed -E 's#\{([A-Za-z0-9_]+)\}$#{\1*}#')
    fi
    ms=()
    for m in GET HEAD OPTIONS POST PUT PATCH DELETE; do
      probe $m "$c" && ms+=($m) || true
    done
    if [ ${#ms[@]} -eq 7 ]; then echo "* $t"; elif [ ${#ms[@]} -gt 0 ]; then for m in "${ms[@]}"; do echo "$m $t"; done; else echo "# not routed: $t" ; fi
  done
} | sed -E 's#^([A-Z]+|\*) /api/v1/servers/localhost(/|$)#\1 /api/v1/servers/{server_id}\2#' > $D/routes.txt
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
cp $D/probe.log $L/routes-probe.log
mv $D/routes.txt $APP/routes.txt
rm -rf $D
cat $APP/routes.txt
