#!/usr/bin/env bash
# The teams at work with the vault CLI, each person logged in with userpass: KV v2 secrets on nested paths (put,
# get, patch, versions, metadata, list, delete / undelete / destroy, rollback), transit, certificates, and some
# refusals (403) where a policy does not reach.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
login() { vault login -method=userpass -token-only username="$1" password="$2"; }

echo "-- priya.sharma (payments)"
export VAULT_TOKEN=$(login priya.sharma 'Monsoon-Ledger-81')
vault token lookup >/dev/null
vault kv put secret/teams/payments/db/primary username=ledger_app password='t6!Rook-Saffron-Delta' host=pg-ledger-01.db.northwind.internal port=5432
vault kv put secret/teams/payments/db/replica username=ledger_ro password='Kestrel.Mint.993' host=pg-ledger-02.db.northwind.internal port=5432
vault kv put secret/teams/payments/stripe/live api_key=sk_live_51NwExampleKeyNorthwind webhook_secret=whsec_9f8e7d6c5b4a
vault kv put secret/teams/payments/stripe/test api_key=sk_test_51NwExampleKeyNorthwind webhook_secret=whsec_1a2b3c4d5e6f
vault kv put secret/teams/payments/adyen merchant_account=NorthwindShopEU api_key=AQEyhmfxExampleNW hmac_key=4468D9782DEF54FCD706C9100C71EC43
vault kv put secret/apps/checkout-api/prod/config redis_url=redis://cache-01.svc.northwind.internal:6379/2 jwt_issuer=https://auth.northwind-shop.test
vault kv put secret/apps/checkout-api/staging/config redis_url=redis://cache-stg.svc.northwind.internal:6379/2 jwt_issuer=https://auth.staging.northwind-shop.test
vault kv get secret/teams/payments/db/primary
vault kv get -field=password secret/teams/payments/db/replica >/dev/null
vault kv get -format=json secret/teams/payments/stripe/live >/dev/null
vault kv patch secret/teams/payments/db/primary password='u8#Heron-Basil-Echo'
vault kv patch secret/teams/payments/stripe/live webhook_secret=whsec_0c9b8a7f6e5d
vault kv get -version=1 secret/teams/payments/db/primary >/dev/null
vault kv metadata get secret/teams/payments/db/primary
vault kv list secret/teams/payments
vault kv list secret/teams/payments/db
vault kv list secret/teams/payments/stripe
vault kv get secret/shared/smtp >/dev/null
vault kv get secret/teams/web/cdn 2>/dev/null          # another team's: 403
vault kv put secret/shared/smtp host=evil 2>/dev/null  # read-only there: 403
vault write -field=ciphertext transit/encrypt/payments-card plaintext=$(printf '4111111111111111' | base64) > "$STATE/card1"
vault write -field=ciphertext transit/encrypt/payments-card plaintext=$(printf '5500005555555559' | base64) > "$STATE/card2"
vault write -field=ciphertext transit/encrypt/payments-card plaintext=$(printf '340000000000009' | base64) context= >/dev/null 2>&1
vault write -field=plaintext transit/decrypt/payments-card ciphertext=$(cat "$STATE/card1") | base64 -d >/dev/null
vault write -field=plaintext transit/decrypt/payments-card ciphertext=$(cat "$STATE/card2") | base64 -d >/dev/null
vault read transit/keys/payments-card >/dev/null
vault write transit/encrypt/warehouse-files plaintext=$(printf 'x' | base64) 2>/dev/null   # not hers: 403
vault token renew >/dev/null
vault token capabilities secret/data/teams/payments/db/primary
vault token capabilities secret/data/apps/storefront/prod/config

echo "-- jonas.becker (web)"
export VAULT_TOKEN=$(login jonas.becker 'kiefer+Harbour22')
vault kv put secret/teams/web/cdn fastly_token=FwExampleNorthwind7c2 purge_key=pk_2e9a
vault kv put secret/teams/web/sentry dsn=https://4f1c@sentry.northwind.internal/12
vault kv put secret/apps/storefront/prod/config session_secret=Violet-Anchor-Quill-58 api_base=https://api.northwind-shop.test algolia_app=NW7QX2
vault kv put secret/apps/storefront/prod/oauth/google client_id=493011-example.apps.googleusercontent.com client_secret=GOCSPX-exampleNW
vault kv put secret/apps/storefront/prod/oauth/apple team_id=9NWX2QK7A1 key_id=ZK42Q8N1 private_key=@/dev/null
vault kv put secret/apps/storefront/staging/config session_secret=Staging-Otter-11 api_base=https://api.staging.northwind-shop.test
vault kv put secret/apps/storefront/preview/pr-4182/config session_secret=Preview-Lynx-4182 api_base=https://pr-4182.preview.northwind-shop.test
vault kv put secret/apps/marketing-site/prod/contentful space_id=nw3x9kq2 delivery_token=CFPAT-exampleNorthwind
vault kv get secret/apps/storefront/prod/config
vault kv get -field=client_id secret/apps/storefront/prod/oauth/google >/dev/null
vault kv list secret/apps/storefront
vault kv list secret/apps/storefront/prod
vault kv list secret/apps/storefront/prod/oauth
vault kv put secret/apps/storefront/prod/config session_secret=Violet-Anchor-Quill-59 api_base=https://api.northwind-shop.test algolia_app=NW7QX2
vault kv put secret/apps/storefront/prod/config session_secret=Violet-Anchor-Quill-60 api_base=https://api.northwind-shop.test algolia_app=NW7QX3
vault kv metadata get secret/apps/storefront/prod/config
vault kv rollback -version=2 secret/apps/storefront/prod/config
vault kv get -version=4 secret/apps/storefront/prod/config >/dev/null
vault kv delete secret/apps/storefront/preview/pr-4182/config
vault kv get secret/apps/storefront/preview/pr-4182/config || true
vault kv undelete -versions=1 secret/apps/storefront/preview/pr-4182/config
vault kv get secret/apps/storefront/preview/pr-4182/config >/dev/null
vault kv metadata delete secret/apps/storefront/preview/pr-4182/config 2>/dev/null || true   # 403: no delete on metadata
vault kv delete secret/apps/storefront/preview/pr-4182/config
for s in 'sess:9f3c1e:cart=3' 'sess:77ab02:cart=0' 'sess:c0ffee:cart=12'; do
  h=$(vault write -field=hmac transit/hmac/web-session input=$(printf '%s' "$s" | base64))
  vault write -field=valid transit/verify/web-session input=$(printf '%s' "$s" | base64) hmac="$h" >/dev/null
done
vault write -format=json pki/issue/web-frontends common_name=www.northwind-shop.test ttl=720h >/dev/null
vault write pki/issue/web-frontends common_name=admin.northwind-shop.test 2>/dev/null || true   # not allowed: 400
vault kv list secret/teams/payments 2>/dev/null || true                                      # 403
vault token lookup >/dev/null

echo "-- mei.tanaka (data platform)"
export VAULT_TOKEN=$(login mei.tanaka 'Sakura.Diff.7')
vault kv put secret/teams/data/warehouse/snowflake account=nw-eu-central-1 user=SVC_DBT password='Glacier-Tern-2718' role=TRANSFORMER
vault kv put secret/teams/data/warehouse/bigquery project=northwind-analytics dataset=mart_sales key_json='{"type":"service_account"}'
vault kv put secret/teams/data/airflow/connections/postgres_ledger uri='postgresql://airflow_ro:Quartz-Pike-55@pg-ledger-02.db.northwind.internal:5432/ledger'
vault kv put secret/teams/data/airflow/connections/s3_exports uri='aws://AKIAEXAMPLENW7Q2:secret@/?region_name=eu-central-1'
vault kv put secret/teams/data/airflow/variables/slack_webhook value=https://hooks.slack.test/services/T0NW/B0NW/xyz
vault kv get secret/teams/data/warehouse/snowflake >/dev/null
vault kv get -format=json secret/teams/data/airflow/connections/postgres_ledger >/dev/null
vault kv list secret/teams/data
vault kv list secret/teams/data/airflow
vault kv list secret/teams/data/airflow/connections
vault kv put secret/teams/data/warehouse/snowflake account=nw-eu-central-1 user=SVC_DBT password='Glacier-Tern-3141' role=TRANSFORMER
vault kv put secret/teams/data/warehouse/snowflake account=nw-eu-central-1 user=SVC_DBT password='Glacier-Tern-1618' role=TRANSFORMER
vault kv destroy -versions=1 secret/teams/data/warehouse/snowflake 2>/dev/null || true     # no destroy capability: 403
vault kv metadata get secret/teams/data/warehouse/snowflake >/dev/null
vault kv delete -versions=2 secret/teams/data/warehouse/snowflake
vault read legacy/etl/warehouse-loader >/dev/null
vault list legacy/etl
vault write legacy/etl/warehouse-loader db_user=etl_loader db_password='Wr7-quarry-Lantern-2' host=dwh.db.northwind.internal
vault kv get legacy/etl/s3-export >/dev/null
for f in orders_2026-12-06 returns_2026-12-06 stock_2026-12-06; do
  ct=$(vault write -field=ciphertext transit/datakey/plaintext/warehouse-files bits=256 context=$(printf '%s' "$f" | base64))
  vault write -field=plaintext transit/decrypt/warehouse-files ciphertext="$ct" context=$(printf '%s' "$f" | base64) >/dev/null
done
vault kv get secret/teams/payments/stripe/live 2>/dev/null || true   # 403

echo "-- diego.alvarez (payments + on-call)"
export VAULT_TOKEN=$(login diego.alvarez 'olivos-Pinto-64')
vault kv get secret/teams/payments/adyen >/dev/null
vault kv metadata get secret/teams/data/warehouse/snowflake
vault kv destroy -versions=1 secret/teams/data/warehouse/snowflake
vault kv undelete -versions=2 secret/teams/data/warehouse/snowflake
vault kv metadata put -max-versions=20 -delete-version-after=2160h -custom-metadata=owner=payments -custom-metadata=pci=true secret/teams/payments/db/primary
vault kv metadata patch -custom-metadata=oncall=diego.alvarez secret/teams/payments/db/primary 2>/dev/null || true
vault kv put -cas=0 secret/teams/payments/feature/3ds2 enabled=true 2>/dev/null
vault kv put -cas=0 secret/teams/payments/feature/3ds2 enabled=false 2>/dev/null || true   # check-and-set fails: 400
vault kv put -cas=1 secret/teams/payments/feature/3ds2 enabled=false
vault write -f transit/rewrap/payments-card ciphertext=$(cat "$STATE/card1") >/dev/null
vault write -f transit/keys/payments-card/rotate
vault write transit/rewrap/payments-card ciphertext=$(cat "$STATE/card2") >/dev/null
vault secrets list
vault read sys/mounts/transit/tune
vault list sys/leases/lookup/auth/userpass/login 2>/dev/null || true
vault policy list
vault policy read team-web
vault list auth/userpass/users
vault kv list secret/apps
vault kv list secret/apps/checkout-api
vault kv get secret/apps/checkout-api/prod/config >/dev/null
vault write auth/userpass/users/jonas.becker/password password='kiefer+Harbour23'
vault write auth/userpass/users/jonas.becker/policies token_policies=team-web

echo "-- grace.obrien (security audit)"
export VAULT_TOKEN=$(login grace.obrien 'Cliffs0fMoher!')
vault policy list
for p in team-payments team-web data-platform sre-admin ci-deployer; do vault policy read $p >/dev/null; done
vault audit list -detailed
vault secrets list -detailed >/dev/null
vault auth list >/dev/null
vault kv metadata get secret/teams/payments/stripe/live >/dev/null
vault kv metadata get secret/apps/storefront/prod/config >/dev/null
vault kv get secret/teams/payments/stripe/live 2>/dev/null || true        # metadata only: 403
vault list pki/certs
vault list identity/entity/name || true
vault list auth/token/accessors >/dev/null
vault write sys/policy/ci-deployer policy=@/dev/null 2>/dev/null || true   # read-only: 403
vault token revoke -self

echo "-- wrong passwords and an unknown user"
vault login -method=userpass username=priya.sharma password='monsoon-ledger-81' 2>/dev/null || true
vault login -method=userpass username=j.becker password='kiefer+Harbour22' 2>/dev/null || true
VAULT_TOKEN=$(login jonas.becker 'kiefer+Harbour23') vault kv get secret/teams/web/sentry >/dev/null
