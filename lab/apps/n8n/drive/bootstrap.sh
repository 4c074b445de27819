#!/usr/bin/env bash
# First contact with a fresh n8n, as the editor UI does it but with curl and a cookie jar (the calls of the /setup
# and /signup pages): health checks, the public settings, 401s, owner setup, a wrong and a right sign-in, an API key
# for the scripts (Settings > n8n API), member invitations and their acceptance, each member's own sign-in and key.
set -euo pipefail
. "$(dirname "$0")/env.sh"
get() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "${@:3}" "$B$2" >&2; }
get GET /healthz
get GET /healthz/readiness
req - GET /rest/settings > /dev/null
req - GET /rest/login > /dev/null                       # no session: 401
req - GET /api/v1/workflows > /dev/null                 # no API key: 401
OWNER=nadia.haddad@northwind-logistics.test
OPASS='Cargo-Route-2026!'
req jar:owner POST /rest/owner/setup "{\"email\":\"$OWNER\",\"firstName\":\"Nadia\",\"lastName\":\"Haddad\",\"password\":\"$OPASS\"}" > /dev/null
req jar:owner POST /rest/logout > /dev/null
req jar:owner POST /rest/login "{\"emailOrLdapLoginId\":\"$OWNER\",\"password\":\"wrong-password\"}" > /dev/null
req jar:owner POST /rest/login "{\"emailOrLdapLoginId\":\"$OWNER\",\"password\":\"$OPASS\"}" > "$STATE/owner.json"
OWNER_ID=$(jq -r .data.id "$STATE/owner.json")
echo "nadia-haddad $OWNER_ID $OWNER $OPASS" > "$STATE/users"
req jar:owner GET /rest/login > /dev/null
req jar:owner GET /rest/api-keys > /dev/null
SCOPES=$(req jar:owner GET /rest/api-keys/scopes | jq -c .data)
req jar:owner POST /rest/api-keys "{\"label\":\"ops-scripts\",\"expiresAt\":null,\"scopes\":$SCOPES}" | jq -r .data.rawApiKey > "$STATE/owner.key"
req jar:owner POST /rest/api-keys "{\"label\":\"temp-key\",\"expiresAt\":null,\"scopes\":$SCOPES}" | jq -r .data.id > "$STATE/tmpkey.id"
req jar:owner PATCH "/rest/api-keys/$(cat "$STATE/tmpkey.id")" '{"label":"temp-key (old laptop)"}' > /dev/null
req jar:owner DELETE "/rest/api-keys/$(cat "$STATE/tmpkey.id")" > /dev/null
req jar:owner GET /rest/api-keys > /dev/null
# members: invited by the owner, each accepts the link
INV='[{"email":"tomas.lindqvist@northwind-logistics.test","role":"global:member"},{"email":"aiko.tanaka@northwind-logistics.test","role":"global:member"},{"email":"grace.mensah@northwind-logistics.test","role":"global:member"},{"email":"omar.farouk@northwind-logistics.test","role":"global:member"}]'
req jar:owner POST /rest/invitations "$INV" > "$STATE/invited.json"
i=0
for who in "tomas-lindqvist Tomas Lindqvist Fjord-Lantern-19" "aiko-tanaka Aiko Tanaka Maple-Kettle-88" \
           "grace-mensah Grace Mensah Cocoa-Harbor-53" "omar-farouk Omar Farouk Dune-Signal-27"; do
  read -r u first last pass <<< "$who"
  url=$(jq -r ".data[$i].user.inviteAcceptUrl" "$STATE/invited.json")
  id=$(jq -r ".data[$i].user.id" "$STATE/invited.json")
  email=$(jq -r ".data[$i].user.email" "$STATE/invited.json")
  q=${url#*\?}
  req "jar:$u" GET "/rest/resolve-signup-token?$q" > /dev/null
  if [[ "$q" == token=* ]]; then
    req "jar:$u" POST /rest/invitations/accept "{\"token\":\"${q#token=}\",\"firstName\":\"$first\",\"lastName\":\"$last\",\"password\":\"$pass\"}" > /dev/null
  else
    req "jar:$u" POST "/rest/invitations/$id/accept" "{\"inviterId\":\"$OWNER_ID\",\"firstName\":\"$first\",\"lastName\":\"$last\",\"password\":\"$pass\"}" > /dev/null
  fi
  echo "$u $id $email $pass" >> "$STATE/users"
  i=$((i+1))
done
for u in tomas-lindqvist aiko-tanaka; do
  read -r _ id email pass < <(awk -v u=$u '$1==u' "$STATE/users")
  req "jar:$u" POST /rest/login "{\"emailOrLdapLoginId\":\"$email\",\"password\":\"$pass\"}" > /dev/null
  S=$(req "jar:$u" GET /rest/api-keys/scopes | jq -c .data)
  req "jar:$u" POST /rest/api-keys "{\"label\":\"$u-laptop\",\"expiresAt\":null,\"scopes\":$S}" | jq -r .data.rawApiKey > "$STATE/$u.key"
done
req jar:owner GET /rest/users > /dev/null
