#!/usr/bin/env bash
# Machine identities and tokens: the SRE hands out AppRole credentials with the CLI; CI jobs and services log in and
# work with curl as the API docs show (X-Vault-Token, `?list=true`); token create / lookup / renew / revoke and
# accessors; identity entities, aliases and groups.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
OLU=$(cat "$STATE/olu-token")
C=(curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' -A 'ci-runner/2.311 (gitlab)')

echo "-- approle credentials (CLI)"
export VAULT_TOKEN=$OLU
for r in ci-deployer checkout-api etl-nightly; do
  vault read -field=role_id auth/approle/role/$r/role-id > "$STATE/$r.role-id"
  vault write -f -field=secret_id auth/approle/role/$r/secret-id metadata="issued_by=olu.adeyemi,env=prod" > "$STATE/$r.secret-id"
done
vault write -f -format=json auth/approle/role/ci-deployer/secret-id > "$STATE/ci2.json"
vault list auth/approle/role/ci-deployer/secret-id
vault write auth/approle/role/ci-deployer/secret-id/lookup secret_id=$(jq -r .data.secret_id "$STATE/ci2.json") >/dev/null
vault write auth/approle/role/ci-deployer/secret-id-accessor/destroy secret_id_accessor=$(jq -r .data.secret_id_accessor "$STATE/ci2.json")
vault read auth/approle/role/ci-deployer/token-ttl 2>/dev/null || vault read auth/approle/role/ci-deployer/token-ttl
vault write auth/approle/role/ci-deployer/token-ttl token_ttl=30m
vault write auth/approle/role/ci-deployer/secret-id-num-uses secret_id_num_uses=50

echo "-- CI pipelines (curl, AppRole login)"
ci_login() {
  curl -sS -A 'ci-runner/2.311 (gitlab)' -X POST -d "{\"role_id\":\"$(cat "$STATE/$1.role-id")\",\"secret_id\":\"$(cat "$STATE/$1.secret-id")\"}" \
    "$BASE/v1/auth/approle/login" | jq -r .auth.client_token
}
for job in 88121 88122 88130; do
  T=$(ci_login ci-deployer)
  "${C[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/storefront/prod/config"
  "${C[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/checkout-api/prod/config"
  "${C[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/metadata/apps/storefront/prod?list=true"
  "${C[@]}" -H "X-Vault-Token: $T" -X POST -d '{"common_name":"checkout-'$job'.svc.northwind.internal","ttl":"24h"}' "$BASE/v1/pki/issue/internal-services"
  "${C[@]}" -H "X-Vault-Token: $T" -X POST -d '{"plaintext":"'$(head -c 48 /dev/urandom | base64 -w0)'"}' "$BASE/v1/transit/encrypt/build-artifacts"
  "${C[@]}" -H "X-Vault-Token: $T" "$BASE/v1/auth/token/lookup-self"
  "${C[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/payments/stripe/live"   # 403
  "${C[@]}" -H "X-Vault-Token: $T" -X POST "$BASE/v1/auth/token/revoke-self"
done
"${C[@]}" -X POST -d '{"role_id":"'$(cat "$STATE/ci-deployer.role-id")'","secret_id":"00000000-dead-beef-0000-000000000000"}' "$BASE/v1/auth/approle/login"   # 400 invalid secret id

echo "-- checkout-api service (curl, AppRole + token renew)"
CA=(curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' -A 'checkout-api/3.8.2 vault-client')
T=$(curl -sS -A 'checkout-api/3.8.2 vault-client' --request POST --data "{\"role_id\":\"$(cat "$STATE/checkout-api.role-id")\",\"secret_id\":\"$(cat "$STATE/checkout-api.secret-id")\"}" "$BASE/v1/auth/approle/login" | jq -r .auth.client_token)
for i in 1 2 3; do
  "${CA[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/payments/db/primary"
  "${CA[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/checkout-api/prod/config"
  "${CA[@]}" -H "X-Vault-Token: $T" -X POST -d '{"batch_input":[{"plaintext":"NDExMTExMTExMTExMTExMQ=="},{"plaintext":"NTUwMDAwNTU1NTU1NTU1OQ=="}]}' "$BASE/v1/transit/encrypt/payments-card"
  "${CA[@]}" -H "X-Vault-Token: $T" -X PUT -d "{\"ciphertext\":\"$(cat "$STATE/card1")\"}" "$BASE/v1/transit/decrypt/payments-card"
done
"${CA[@]}" -H "X-Vault-Token: $T" -X PUT -d '{"increment":"1h"}' "$BASE/v1/auth/token/renew-self"
"${CA[@]}" -H "X-Vault-Token: $T" "$BASE/v1/sys/capabilities-self" -X POST -d '{"paths":["secret/data/teams/payments/db/primary","transit/encrypt/payments-card"]}'
"${CA[@]}" -H "X-Vault-Token: $T" -X PATCH -H 'Content-Type: application/merge-patch+json' -d '{"data":{"pool_size":"40"}}' "$BASE/v1/secret/data/apps/checkout-api/prod/config"

echo "-- storefront pods rolling out (curl, AppRole login, config reads, token renew, lease-aware shutdown)"
export VAULT_TOKEN=$OLU
vault write auth/approle/role/storefront token_policies=team-web token_ttl=15m token_max_ttl=2h secret_id_num_uses=0 >/dev/null
vault read -field=role_id auth/approle/role/storefront/role-id > "$STATE/storefront.role-id"
vault write -f -field=secret_id auth/approle/role/storefront/secret-id metadata="deployment=storefront-7f9c4" > "$STATE/storefront.secret-id"
unset VAULT_TOKEN
for pod in storefront-7f9c4-2xkqp storefront-7f9c4-8mzt6 storefront-7f9c4-bq4wn storefront-7f9c4-lr5hd; do
  SF=(curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' -A "storefront/5.12.0 ($pod) vault-client")
  T=$(curl -sS -A "storefront/5.12.0 ($pod) vault-client" -X POST \
      -d "{\"role_id\":\"$(cat "$STATE/storefront.role-id")\",\"secret_id\":\"$(cat "$STATE/storefront.secret-id")\"}" \
      "$BASE/v1/auth/approle/login" | jq -r .auth.client_token)
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/storefront/prod/config"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/storefront/prod/oauth/google"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/storefront/prod/oauth/apple"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/shared/observability/datadog"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/shared/feature-flags/unleash"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/metadata/apps/storefront/prod/config"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/storefront/prod/config?version=3"
  for s in "cart:$pod:1" "cart:$pod:2"; do
    "${SF[@]}" -H "X-Vault-Token: $T" -X POST -d "{\"input\":\"$(printf '%s' "$s" | base64 -w0)\"}" "$BASE/v1/transit/hmac/web-session"
  done
  "${SF[@]}" -H "X-Vault-Token: $T" -X POST -d '{"increment":"15m"}' "$BASE/v1/auth/token/renew-self"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/auth/token/lookup-self"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/apps/storefront/prod/config"
  "${SF[@]}" -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/payments/db/primary"   # not the web team's: 403
  "${SF[@]}" -H "X-Vault-Token: $T" -X POST "$BASE/v1/auth/token/revoke-self"
done

echo "-- etl-nightly (curl)"
T=$(ci_login etl-nightly)
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/data/airflow/connections/postgres_ledger"
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/data/airflow/connections/s3_exports"
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/data/airflow/variables/slack_webhook"
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" "$BASE/v1/secret/data/teams/data/airflow/connections/mysql_crm"   # 404
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" "$BASE/v1/secret/metadata/teams/data/airflow/connections?list=true"
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" "$BASE/v1/legacy/etl/warehouse-loader"
"${C[@]}" -A 'airflow-vault-backend/1.4' -H "X-Vault-Token: $T" -X LIST "$BASE/v1/legacy/etl"

echo "-- tokens (CLI)"
export VAULT_TOKEN=$OLU
vault token create -policy=team-web -ttl=2h -display-name=release-bot -metadata=ticket=OPS-2291 -format=json > "$STATE/tok1.json"
vault token create -policy=data-platform -ttl=30m -use-limit=5 -format=json > "$STATE/tok2.json"
vault token create -policy=team-payments -period=1h -orphan -format=json > "$STATE/tok3.json" 2>/dev/null || true
T1=$(jq -r .auth.client_token "$STATE/tok1.json"); A1=$(jq -r .auth.accessor "$STATE/tok1.json")
T2=$(jq -r .auth.client_token "$STATE/tok2.json"); A2=$(jq -r .auth.accessor "$STATE/tok2.json")
vault token lookup "$T1" >/dev/null
vault token lookup -accessor "$A2" >/dev/null
vault token renew -increment=1h "$T1" >/dev/null
vault token capabilities "$T1" secret/data/apps/storefront/prod/config
vault list auth/token/accessors >/dev/null
vault read auth/token/roles 2>/dev/null || true
vault write auth/token/roles/release-bot allowed_policies=team-web orphan=false token_period=2h
vault list auth/token/roles
vault token create -role=release-bot -format=json | jq -r .auth.client_token > "$STATE/rb-token"
vault token revoke -accessor "$A2"
vault token revoke "$T1"
vault token lookup "$T1" 2>/dev/null || true   # revoked: 403
vault write -f auth/token/tidy >/dev/null 2>&1 || true

echo "-- tokens (curl, as the API docs show)"
R=(curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n')
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d '{"policies":["team-web"],"ttl":"1h","display_name":"hotfix-4471","meta":{"ticket":"INC-4471"}}' "$BASE/v1/auth/token/create"
"${R[@]}" -H "X-Vault-Token: $OLU" -X LIST "$BASE/v1/auth/token/accessors"
"${R[@]}" -H "X-Vault-Token: $OLU" "$BASE/v1/auth/token/accessors?list=true"
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d "{\"accessor\":\"$(jq -r .auth.accessor "$STATE/tok1.json")\"}" "$BASE/v1/auth/token/lookup-accessor"
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d "{\"token\":\"$(cat "$STATE/rb-token")\"}" "$BASE/v1/auth/token/lookup"
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d "{\"token\":\"$(cat "$STATE/rb-token")\",\"increment\":\"30m\"}" "$BASE/v1/auth/token/renew"
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d "{\"token\":\"$(cat "$STATE/rb-token")\"}" "$BASE/v1/auth/token/revoke"
"${R[@]}" -H "Authorization: Bearer $OLU" "$BASE/v1/auth/token/lookup-self"
"${R[@]}" -H "X-Vault-Token: $OLU" "$BASE/v1/auth/token/roles/release-bot"

echo "-- identity (CLI and curl)"
for u in priya.sharma:Payments jonas.becker:Web mei.tanaka:Data diego.alvarez:Payments olu.adeyemi:SRE grace.obrien:Security; do
  n=${u%%:*}; team=${u#*:}
  vault write -format=json identity/entity name="$n" metadata=team="$team" metadata=email="$n@northwind-shop.test" policies=default \
    | jq -r .data.id > "$STATE/entity-$n" || true
done
UP=$(vault auth list -format=json | jq -r '."userpass/".accessor')
for n in priya.sharma jonas.becker mei.tanaka diego.alvarez olu.adeyemi grace.obrien; do
  vault write identity/entity-alias name="$n" canonical_id="$(cat "$STATE/entity-$n")" mount_accessor="$UP" >/dev/null
done
vault list identity/entity/name
vault list identity/entity/id >/dev/null
vault read identity/entity/name/priya.sharma
vault write identity/group name=payments-engineers policies=team-payments member_entity_ids="$(cat "$STATE/entity-priya.sharma"),$(cat "$STATE/entity-diego.alvarez")" metadata=slack=#payments-eng
vault write identity/group name=web-engineers policies=team-web member_entity_ids="$(cat "$STATE/entity-jonas.becker")"
vault write identity/group name=on-call policies=sre-admin member_entity_ids="$(cat "$STATE/entity-olu.adeyemi"),$(cat "$STATE/entity-diego.alvarez")"
vault write identity/group name=engineering type=internal member_group_ids="$(vault read -field=id identity/group/name/payments-engineers),$(vault read -field=id identity/group/name/web-engineers)"
vault list identity/group/name
vault read identity/group/name/on-call
vault write identity/entity/name/grace.obrien metadata=team=Security metadata=clearance=high
vault write identity/lookup/entity name=mei.tanaka >/dev/null
vault read -format=json identity/entity/id/$(cat "$STATE/entity-jonas.becker") >/dev/null
"${R[@]}" -H "X-Vault-Token: $OLU" "$BASE/v1/identity/group/name/payments-engineers"
"${R[@]}" -H "X-Vault-Token: $OLU" -X LIST "$BASE/v1/identity/group/id"
"${R[@]}" -H "X-Vault-Token: $OLU" "$BASE/v1/identity/entity/id/$(cat "$STATE/entity-mei.tanaka")"
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d '{"name":"contractor-kim","metadata":{"team":"Web","contract_end":"2027-03-31"}}' "$BASE/v1/identity/entity"
"${R[@]}" -H "X-Vault-Token: $OLU" -X DELETE "$BASE/v1/identity/entity/name/contractor-kim"
"${R[@]}" -H "X-Vault-Token: $OLU" -X DELETE "$BASE/v1/identity/entity/name/contractor-kim"
vault delete identity/group/name/web-engineers 2>/dev/null || true
"${R[@]}" -H "X-Vault-Token: $OLU" -X POST -d '{"name":"web-engineers","policies":["team-web"]}' "$BASE/v1/identity/group"
