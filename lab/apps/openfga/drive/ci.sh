#!/usr/bin/env bash
# The billing team's CI and the tenant sandbox's jobs with the fga CLI (github.com/openfga/cli v0.7.8), preshared key
# of CI in FGA_API_TOKEN: `fga store import` of the billing store file (store, model, tuples, assertions from its
# tests), then the pipeline's checks and queries, a model update, tuple writes from a file and one by one, reads,
# changes, an export; a per-run store for an e2e job (created with a model, used, deleted); the tenant sandbox's
# pipelines. The CLI's own commands write the requests; `fga model transform` is local.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"; . "$STATE/ids.env"
export FGA_API_URL=$BASE FGA_API_TOKEN=$KEY_CI
F=$L/bin/fga
log() { echo "fga $*" >> "$STATE/calls.log"; }
fga() { log "$*"; "$F" "$@"; }
cd "$HERE"
# 1. billing: import the store file (creates BillingProd)
fga store import --file billing.fga.yaml > "$STATE/billing-import.json"
BILL=$(jq -r .store.id "$STATE/billing-import.json"); BILL_M1=$(jq -r .model.authorization_model_id "$STATE/billing-import.json")
echo "BILL=$BILL" >> "$STATE/ids.env"; echo "BILL_M1=$BILL_M1" >> "$STATE/ids.env"
fga store get --store-id "$BILL" | jq -c '{id, name}'
fga model list --store-id "$BILL" | jq -c '.authorization_models | length'
fga model get --store-id "$BILL" --model-id "$BILL_M1" > /dev/null
# the pipeline's permission checks
while read -r u r o; do
  fga query check --store-id "$BILL" "$u" "$r" "$o" | jq -c .allowed
done <<'CHK'
user:maria.lopez can_void invoice:INV-2026-0042
user:AishaK can_pay invoice:INV-2026-0042
user:jonas_weber can_pay invoice:INV-2026-0043
user:li.wei can_view invoice:INV-2026-0107
user:li.wei can_pay invoice:inv_2025_q4_final
user:ops42 can_cancel subscription:team-monthly-25
user:maria.lopez can_cancel subscription:team-monthly-25
user:AishaK can_change_plan subscription:EnterpriseAnnual
CHK
fga query list-objects --store-id "$BILL" user:maria.lopez can_view invoice | jq -c .objects
fga query list-objects --store-id "$BILL" user:li.wei can_pay invoice | jq -c .objects
fga query list-relations --store-id "$BILL" user:jonas_weber invoice:INV-2026-0042 --relation can_view --relation can_pay --relation can_void | jq -c .
fga query list-users --store-id "$BILL" --object organization:northwind-traders --relation member --user-filter user | jq -c '[.users[].object.id]'
fga query expand --store-id "$BILL" can_pay invoice:INV-2026-0042 | jq -c '.tree.root.name'
# 2. billing v2: accountants; new model, then tuples from a file and one by one
BILL_M2=$(fga model write --store-id "$BILL" --file models/billing-v2.fga | jq -r .authorization_model_id)
echo "BILL_M2=$BILL_M2" >> "$STATE/ids.env"
cat > "$STATE/accountants.yaml" <<'T'
- user: user:f.okafor
  relation: accountant
  object: organization:northwind-traders
- user: user:TaxTeamBot
  relation: accountant
  object: organization:contoso_ltd
- user: organization:northwind-traders
  relation: organization
  object: invoice:INV-2026-0044
- user: organization:contoso_ltd
  relation: organization
  object: invoice:INV-2026-0108
T
fga tuple write --store-id "$BILL" --model-id "$BILL_M2" --file "$STATE/accountants.yaml" --max-tuples-per-write 2 --hide-imported-tuples | jq -c '.successful | length'
fga tuple write --store-id "$BILL" --model-id "$BILL_M2" user:grace_h accountant organization:northwind-traders > /dev/null
fga query check --store-id "$BILL" --model-id "$BILL_M2" user:f.okafor can_export invoice:INV-2026-0044 | jq -c .allowed
fga query check --store-id "$BILL" --model-id "$BILL_M2" user:TaxTeamBot can_export invoice:INV-2026-0044 | jq -c .allowed
fga query list-objects --store-id "$BILL" --model-id "$BILL_M2" user:grace_h can_export invoice | jq -c .objects
fga model list --store-id "$BILL" | jq -c '[.authorization_models[].id]'
fga tuple read --store-id "$BILL" --object organization:northwind-traders --page-size 3 --max-pages 0 --output-format simple-json | jq -c length
fga tuple read --store-id "$BILL" --user user:maria.lopez --relation member --object organization: | jq -c '.tuples | length'
fga tuple changes --store-id "$BILL" --type invoice | jq -c '.changes | length'
fga tuple delete --store-id "$BILL" user:grace_h accountant organization:northwind-traders > /dev/null
fga tuple changes --store-id "$BILL" --type organization --start-time 2020-01-01T00:00:00Z | jq -c '.changes | length'
fga store export --store-id "$BILL" --output-file "$STATE/billing-export.fga.yaml" > /dev/null
fga store list | jq -c '[.stores[].name]'
# 3. an e2e job's own store: create with a model, seed, check, delete
RUNSTORE=$(fga store create --name ci-ephemeral-run-8812 --model models/tenant.fga | jq -r .store.id)
cat > "$STATE/e2e.yaml" <<'T'
- user: user:e2e-runner
  relation: owner
  object: workspace:e2e_8812
- user: workspace:e2e_8812
  relation: workspace
  object: pipeline:smoke-tests
T
fga tuple write --store-id "$RUNSTORE" --file "$STATE/e2e.yaml" --hide-imported-tuples > /dev/null
fga query check --store-id "$RUNSTORE" user:e2e-runner can_delete pipeline:smoke-tests | jq -c .allowed
fga query check --store-id "$RUNSTORE" user:someone-else can_trigger pipeline:smoke-tests | jq -c .allowed
fga store delete --store-id "$RUNSTORE" --force > /dev/null
# 4. the tenant sandbox's pipelines
fga tuple write --store-id "$SANDBOX" --file tuples/ci-pipelines.yaml --max-tuples-per-write 3 --hide-imported-tuples > /dev/null
fga query list-objects --store-id "$SANDBOX" user:build-bot can_trigger pipeline | jq -c .objects
fga query check --store-id "$SANDBOX" user:qa.sam can_trigger pipeline:nightly-e2e | jq -c .allowed
fga query check --store-id "$SANDBOX" user:qa.sam can_delete pipeline:LintAndTest | jq -c .allowed
fga query list-users --store-id "$SANDBOX" --object pipeline:release_candidate --relation can_trigger --user-filter user | jq -c '[.users[].object.id]'
fga model get --store-id "$SANDBOX" --field id --field created_at > /dev/null
