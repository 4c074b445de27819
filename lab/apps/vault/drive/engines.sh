#!/usr/bin/env bash
# olu.adeyemi (SRE) logs in with userpass and sets up the transit keys and the internal CA with the CLI.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
export VAULT_TOKEN=$(vault login -method=userpass -token-only username=olu.adeyemi password='Lagos-Bridge-303')
echo "$VAULT_TOKEN" > "$STATE/olu-token"
vault token lookup >/dev/null
# transit keys
vault write -f transit/keys/payments-card type=aes256-gcm96
vault write -f transit/keys/warehouse-files type=chacha20-poly1305
vault write -f transit/keys/web-session type=hmac key_size=32 2>/dev/null || vault write -f transit/keys/web-session
vault write -f transit/keys/build-artifacts
vault write -f transit/keys/release-signing type=ed25519
vault write -f transit/keys/customer-pii-eu type=aes256-gcm96 derived=true
vault list transit/keys
vault read transit/keys/payments-card
vault write transit/keys/payments-card/config min_decryption_version=1 deletion_allowed=false auto_rotate_period=720h
vault write -f transit/keys/payments-card/rotate
vault read -field=latest_version transit/keys/payments-card
# the internal CA
vault write -field=certificate pki/root/generate/internal common_name="Northwind Internal Root CA" \
  issuer_name=northwind-root-2026 key_type=ec key_bits=256 ttl=87600h > "$STATE/root-ca.pem"
vault write pki/config/urls issuing_certificates="$BASE/v1/pki/ca" crl_distribution_points="$BASE/v1/pki/crl"
vault read pki/config/urls
vault list pki/issuers
vault read pki/issuer/default >/dev/null
vault write pki/roles/internal-services allowed_domains=svc.northwind.internal allow_subdomains=true \
  max_ttl=72h key_type=ec key_bits=256
vault write pki/roles/web-frontends allowed_domains=northwind-shop.test,www.northwind-shop.test \
  allow_bare_domains=true allow_subdomains=false max_ttl=720h key_type=rsa key_bits=2048
vault write pki/roles/db-clients allowed_domains=db.northwind.internal allow_subdomains=true client_flag=true \
  server_flag=false max_ttl=24h
vault list pki/roles
vault read pki/roles/internal-services
vault write pki/issue/internal-services common_name=ledger.svc.northwind.internal ttl=48h -format=json \
  | jq -r .data.serial_number > "$STATE/ledger-serial"
vault write -format=json pki/issue/db-clients common_name=etl.db.northwind.internal ttl=4h | jq -r .data.serial_number > "$STATE/etl-serial"
vault list pki/certs
vault read pki/cert/$(cat "$STATE/ledger-serial") >/dev/null
vault write pki/revoke serial_number=$(cat "$STATE/etl-serial")
vault read pki/crl/rotate >/dev/null
vault write pki/tidy tidy_cert_store=true tidy_revoked_certs=true safety_buffer=72h
vault read pki/tidy-status
# KV v1 (legacy ops secrets)
vault write legacy/etl/warehouse-loader db_user=etl_loader db_password='Wr7-quarry-Lantern' host=dwh.db.northwind.internal
vault write legacy/etl/s3-export access_key=AKIAEXAMPLENW7Q2 secret_key='q9F2+exampleKeyNorthwind/2026'
vault write legacy/ops/pagerduty routing_key=6f1c0e2a9b8d47e3a5c4f3b2a1d0e9c8
vault write legacy/ops/backup/restic repository=s3:backups.northwind.internal/vault password='Granite-Heron-44'
vault list legacy
vault list legacy/etl
vault read legacy/ops/pagerduty
vault kv get legacy/ops/backup/restic
vault delete legacy/ops/backup/restic
vault kv put legacy/ops/backup/restic repository=s3:backups.northwind.internal/vault-v2 password='Granite-Heron-45'
vault list legacy/ops
# shared configuration everybody reads
vault kv put secret/shared/observability/datadog api_key=dd-3f7a91c2b0e54d1a8f6c site=datadoghq.eu
vault kv put secret/shared/smtp host=smtp.northwind.internal port=587 user=noreply@northwind-shop.test password='Postbox-Comet-12'
vault kv put secret/shared/feature-flags/unleash client_key='*:production.7c1e5a9b3d2f'
vault kv list secret/shared
vault kv metadata put -max-versions=5 -custom-metadata=owner=sre -custom-metadata=rotation=quarterly secret/shared/smtp
vault kv metadata get secret/shared/smtp
