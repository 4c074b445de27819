#!/usr/bin/env bash
# cli.sh - drive Hydra with its own CLI (hydra v2.3.0, github.com/ory/hydra/v2/cmd; uses hydra-client-go/v2).
# Admin commands target the admin port, OAuth2 "perform"/"revoke" commands target the public port.
# Writes client ids/secrets to $STATE/clients.tsv for the other drivers.
set -uo pipefail
. "$(dirname "$0")/env.sh"
STATE=${STATE:-$LAB/state}; mkdir -p "$STATE"
h() { "$HYDRA" "$@"; }
A="-e $ADM"; P="-e $PUB"
log() { echo "[cli] $*" >&2; }
: > "$STATE/clients.tsv"

# --- service clients (client_credentials) -------------------------------------------------------
mk_service() { # name owner scope audience secret [fixed-id]
  local idflag=(); [ -n "${6:-}" ] && idflag=(--id "$6")
  local out; out=$(h create oauth2-client $A --format json --name "$1" --owner "$2" \
      --grant-type client_credentials --response-type token --scope "$3" --audience "$4" \
      --secret "$5" --token-endpoint-auth-method client_secret_basic "${idflag[@]}" \
      --metadata "{\"team\":\"$2\",\"tier\":\"internal\"}" --contact "platform@example.com")
  local id; id=$(jq -r .client_id <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$1" "$id" "$5" service >> "$STATE/clients.tsv"; log "created $1 $id"
}
mk_service billing-service   acme-payments  "invoices.read,invoices.write,customers.read" "https://api.acme.example/billing"   "billing-s3cret-0001"
mk_service mobile-app        acme-mobile    "profile.read,orders.read,orders.write"      "https://api.acme.example/mobile"    "mobile-s3cret-0002"  "2d8f0c61-6a43-4f6e-9d35-1b7e8a9c4f01"
mk_service partner-portal    partners-team  "catalog.read,orders.read"                   "https://api.acme.example/partners"  "partner-s3cret-0003"
mk_service inventory-sync    acme-payments  "catalog.read,catalog.write"                 "https://api.acme.example/inventory" "inventory-s3cret-0004"
mk_service analytics-worker  data-platform  "events.read,reports.write"                  "https://api.acme.example/analytics" "analytics-s3cret-0005" "7c1e9b42-0d5a-4b8f-a3e6-52f9d0c8b702"
mk_service legacy-cron       data-platform  "reports.write"                              "https://api.acme.example/analytics" "legacy-s3cret-0006"

# --- web clients (authorization_code), used by curl.sh and browser.js ---------------------------
mk_web() { # name owner secret redirect post-logout
  local out; out=$(h create oauth2-client $A --format json --name "$1" --owner "$2" --secret "$3" \
      --grant-type authorization_code,refresh_token --response-type code,id_token \
      --scope openid,offline_access,offline,profile,email --redirect-uri "$4" \
      --post-logout-callback "$5" --token-endpoint-auth-method client_secret_basic \
      --client-uri "https://$1.acme.example" --logo-uri "https://$1.acme.example/logo.png")
  local id; id=$(jq -r .client_id <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$1" "$id" "$3" web >> "$STATE/clients.tsv"; log "created $1 $id"
}
mk_web web-shop      acme-mobile   "webshop-s3cret-0101"  "$LC/callback?rp=web-shop" "$LC/logged-out"
mk_web support-desk  partners-team "support-s3cret-0102"  "$LC/callback?rp=support-desk" "$LC/logged-out"
mk_web ops-dashboard acme-payments "opsdash-s3cret-0103"  "http://127.0.0.1:19447/oauth/callback" "http://127.0.0.1:19447/logged-out"

cid() { awk -F'\t' -v n="$1" '$1==n{print $2}' "$STATE/clients.tsv"; }
sec() { awk -F'\t' -v n="$1" '$1==n{print $3}' "$STATE/clients.tsv"; }

# --- import clients from a file (hydra import oauth2-client)
h import oauth2-client $A "$(dirname "$0")/import-clients.json" --format json > "$STATE/imported.json"

# --- read / list --------------------------------------------------------------------------------
h list oauth2-clients $A --format json >/dev/null
h list oauth2-clients $A --page-size 2 --format json >/dev/null
h list oauth2-clients $A --page-size 5 >/dev/null
for n in billing-service mobile-app partner-portal inventory-sync analytics-worker web-shop support-desk; do
  h get oauth2-client $A "$(cid $n)" --format json >/dev/null
done
h get oauth2-client $A "$(cid billing-service)" "$(cid partner-portal)" >/dev/null
h get oauth2-client $A 0b7c3f1e-9a2d-4e5f-8c6b-4a3d2e1f0a99 >/dev/null 2>&1 || log "get missing client -> error (expected)"

# --- update (PUT) -------------------------------------------------------------------------------
h update oauth2-client $A "$(cid partner-portal)" --name partner-portal --owner partners-team \
  --grant-type client_credentials --response-type token --scope catalog.read,orders.read,shipments.read \
  --audience https://api.acme.example/partners --secret partner-s3cret-0003 --format json >/dev/null
h update oauth2-client $A "$(cid inventory-sync)" --name inventory-sync --owner acme-payments \
  --grant-type client_credentials --response-type token --scope catalog.read,catalog.write,stock.write \
  --audience https://api.acme.example/inventory --secret inventory-s3cret-0004 --format json >/dev/null

# --- client credentials, introspection, revocation ----------------------------------------------
: > "$STATE/tokens.tsv"
cc() { # name scopes audience
  local out; out=$(h perform client-credentials $P --client-id "$(cid $1)" --client-secret "$(sec $1)" \
      ${2:+--scope "$2"} ${3:+--audience "$3"} --format json 2>/dev/null)
  local t; t=$(jq -r '.access_token // empty' <<<"$out")
  [ -n "$t" ] && printf '%s\t%s\n' "$1" "$t" >> "$STATE/tokens.tsv"
  echo "$t"
}
for round in 1 2 3 4; do
  cc billing-service "invoices.read,customers.read" https://api.acme.example/billing >/dev/null
  cc billing-service "invoices.write" "" >/dev/null
  cc mobile-app "profile.read,orders.read" https://api.acme.example/mobile >/dev/null
  cc partner-portal "catalog.read" https://api.acme.example/partners >/dev/null
  cc inventory-sync "catalog.write,stock.write" "" >/dev/null
  cc analytics-worker "events.read" https://api.acme.example/analytics >/dev/null
done
cc legacy-cron "reports.write" "" >/dev/null
# a scope the client was not granted -> invalid_scope
h perform client-credentials $P --client-id "$(cid partner-portal)" --client-secret "$(sec partner-portal)" --scope orders.write >/dev/null 2>&1 || log "invalid scope rejected (expected)"
# wrong secret -> 401 invalid_client
h perform client-credentials $P --client-id "$(cid mobile-app)" --client-secret not-the-secret >/dev/null 2>&1 || log "bad secret rejected (expected)"

while IFS=$'\t' read -r n t; do
  h introspect token $A "$t" --format json >/dev/null
done < <(head -n 12 "$STATE/tokens.tsv")
h introspect token $A "$(awk -F'\t' '$1=="billing-service"{print $2; exit}' "$STATE/tokens.tsv")" --scope invoices.read >/dev/null
h introspect token $A "ory_at_thisIsNotARealToken.abcdef" --format json >/dev/null 2>&1 || true

# revoke a few tokens with the owning client's credentials, then introspect again (inactive)
for n in billing-service mobile-app analytics-worker; do
  t=$(awk -F'\t' -v n="$n" '$1==n{print $2}' "$STATE/tokens.tsv" | tail -n1)
  h revoke token $P --client-id "$(cid $n)" --client-secret "$(sec $n)" "$t" >/dev/null
  h introspect token $A "$t" --format json >/dev/null
done
# delete all access tokens of one client
h delete access-tokens $A "$(cid legacy-cron)" >/dev/null

# --- JSON Web Key sets --------------------------------------------------------------------------
h create jwk $A payments-signing --alg RS256 --use sig --format json >/dev/null
h create jwk $A mobile-encryption --alg ES256 --use enc --format json >/dev/null
h create jwk $A partner-webhooks --alg ES512 --use sig --format json >/dev/null
h create jwk $A payments-signing --alg RS256 --use sig --public --format json >/dev/null   # rotates: adds a 2nd key
h create jwk $A edge-tokens --alg EdDSA --use sig >/dev/null
h get jwk $A payments-signing --format json >/dev/null
h get jwk $A payments-signing mobile-encryption --format json >/dev/null
h get jwk $A hydra.openid.id-token --public --format json >/dev/null
h get jwk $A partner-webhooks >/dev/null
h get jwk $A no-such-set >/dev/null 2>&1 || log "missing jwk set -> error (expected)"
h delete jwk $A edge-tokens >/dev/null
h delete jwk $A partner-webhooks >/dev/null
h get jwk $A edge-tokens >/dev/null 2>&1 || true

# --- delete clients -----------------------------------------------------------------------------
h delete oauth2-client $A "$(cid legacy-cron)" >/dev/null
h list oauth2-clients $A --format json >/dev/null
h delete oauth2-client $A 3f2a1b0c-4d5e-4f60-8a7b-9c0d1e2f3a44 >/dev/null 2>&1 || log "delete missing client -> error (expected)"
log done
