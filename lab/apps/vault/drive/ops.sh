#!/usr/bin/env bash
# Operations with curl as the API docs show: sys endpoints, response wrapping, leases, the PKI's public CA and CRL
# endpoints, calls without a token, with a bad or revoked token (403), a kubelet-style health probe and a load
# balancer's HEAD, the Prometheus scrape with and without its token.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
OLU=$(cat "$STATE/olu-token"); ROOT=$(cat "$STATE/root-token"); PROM=$(cat "$STATE/prom-token")
R=(curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n')
echo "-- public (no token)"
"${R[@]}" "$BASE/v1/sys/health"
"${R[@]}" "$BASE/v1/sys/health?standbyok=true&perfstandbyok=true"
"${R[@]}" -I "$BASE/v1/sys/health"
"${R[@]}" "$BASE/v1/sys/seal-status"
"${R[@]}" "$BASE/v1/sys/leader"
"${R[@]}" "$BASE/v1/sys/init"
"${R[@]}" -A 'cert-manager/v1.14' "$BASE/v1/pki/ca/pem"
"${R[@]}" -A 'cert-manager/v1.14' "$BASE/v1/pki/ca_chain"
"${R[@]}" -A 'openssl-crl-fetch' "$BASE/v1/pki/crl"
"${R[@]}" -A 'openssl-crl-fetch' "$BASE/v1/pki/crl/pem"
"${R[@]}" "$BASE/v1/pki/cert/ca"
"${R[@]}" "$BASE/v1/pki/issuer/default/json"
"${R[@]}" "$BASE/v1/pki/cert/$(cat "$STATE/ledger-serial")"
"${R[@]}" "$BASE/v1/sys/internal/ui/feature-flags"
"${R[@]}" "$BASE/v1/sys/internal/ui/mounts"
"${R[@]}" "$BASE/v1/auth/userpass/login/priya.sharma" -X POST -d '{"password":"Monsoon-Ledger-81"}'
echo "-- without a token / bad token / revoked token"
"${R[@]}" "$BASE/v1/secret/data/teams/payments/db/primary"
"${R[@]}" "$BASE/v1/sys/mounts"
"${R[@]}" "$BASE/v1/sys/policies/acl?list=true"
"${R[@]}" -X LIST "$BASE/v1/secret/metadata/apps"
"${R[@]}" "$BASE/v1/auth/token/lookup-self"
"${R[@]}" -X POST -d '{"plaintext":"aGVsbG8="}' "$BASE/v1/transit/encrypt/payments-card"
"${R[@]}" "$BASE/v1/sys/metrics?format=prometheus"
"${R[@]}" -H 'X-Vault-Token: s.fAk3t0k3nN0tR34l' "$BASE/v1/secret/data/apps/storefront/prod/config"
"${R[@]}" -H 'X-Vault-Token: hvs.CAESIExpiredOrNeverIssuedTokenNW' "$BASE/v1/sys/auth"
"${R[@]}" -H 'Authorization: Bearer hvs.CAESIExpiredOrNeverIssuedTokenNW' "$BASE/v1/identity/entity/name?list=true"
"${R[@]}" -H "X-Vault-Token: $(jq -r .auth.client_token "$STATE/tok1.json")" "$BASE/v1/secret/data/apps/storefront/prod/config"
echo "-- sys (SRE token)"
H=(-H "X-Vault-Token: $OLU")
"${R[@]}" "${H[@]}" "$BASE/v1/sys/mounts"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/mounts/secret"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/auth"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/policies/acl?list=true"
"${R[@]}" "${H[@]}" -X LIST "$BASE/v1/sys/policies/acl"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/policies/acl/team-payments"
"${R[@]}" "${H[@]}" -X PUT -d '{"policy":"path \"secret/data/apps/mobile-app/*\" { capabilities = [\"read\"] }\n"}' "$BASE/v1/sys/policies/acl/mobile-readonly"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/policies/acl/mobile-readonly"
"${R[@]}" "${H[@]}" -X DELETE "$BASE/v1/sys/policies/acl/mobile-readonly"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/policies/acl/mobile-readonly"
"${R[@]}" "${H[@]}" -X POST -d '{"type":"kv","options":{"version":"2"},"description":"Mobile app secrets"}' "$BASE/v1/sys/mounts/mobile"
"${R[@]}" "${H[@]}" -X POST -d '{"default_lease_ttl":"2h"}' "$BASE/v1/sys/mounts/mobile/tune"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/mounts/mobile/tune"
"${R[@]}" "${H[@]}" -X DELETE "$BASE/v1/sys/mounts/mobile"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/audit"
"${R[@]}" "${H[@]}" -X LIST "$BASE/v1/sys/leases/lookup/auth/approle/login"
"${R[@]}" "${H[@]}" -X LIST "$BASE/v1/sys/leases/lookup/auth/userpass/login"
"${R[@]}" "${H[@]}" -X POST -d '{"paths":["secret/data/teams/payments/db/primary","sys/mounts"]}' "$BASE/v1/sys/capabilities-self"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/key-status"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/host-info"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/internal/ui/mounts/secret"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/internal/ui/resultant-acl"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/internal/counters/activity/monthly"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/tools/random/32" -X POST -d '{"format":"hex"}'
"${R[@]}" "${H[@]}" -X POST -d '{"input":"bm9ydGh3aW5k","algorithm":"sha2-512"}' "$BASE/v1/sys/tools/hash"
"${R[@]}" "${H[@]}" "$BASE/v1/sys/version-history?list=true"
"${R[@]}" "${H[@]}" -X POST -d '{"type":"kv","options":{"version":"2"}}' "$BASE/v1/sys/mounts/secret"   # already in use: 400
"${R[@]}" "${H[@]}" -X DELETE "$BASE/v1/sys/audit/file"   # needs root-level sudo on sys/audit/*: 403
echo "-- response wrapping"
W=$(curl -sS "${H[@]}" -H 'X-Vault-Wrap-TTL: 5m' "$BASE/v1/secret/data/shared/smtp" | jq -r .wrap_info.token)
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d "{\"token\":\"$W\"}" "$BASE/v1/sys/wrapping/lookup"
"${R[@]}" -H "X-Vault-Token: $W" -X POST "$BASE/v1/sys/wrapping/unwrap"
"${R[@]}" -H "X-Vault-Token: $W" -X POST "$BASE/v1/sys/wrapping/unwrap"   # used up: 400
W=$(curl -sS "${H[@]}" -H 'X-Vault-Wrap-TTL: 10m' -X POST -d '{"handoff":"db-breakglass","password":"Rescue-Otter-0451"}' "$BASE/v1/sys/wrapping/wrap" | jq -r .wrap_info.token)
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d "{\"token\":\"$W\"}" "$BASE/v1/sys/wrapping/rewrap"
echo "-- CLI odds and ends"
export VAULT_TOKEN=$OLU
vault read sys/mounts/legacy/tune >/dev/null
vault print token >/dev/null 2>&1 || true
vault path-help secret/ >/dev/null 2>&1 || true
vault kv get -mount=secret shared/feature-flags/unleash >/dev/null
vault read -format=json sys/internal/counters/config >/dev/null 2>&1 || true
vault version-history || true
vault lease lookup "$(vault list -format=json sys/leases/lookup/auth/userpass/login | jq -r '.[0]' | sed 's|^|auth/userpass/login/|')" >/dev/null 2>&1 || true
