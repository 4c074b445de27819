#!/usr/bin/env bash
# curl.sh - OAuth2 / OIDC flows and admin API calls with curl, as Ory's Hydra docs show them
# (https://www.ory.sh/docs/hydra/... "5 minute tutorial", "login/consent flow", admin REST API reference).
# The login and consent steps are performed the way a login/consent app does: GET the challenge from the
# admin API and PUT .../accept or .../reject, then follow redirect_to back to the public /oauth2/auth.
set -uo pipefail
. "$(dirname "$0")/env.sh"
STATE=${STATE:-$LAB/state}
J=$STATE/curl.jar
log() { echo "[curl] $*" >&2; }
cid() { awk -F'\t' -v n="$1" '$1==n{print $2}' "$STATE/clients.tsv"; }
sec() { awk -F'\t' -v n="$1" '$1==n{print $3}' "$STATE/clients.tsv"; }
C=(curl -sS -A "curl/7.88.1" -H "Accept: application/json")
loc() { "${C[@]}" -b "$J" -c "$J" -o /dev/null -w '%{redirect_url}' "$1"; }
q() { sed -n "s/.*[?&]$1=\([^&]*\).*/\1/p" <<<"$2"; }

OPS=$(cid ops-dashboard); OPS_SEC=$(sec ops-dashboard); RED=http://127.0.0.1:19447/oauth/callback
users=("b2f1c7a4-3e1d-4c55-9b0e-7d1c2a9f0a11:alice.johnson@example.com" "5d0c9e8a-6b7f-4a3c-8e21-0f9a4b6c2d33:bob.martinez@example.com"
       "e7a4b3c2-1d0f-4e9a-b8c7-6d5e4f3a2b44:carol.nguyen@example.com" "9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a55:dave.okafor@example.com")

# ---- public discovery and health -------------------------------------------------------------
"${C[@]}" "$PUB/.well-known/openid-configuration" -o /dev/null
"${C[@]}" "$PUB/.well-known/jwks.json" -o /dev/null
"${C[@]}" "$PUB/health/alive" -o /dev/null
"${C[@]}" "$PUB/health/ready" -o /dev/null
"${C[@]}" "$ADM/health/alive" -o /dev/null
"${C[@]}" "$ADM/health/ready" -o /dev/null
"${C[@]}" "$ADM/version" -o /dev/null
"${C[@]}" "$ADM/admin/metrics/prometheus" -H "Accept: text/plain" -o /dev/null
# CORS preflights from a single-page app
for p in /oauth2/token /userinfo /.well-known/openid-configuration /oauth2/revoke /.well-known/jwks.json; do
  "${C[@]}" -X OPTIONS "$PUB$p" -H "Origin: https://app.acme.example" -H "Access-Control-Request-Method: POST" -o /dev/null
done

# ---- authorization code flow -----------------------------------------------------------------
flow() { # subject email scope remember [prompt]
  local sub=$1 email=$2 scope=$3 remember=$4 prompt=${5:-} state nonce l ch rt code tok at rtk idt
  state=$(printf 'st%s%s' "$RANDOM" "$RANDOM"); nonce=$(printf 'nc%s%s' "$RANDOM" "$RANDOM")
  l=$(loc "$PUB/oauth2/auth?client_id=$OPS&response_type=code&scope=$scope&redirect_uri=$RED&state=$state&nonce=$nonce${prompt:+&prompt=$prompt}")
  ch=$(q login_challenge "$l")
  if [ -n "$ch" ]; then
    "${C[@]}" "$ADM/admin/oauth2/auth/requests/login?login_challenge=$ch" -o /dev/null
    rt=$("${C[@]}" -X PUT "$ADM/admin/oauth2/auth/requests/login/accept?login_challenge=$ch" -H 'Content-Type: application/json' \
         -d "{\"subject\":\"$sub\",\"remember\":$remember,\"remember_for\":3600,\"acr\":\"0\",\"context\":{\"email\":\"$email\"}}" | jq -r .redirect_to)
    l=$(loc "$rt")
  fi
  ch=$(q consent_challenge "$l")
  if [ -n "$ch" ]; then
    local scopes; scopes=$("${C[@]}" "$ADM/admin/oauth2/auth/requests/consent?consent_challenge=$ch" | jq -c .requested_scope)
    rt=$("${C[@]}" -X PUT "$ADM/admin/oauth2/auth/requests/consent/accept?consent_challenge=$ch" -H 'Content-Type: application/json' \
         -d "{\"grant_scope\":$scopes,\"remember\":$remember,\"remember_for\":3600,\"session\":{\"id_token\":{\"email\":\"$email\"},\"access_token\":{\"department\":\"ops\"}}}" | jq -r .redirect_to)
    l=$(loc "$rt")
  fi
  code=$(q code "$l")
  [ -z "$code" ] && { log "flow for $email ended at: ${l:0:120}"; return 1; }
  tok=$("${C[@]}" -u "$OPS:$OPS_SEC" -X POST "$PUB/oauth2/token" -d grant_type=authorization_code -d "code=$code" --data-urlencode "redirect_uri=$RED")
  at=$(jq -r .access_token <<<"$tok"); rtk=$(jq -r '.refresh_token // empty' <<<"$tok"); idt=$(jq -r '.id_token // empty' <<<"$tok")
  "${C[@]}" -H "Authorization: Bearer $at" "$PUB/userinfo" -o /dev/null
  "${C[@]}" -X POST -H "Authorization: Bearer $at" "$PUB/userinfo" -o /dev/null
  "${C[@]}" -X POST "$ADM/admin/oauth2/introspect" -d "token=$at" -o /dev/null
  if [ -n "$rtk" ]; then
    tok=$("${C[@]}" -u "$OPS:$OPS_SEC" -X POST "$PUB/oauth2/token" -d grant_type=refresh_token -d "refresh_token=$rtk")
    at=$(jq -r .access_token <<<"$tok"); rtk=$(jq -r '.refresh_token // empty' <<<"$tok")
    "${C[@]}" -H "Authorization: Bearer $at" "$PUB/userinfo" -o /dev/null
  fi
  echo "$sub $at $rtk $idt" >> "$STATE/curl-tokens.txt"
}
: > "$STATE/curl-tokens.txt"
for round in 1 2 3 4 5; do
  for u in "${users[@]}"; do
    sub=${u%%:*}; email=${u#*:}
    rm -f "$J"
    case $round in
      1) flow "$sub" "$email" "openid+offline_access+profile+email" true ;;
      2) flow "$sub" "$email" "openid+offline_access" false ;;
      3) flow "$sub" "$email" "openid+email" true ;;
      4) flow "$sub" "$email" "openid+profile" false ;;
      5) flow "$sub" "$email" "openid+offline_access+email" true ;;
    esac
  done
done
# remembered session + remembered consent: second flow skips both screens (skip=true)
rm -f "$J"; flow "${users[0]%%:*}" "${users[0]#*:}" "openid+offline_access+profile+email" true
flow "${users[0]%%:*}" "${users[0]#*:}" "openid+offline_access+profile+email" true
flow "${users[0]%%:*}" "${users[0]#*:}" "openid+profile" true none

# user denies at login, and at consent
rm -f "$J"
l=$(loc "$PUB/oauth2/auth?client_id=$OPS&response_type=code&scope=openid&redirect_uri=$RED&state=denylogin01")
ch=$(q login_challenge "$l")
rt=$("${C[@]}" -X PUT "$ADM/admin/oauth2/auth/requests/login/reject?login_challenge=$ch" -H 'Content-Type: application/json' \
     -d '{"error":"access_denied","error_description":"The resource owner denied the request"}' | jq -r .redirect_to)
loc "$rt" >/dev/null
rm -f "$J"
l=$(loc "$PUB/oauth2/auth?client_id=$OPS&response_type=code&scope=openid+offline_access&redirect_uri=$RED&state=denyconsent01")
ch=$(q login_challenge "$l")
rt=$("${C[@]}" -X PUT "$ADM/admin/oauth2/auth/requests/login/accept?login_challenge=$ch" -H 'Content-Type: application/json' \
     -d "{\"subject\":\"${users[3]%%:*}\"}" | jq -r .redirect_to)
l=$(loc "$rt"); ch=$(q consent_challenge "$l")
"${C[@]}" "$ADM/admin/oauth2/auth/requests/consent?consent_challenge=$ch" -o /dev/null
rt=$("${C[@]}" -X PUT "$ADM/admin/oauth2/auth/requests/consent/reject?consent_challenge=$ch" -H 'Content-Type: application/json' \
     -d '{"error":"access_denied","error_description":"The user declined the scopes"}' | jq -r .redirect_to)
loc "$rt" >/dev/null
# bad authorization requests (unknown client, bad redirect) -> error redirect / fallback error page
"${C[@]}" -o /dev/null "$PUB/oauth2/auth?client_id=4e1f0a2b-unknown-client&response_type=code&scope=openid&state=xyzxyzxyz1"
"${C[@]}" -o /dev/null "$PUB/oauth2/auth?client_id=$OPS&response_type=code&scope=openid&redirect_uri=https://evil.example/cb&state=xyzxyzxyz2"
"${C[@]}" -o /dev/null "$PUB/oauth2/fallbacks/error?error=invalid_request&error_description=The+request+is+missing+a+required+parameter"
"${C[@]}" -o /dev/null "$PUB/oauth2/fallbacks/login"
"${C[@]}" -o /dev/null "$PUB/oauth2/fallbacks/consent"
# login challenge that does not exist -> 404
"${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/requests/login?login_challenge=bm90LWEtcmVhbC1jaGFsbGVuZ2U"
"${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/requests/consent?consent_challenge=bm90LWEtcmVhbC1jb25zZW50"

# ---- tokens: introspection, revocation, errors -------------------------------------------------
while read -r sub at rtk idt; do
  "${C[@]}" -X POST "$ADM/admin/oauth2/introspect" -d "token=$at" -d "scope=openid" -o /dev/null
done < <(head -n 6 "$STATE/curl-tokens.txt")
while read -r sub at rtk idt; do
  [ -n "$rtk" ] && "${C[@]}" -u "$OPS:$OPS_SEC" -X POST "$PUB/oauth2/revoke" -d "token=$rtk" -o /dev/null
  "${C[@]}" -u "$OPS:$OPS_SEC" -X POST "$PUB/oauth2/revoke" -d "token=$at" -d token_type_hint=access_token -o /dev/null
  "${C[@]}" -X POST "$ADM/admin/oauth2/introspect" -d "token=$at" -o /dev/null
done < <(sed -n 7,10p "$STATE/curl-tokens.txt")
"${C[@]}" -o /dev/null "$PUB/userinfo"                                              # 401 no token
"${C[@]}" -o /dev/null -H "Authorization: Bearer ory_at_invalid.token" "$PUB/userinfo"  # 401
"${C[@]}" -o /dev/null -X POST "$PUB/oauth2/token" -d grant_type=client_credentials     # 401 no client auth
"${C[@]}" -o /dev/null -u "$OPS:wrong-secret" -X POST "$PUB/oauth2/token" -d grant_type=authorization_code -d code=ory_ac_bogus
"${C[@]}" -o /dev/null -X POST "$PUB/oauth2/revoke" -d token=ory_at_whatever              # 401 no client auth
"${C[@]}" -o /dev/null -X POST "$PUB/credentials" -H 'Content-Type: application/json' -d '{"format":"jwt_vc_json","types":["VerifiableCredential"]}'  # 401
"${C[@]}" -o /dev/null -X POST "$ADM/admin/oauth2/introspect"                            # 400 missing token
# client_credentials with curl, client_secret_basic as the docs show
for n in billing-service partner-portal inventory-sync mobile-app; do
  for i in 1 2; do
    "${C[@]}" -o /dev/null -u "$(cid $n):$(sec $n)" -X POST "$PUB/oauth2/token" -d grant_type=client_credentials
  done
done

# ---- logout (RP-initiated, OIDC) -------------------------------------------------------------
for i in 0 1 2; do
  rm -f "$J"; u=${users[$i]}
  flow "${u%%:*}" "${u#*:}" "openid+offline_access" true || continue
  idt=$(tail -n1 "$STATE/curl-tokens.txt" | awk '{print $4}')
  l=$(loc "$PUB/oauth2/sessions/logout?id_token_hint=$idt&post_logout_redirect_uri=http://127.0.0.1:19447/logged-out&state=logout$i")
  ch=$(q logout_challenge "$l")
  "${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/requests/logout?logout_challenge=$ch"
  if [ $i = 2 ]; then
    "${C[@]}" -o /dev/null -X PUT "$ADM/admin/oauth2/auth/requests/logout/reject?logout_challenge=$ch"
  else
    rt=$("${C[@]}" -X PUT "$ADM/admin/oauth2/auth/requests/logout/accept?logout_challenge=$ch" | jq -r .redirect_to)
    loc "$rt" >/dev/null
  fi
done
"${C[@]}" -o /dev/null "$PUB/oauth2/fallbacks/logout"
"${C[@]}" -o /dev/null "$PUB/oauth2/fallbacks/logout/callback"

# ---- consent and login sessions (admin) --------------------------------------------------------
for u in "${users[@]}"; do
  "${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/sessions/consent?subject=${u%%:*}"
  "${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/sessions/consent?subject=${u%%:*}&page_size=2"
done
"${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/sessions/consent"   # 400 subject missing
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/oauth2/auth/sessions/consent?subject=${users[1]%%:*}&client=$OPS"
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/oauth2/auth/sessions/consent?subject=${users[2]%%:*}&all=true"
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/oauth2/auth/sessions/login?subject=${users[3]%%:*}"
"${C[@]}" -o /dev/null "$ADM/admin/oauth2/auth/sessions/consent?subject=${users[2]%%:*}"

# ---- admin REST: clients -----------------------------------------------------------------------
"${C[@]}" -o /dev/null "$ADM/admin/clients"
"${C[@]}" -o /dev/null "$ADM/admin/clients?page_size=3"
"${C[@]}" -o /dev/null "$ADM/admin/clients?owner=acme-payments"
"${C[@]}" -o /dev/null "$ADM/admin/clients?owner=partners-team&page_size=10"
"${C[@]}" -o /dev/null "$ADM/admin/clients?client_name=mobile-app"
newc=$("${C[@]}" -X POST "$ADM/admin/clients" -H 'Content-Type: application/json' -d '{"client_name":"reporting-etl","owner":"data-platform","grant_types":["client_credentials"],"scope":"reports.read reports.write","token_endpoint_auth_method":"client_secret_post","metadata":{"cost_center":"4711"}}')
nid=$(jq -r .client_id <<<"$newc"); nsec=$(jq -r .client_secret <<<"$newc")
"${C[@]}" -o /dev/null "$ADM/admin/clients/$nid"
"${C[@]}" -o /dev/null -X PATCH "$ADM/admin/clients/$nid" -H 'Content-Type: application/json' -d '[{"op":"replace","path":"/client_name","value":"reporting-etl-v2"},{"op":"add","path":"/contacts","value":["data@example.com"]}]'
"${C[@]}" -o /dev/null -X PUT "$ADM/admin/clients/$nid/lifespans" -H 'Content-Type: application/json' -d '{"client_credentials_grant_access_token_lifespan":"30m"}'
"${C[@]}" -o /dev/null -X POST "$PUB/oauth2/token" -d grant_type=client_credentials -d "client_id=$nid" -d "client_secret=$nsec" -d "scope=reports.read"
"${C[@]}" -o /dev/null -X PUT "$ADM/admin/clients/$nid" -H 'Content-Type: application/json' -d "{\"client_name\":\"reporting-etl\",\"owner\":\"data-platform\",\"client_secret\":\"$nsec\",\"grant_types\":[\"client_credentials\"],\"scope\":\"reports.read\",\"token_endpoint_auth_method\":\"client_secret_post\"}"
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/oauth2/tokens?client_id=$nid"
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/clients/$nid"
"${C[@]}" -o /dev/null "$ADM/admin/clients/$nid"                                          # 404 after delete
"${C[@]}" -o /dev/null "$ADM/admin/clients/a1b2c3d4-0000-4000-8000-00000000dead"          # 404
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/clients/a1b2c3d4-0000-4000-8000-00000000beef" # 404
# legacy, unprefixed admin paths still used by old scripts: 307 to /admin/... (curl without -L)
"${C[@]}" -o /dev/null "$ADM/clients"
"${C[@]}" -o /dev/null "$ADM/clients/$(cid billing-service)"
"${C[@]}" -o /dev/null "$ADM/keys/hydra.openid.id-token"
"${C[@]}" -o /dev/null -X POST "$ADM/oauth2/introspect" -d token=ory_at_legacy

# ---- admin REST: keys --------------------------------------------------------------------------
"${C[@]}" -o /dev/null -X POST "$ADM/admin/keys/support-desk-signing" -H 'Content-Type: application/json' -d '{"alg":"RS256","use":"sig","kid":"support-2025-01"}'
k=$("${C[@]}" "$ADM/admin/keys/support-desk-signing/support-2025-01")
"${C[@]}" -o /dev/null -X PUT "$ADM/admin/keys/support-desk-signing/support-2025-01" -H 'Content-Type: application/json' -d "$(jq -c '.keys[0]' <<<"$k")"
"${C[@]}" -o /dev/null -X PUT "$ADM/admin/keys/support-desk-signing" -H 'Content-Type: application/json' -d "$k"
"${C[@]}" -o /dev/null "$ADM/admin/keys/support-desk-signing"
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/keys/support-desk-signing/support-2025-01"
"${C[@]}" -o /dev/null "$ADM/admin/keys/support-desk-signing/support-2025-01"               # 404
"${C[@]}" -o /dev/null "$ADM/admin/keys/hydra.openid.id-token"
"${C[@]}" -o /dev/null "$ADM/admin/keys/does-not-exist"                                      # 404
"${C[@]}" -o /dev/null -X DELETE "$ADM/admin/keys/support-desk-signing"

# ---- scanner noise: paths no route serves ------------------------------------------------------
S=(curl -s -o /dev/null -A "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)")
for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health /config.json /.aws/credentials /cgi-bin/test.cgi; do
  "${S[@]}" "$PUB$p"
done
for p in /.env /wp-admin/setup-config.php /api/v1/users /.DS_Store /console; do "${S[@]}" "$ADM$p"; done
log done
