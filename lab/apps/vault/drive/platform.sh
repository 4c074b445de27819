#!/usr/bin/env bash
# The platform team's first hour with the root token, all with the vault CLI: audit device, the secrets engines
# (KV v2 at secret/, KV v1 at legacy/, transit, PKI), auth methods (userpass, approle), ACL policies, tuning.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
export VAULT_TOKEN=$(cat "$STATE/root-token")
vault audit list || true
vault audit enable file file_path="$STATE/audit.log"
vault audit list -detailed
vault secrets list
vault auth list
vault secrets enable -path=secret -version=2 -description="Application and team secrets" kv
vault secrets enable -path=legacy -version=1 -description="Pre-2024 ops secrets (read-mostly)" kv
vault secrets enable -description="Encryption as a service" transit
vault secrets enable -description="Internal CA for service mTLS" pki
vault secrets tune -max-lease-ttl=87600h pki
vault secrets tune -default-lease-ttl=1h -max-lease-ttl=24h transit
vault auth enable -description="Staff logins" userpass
vault auth enable -description="CI/CD and service machines" approle
vault auth tune -default-lease-ttl=8h -max-lease-ttl=24h userpass
vault secrets list -detailed
vault auth list -detailed
vault read sys/mounts/secret/tune
vault write secret/config max_versions=12 cas_required=false delete_version_after=0s
vault read secret/config
for p in "$HERE"/policies/*.hcl; do
  vault policy write "$(basename "$p" .hcl)" "$p"
done
vault policy list
vault policy read team-payments
vault policy read default
# staff accounts
for u in $USERS; do
  name=${u%%:*}; pass=${u#*:}
  case $name in
    priya.sharma)  pol=team-payments ;;
    jonas.becker)  pol=team-web ;;
    mei.tanaka)    pol=data-platform ;;
    diego.alvarez) pol=team-payments,sre-admin ;;
    olu.adeyemi)   pol=sre-admin ;;
    grace.obrien)  pol=security-auditor ;;
  esac
  vault write auth/userpass/users/$name password="$pass" token_policies="$pol" token_ttl=8h
done
vault list auth/userpass/users
vault read auth/userpass/users/diego.alvarez
# machine identities
vault write auth/approle/role/ci-deployer token_policies=ci-deployer token_ttl=20m token_max_ttl=1h \
  secret_id_ttl=24h secret_id_num_uses=40
vault write auth/approle/role/checkout-api token_policies=team-payments token_ttl=1h secret_id_num_uses=0 \
  bind_secret_id=true
vault write auth/approle/role/etl-nightly token_policies=data-platform token_ttl=30m secret_id_bound_cidrs=127.0.0.0/8
vault list auth/approle/role
vault read auth/approle/role/ci-deployer
# metrics scraper token (periodic, orphan)
vault token create -orphan -policy=prometheus-metrics -period=24h -display-name=prometheus -field=token \
  > "$STATE/prom-token"
vault read sys/audit >/dev/null
vault read sys/health || true
vault read sys/host-info >/dev/null
vault read sys/leader
vault read sys/key-status
