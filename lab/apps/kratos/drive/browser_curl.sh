#!/usr/bin/env bash
# Browser self-service flows driven with curl and a cookie jar, the way Ory's docs show them for
# server-side rendered UIs: GET /self-service/<flow>/browser -> 303 to the UI with ?flow=ID and a CSRF
# cookie; the UI fetches /self-service/<flow>/flows?id=ID (forwarding the cookie), the form posts
# application/x-www-form-urlencoded with csrf_token to /self-service/<flow>?flow=ID.
set -u
. "$(dirname "$0")/common.sh"
JAR_DIR=${JAR_DIR:-/tmp/shadowtap-lab/kratos/state/jars}
mkdir -p "$JAR_DIR"
ORIGIN='Origin: http://127.0.0.1:19435'
flowid() { sed -n 's/^[Ll]ocation: .*[?&]flow=\([0-9a-f-]*\).*/\1/p' | tr -d '\r'; }
csrf() { jq -r '.ui.nodes[] | select(.attributes.name=="csrf_token") | .attributes.value'; }

browser_register() { # jar email first last
  local jar=$1 id f tok
  id=$(C -c "$jar" -b "$jar" -D - -o /dev/null "$PUB/self-service/registration/browser?return_to=http://127.0.0.1:19435/welcome" | flowid)
  f=$(J -c "$jar" -b "$jar" "$PUB/self-service/registration/flows?id=$id"); tok=$(csrf <<<"$f")
  C -c "$jar" -b "$jar" -o /dev/null -H "$ORIGIN" -X POST "$PUB/self-service/registration?flow=$id" \
    --data-urlencode "csrf_token=$tok" --data-urlencode "method=password" --data-urlencode "password=$PASS_A" \
    --data-urlencode "traits.email=$2" --data-urlencode "traits.name.first=$3" --data-urlencode "traits.name.last=$4"
}
browser_login() { # jar email password [refresh]
  local jar=$1 id f tok
  id=$(C -c "$jar" -b "$jar" -D - -o /dev/null "$PUB/self-service/login/browser${4:-}" | flowid)
  f=$(J -c "$jar" -b "$jar" "$PUB/self-service/login/flows?id=$id"); tok=$(csrf <<<"$f")
  C -c "$jar" -b "$jar" -o /dev/null -H "$ORIGIN" -X POST "$PUB/self-service/login?flow=$id" \
    --data-urlencode "csrf_token=$tok" --data-urlencode "method=password" \
    --data-urlencode "identifier=$2" --data-urlencode "password=$3"
}
browser_logout() { # jar
  local url
  url=$(J -c "$1" -b "$1" "$PUB/self-service/logout/browser" | jq -r '.logout_url // empty')
  [ -n "$url" ] && C -c "$1" -b "$1" -o /dev/null "$url"
}

NEW_USERS=("grace.kim@example.com Grace Kim" "hiro.tanaka@example.org Hiro Tanaka" "ines.moreau@example.net Ines Moreau")
for u in "${NEW_USERS[@]}"; do
  set -- $u; jar="$JAR_DIR/$2.jar"; rm -f "$jar"
  browser_register "$jar" "$1" "$2" "$3"
  J -b "$jar" "$PUB/sessions/whoami" >/dev/null
  # settings in the browser: profile update
  id=$(C -c "$jar" -b "$jar" -D - -o /dev/null "$PUB/self-service/settings/browser" | flowid)
  f=$(J -c "$jar" -b "$jar" "$PUB/self-service/settings/flows?id=$id"); tok=$(csrf <<<"$f")
  C -c "$jar" -b "$jar" -o /dev/null -H "$ORIGIN" -X POST "$PUB/self-service/settings?flow=$id" \
    --data-urlencode "csrf_token=$tok" --data-urlencode "method=profile" --data-urlencode "traits.email=$1" \
    --data-urlencode "traits.name.first=$2" --data-urlencode "traits.name.last=$3"
  J -b "$jar" "$PUB/sessions" >/dev/null
  browser_logout "$jar"
  J -b "$jar" "$PUB/sessions/whoami" >/dev/null          # 401 after logout
done

# the API-registered users log in through the browser too (several sessions per day)
for round in 1 2; do
for u in "${USERS[@]}" "${NEW_USERS[@]}"; do
  set -- $u; jar="$JAR_DIR/$2.b.jar"; rm -f "$jar"
  pw=$PASS_B; case $2 in Farid|Grace|Hiro|Ines) pw=$PASS_A;; esac
  browser_login "$jar" "$1" "$pw"
  J -b "$jar" "$PUB/sessions/whoami" >/dev/null
  J -b "$jar" "$PUB/sessions/whoami" >/dev/null
  # JSON-accepting SPA style browser flow init (200 + flow body instead of 303)
  J -c "$jar" -b "$jar" "$PUB/self-service/settings/browser" >/dev/null
  if [ $round = 2 ]; then
    # verification + recovery browser flows
    id=$(C -c "$jar" -b "$jar" -D - -o /dev/null "$PUB/self-service/verification/browser" | flowid)
    f=$(J -c "$jar" -b "$jar" "$PUB/self-service/verification/flows?id=$id"); tok=$(csrf <<<"$f")
    C -c "$jar" -b "$jar" -o /dev/null -H "$ORIGIN" -X POST "$PUB/self-service/verification?flow=$id" \
      --data-urlencode "csrf_token=$tok" --data-urlencode "method=code" --data-urlencode "email=$1"
    browser_logout "$jar"
    id=$(C -c "$jar" -b "$jar" -D - -o /dev/null "$PUB/self-service/recovery/browser" | flowid)
    f=$(J -c "$jar" -b "$jar" "$PUB/self-service/recovery/flows?id=$id"); tok=$(csrf <<<"$f")
    C -c "$jar" -b "$jar" -o /dev/null -H "$ORIGIN" -X POST "$PUB/self-service/recovery?flow=$id" \
      --data-urlencode "csrf_token=$tok" --data-urlencode "method=code" --data-urlencode "email=$1"
  else
    # re-authentication (refresh) then logout
    browser_login "$jar" "$1" "$pw" "?refresh=true"
    browser_logout "$jar"
  fi
done
done

# a login form posted without the CSRF cookie/token -> 403, and bad password in the browser -> 303 back to UI
jar="$JAR_DIR/anon.jar"; rm -f "$jar"
id=$(C -c "$jar" -b "$jar" -D - -o /dev/null "$PUB/self-service/login/browser" | flowid)
C -o /dev/null -H "$ORIGIN" -X POST "$PUB/self-service/login?flow=$id" --data-urlencode "method=password" \
  --data-urlencode "identifier=alice.nguyen@example.org" --data-urlencode "password=guess"
browser_login "$jar" "bob.okafor@example.org" "not-my-password"
C -o /dev/null "$PUB/self-service/logout/browser"                   # no session -> 401
C -o /dev/null "$PUB/self-service/settings/browser"                 # no session -> 303 to login
C -o /dev/null "$PUB/self-service/errors?id=9d7e4c1b-2a3f-4e5d-8c6b-7a9f0e1d2c3b"
