#!/usr/bin/env bash
# The operator brings the new server up with the CLI: status (sealed, not initialised), operator init (5 shares,
# threshold 3), three unseal key holders, then the root token logs in. Writes $STATE/init.json and $STATE/root-token.
set -euo pipefail
. "$(dirname "$0")/env.sh"
vault status || true                       # exit code 2: sealed
vault operator init -status || true        # exit code 2: not initialised
vault operator init -key-shares=5 -key-threshold=3 -format=json > "$STATE/init.json"
vault status || true
for i in 0 2 4; do                          # three different key holders
  vault operator unseal "$(jq -r ".unseal_keys_b64[$i]" "$STATE/init.json")" >/dev/null
done
vault status
jq -r .root_token "$STATE/init.json" > "$STATE/root-token"
VAULT_TOKEN=$(cat "$STATE/root-token") vault token lookup >/dev/null
