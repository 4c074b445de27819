#!/usr/bin/env bash
# The freight-and-payments company's scripts and operators on Temporal's HTTP API with curl, as the HTTP API docs
# show (JSON bodies with payload shorthand, /api/v1/...). No credentials: the dev server has no authorizer.
# Usage: api.sh setup | work | wave2 | schedules | nexus | batch | monitor N | missing | legacy
set -uo pipefail
. "$(dirname "$0")/common.sh"
NSP=$API/api/v1/namespaces
P=payments_eu G=LogisticsProd R=$NS_API

start() { # NS ID TYPE QUEUE INPUT [IDENTITY]
  q POST "$NSP/$1/workflows/$2" "{\"workflowId\":\"$2\",\"workflowType\":{\"name\":\"$3\"},\"taskQueue\":{\"name\":\"$4\"},\"input\":[$5],\"requestId\":\"$(rid)\",\"identity\":\"${6:-dispatch-api@node-2}\"}"
}
describe() { # NS ID
  j GET "$NSP/$1/workflows/$2" >/dev/null; return 0
}

setup() {
  q GET "$API/api/v1/system-info"
  q GET "$API/api/v1/cluster-info"
  q GET "$NSP"
  q POST "$NSP" "{\"namespace\":\"$R\",\"description\":\"Analytics pipelines and experiments\",\"ownerEmail\":\"data-platform@freightpay.example\",\"workflowExecutionRetentionPeriod\":\"172800s\",\"data\":{\"squad\":\"data\",\"tier\":\"best-effort\"}}"
  q GET "$NSP?pageSize=2"
  for ns in default $NS_START; do q GET "$NSP/$ns"; done
  q POST "$NSP/$P/update" '{"updateInfo":{"description":"SEPA payouts and customer onboarding (EU)","ownerEmail":"treasury-platform@freightpay.example","data":{"region":"eu-central","pci":"true"}},"config":{"workflowExecutionRetentionTtl":"2592000s"}}'
  q POST "$NSP/$G/update" '{"updateInfo":{"description":"Parcel tracking, carriers and depots","data":{"oncall":"logistics-sre"}}}'
  q GET "$NSP/$P"
  q GET "$NSP/$G"
  for ns in $NS_START default; do q GET "$NSP/$ns/search-attributes"; done
}

shipment() { # ID ORIGIN DEST KG CARRIER
  start $G "shipment:$1" ShipmentTracking shipments.v2 "{\"tracking\":\"$1\",\"origin\":\"$2\",\"destination\":\"$3\",\"weight_kg\":$4,\"carrier\":\"$5\"}" "tracking-intake@edge-1"
}
payout() { # ID BENEFICIARY IBAN CENTS CURRENCY
  start $P "$1" settle_payout sepa_payouts "{\"reference\":\"$1\",\"beneficiary\":\"$2\",\"iban\":\"$3\",\"amount_cents\":$4,\"currency\":\"$5\"}" "payout-batcher@treasury-1"
}
signup() { # NS LOGIN EMAIL COUNTRY
  start "$1" "user.signup.$2" UserSignup ONBOARDING "{\"login\":\"$2\",\"email\":\"$3\",\"country\":\"$4\"}" "signup-form@web-eu-1"
}
etl() { # NS ID DATASET DATE TABLES...
  local ns=$1 id=$2 ds=$3 d=$4; shift 4
  local t; t=$(printf '"%s",' "$@"); t=${t%,}
  start "$ns" "$id" etl.nightly etl-batch "{\"dataset\":\"$ds\",\"date\":\"$d\",\"tables\":[$t]}" "airflow-bridge@sched-3"
}
sig() { q POST "$NSP/$1/workflows/$2/signal/$3" "{\"input\":[$4],\"identity\":\"${5:-ops-cli@laptop-jonas}\"}"; }

U1=7f3c2a90-5d1e-4b8a-9c3f-2e6d8a1b4c70
U2=c41e9b07-2a6f-4f13-8d55-90b7e1a3f2d8
U3=0e8d6f21-b3c4-4a7e-a1f9-5c2d7b8e6f03

work() {
  shipment 48213 Rotterdam "Lyon Part-Dieu" 12.5 dhl
  shipment 48214 Rotterdam Antwerp 3.2 postnl
  shipment 48215 Hamburg "Wroclaw Hub" 220 dbschenker
  shipment 48216 Hamburg Vienna 0.8 dpd
  shipment 48217 Genoa "Milano Linate" 44 brt
  shipment 48218 Gdansk Tallinn 7.75 omniva
  shipment 48219 Valencia Porto 15 seur
  shipment 48220 Rotterdam Basel 560 kuehne-nagel
  payout payout_de_0042 "Spedition Krause GmbH" DE89370400440532013000 1284000 EUR
  payout payout_de_0043 "Lagerhaus Nord KG" DE02120300000000202051 45650 EUR
  payout payout_nl_0007 "Van Dijk Transport BV" NL91ABNA0417164300 990000 EUR
  payout payout_pl_0119 "Trans-Pol Sp. z o.o." PL61109010140000071219812874 318825 PLN
  payout $U1 "Nordic Reefer AB" SE4550000000058398257466 77000 SEK
  payout $U2 "Iberia Cargo SL" ES9121000418450200051332 1500000 EUR
  payout $U3 "Alpen Logistik AG" CH9300762011623852957 262500 CHF
  signup $P olga olga.petrova@mail.example ee
  signup $P tomasz tomasz.wrobel@poczta.example pl
  signup $P aiko aiko.tanaka@example.jp de
  signup $P femi femi.adeyemi@example.ng nl
  etl $R nightly-etl-2026-12-04 warehouse_events 2026-12-04 scans deliveries exceptions
  etl $R nightly-etl-2026-12-05 warehouse_events 2026-12-05 scans deliveries exceptions
  etl $R nightly-etl-2026-12-06 warehouse_events 2026-12-06 scans deliveries exceptions returns
  etl $R backfill.carrier-rates.2026Q3 carrier_rates 2026-09-30 dhl dpd seur brt omniva
  etl $G "depot-sync:WRO" depot_inventory 2026-12-07 bins pallets
  start default "e2e-shipment-1765093310" ShipmentTracking shipments.v2 '{"tracking":"TEST-0001","origin":"Testville","destination":"Mockburg","weight_kg":1,"carrier":"fake"}' "e2e-runner@ci-44"
  start default "e2e-payout-1765093311" settle_payout sepa_payouts '{"reference":"TEST-P-1","beneficiary":"ACME Test","iban":"DE00000000000000000000","amount_cents":1,"currency":"EUR"}' "e2e-runner@ci-44"
  signup default e2e-bot-3 e2e+3@freightpay.example de
  # a sign-up that arrives while the first code mail bounced: signal-with-start
  q POST "$NSP/$P/workflows/user.signup.marek/signal-with-start/resend-code" "{\"workflowId\":\"user.signup.marek\",\"workflowType\":{\"name\":\"UserSignup\"},\"taskQueue\":{\"name\":\"ONBOARDING\"},\"input\":[{\"login\":\"marek\",\"email\":\"marek.novak@example.cz\",\"country\":\"cz\"}],\"signalInput\":[\"bounce-retry\"],\"requestId\":\"$(rid)\",\"identity\":\"mail-bounce-handler@mx-2\"}"
  sleep 3
  for n in 48213 48214 48215 48216 48217; do describe $G "shipment:$n"; done
  for id in payout_de_0042 payout_nl_0007 $U1 $U2; do describe $P $id; done
  for u in olga marek; do describe $P user.signup.$u; done
  for d in 04 05 06; do describe $R nightly-etl-2026-12-$d; q GET "$NSP/$R/workflows/nightly-etl-2026-12-$d/history"; done
  describe $R backfill.carrier-rates.2026Q3
  # live tracking page and support desk queries
  for n in 48213 48215 48218; do q POST "$NSP/$G/workflows/shipment:$n/query/whereIsIt" '{}'; done
  for id in payout_de_0042 payout_pl_0119 $U3; do q POST "$NSP/$P/workflows/$id/query/settlement_state" '{"query":{"queryArgs":[]}}'; done
  for u in olga tomasz aiko; do q POST "$NSP/$P/workflows/user.signup.$u/query/step" '{}'; done
  q POST "$NSP/$R/workflows/nightly-etl-2026-12-06/query/rows_processed" '{}'
  # carrier scans arrive
  sig $G shipment:48213 carrierScan '"Rotterdam DC"' "carrier-webhook@dhl"
  sig $G shipment:48213 carrierScan '"Brussels X-dock"' "carrier-webhook@dhl"
  sig $G shipment:48213 carrierScan '"Lyon Part-Dieu"' "carrier-webhook@dhl"
  sig $G shipment:48214 carrierScan '"Antwerp depot"' "carrier-webhook@postnl"
  sig $G shipment:48214 carrierScan '"delivered"' "carrier-webhook@postnl"
  sig $G shipment:48215 carrierScan '"Berlin Sud"' "carrier-webhook@dbschenker"
  sig $G shipment:48216 carrierScan '"delivered"' "carrier-webhook@dpd"
  sig $G shipment:48217 customs_hold '"EORI number missing"' "customs-broker@genoa"
  sig $G shipment:48218 carrierScan '"Riga transit"' "carrier-webhook@omniva"
  # reroutes (update), one of a delivered parcel
  q POST "$NSP/$G/workflows/shipment:48215/update/reroute" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\",\"identity\":\"dispatcher@desk-4\"},\"input\":{\"args\":[\"Poznan Hub\"]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED\"}}"
  q POST "$NSP/$G/workflows/shipment:48218/update/reroute" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\"},\"input\":{\"args\":[\"Parnu pickup point\"]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED\"}}"
  sleep 1
  q POST "$NSP/$G/workflows/shipment:48216/update/reroute" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\"},\"input\":{\"args\":[\"Graz\"]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED\"}}"
  # payouts: an amount correction, bank acknowledgements
  q POST "$NSP/$P/workflows/payout_pl_0119/update/adjust_amount" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\",\"identity\":\"treasury@laptop-ewa\"},\"input\":{\"args\":[317900]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED\"}}"
  q POST "$NSP/$P/workflows/$U2/update/adjust_amount" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\"},\"input\":{\"args\":[-5]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED\"}}"
  for id in payout_de_0042 payout_de_0043 payout_nl_0007 $U1; do sig $P $id BankAck "\"camt.054-$(rid | cut -c1-8)\"" "sepa-gateway@bank-link"; done
  # e-mail verification links clicked, a code resent
  sig $P user.signup.olga emailVerified '"link-click"' "verify-endpoint@web-eu-2"
  sig $P user.signup.femi emailVerified '"link-click"' "verify-endpoint@web-eu-2"
  sig $P user.signup.tomasz resend-code '"user-request"' "signup-form@web-eu-1"
  sleep 2
  for n in 48213 48214 48215 48216; do q POST "$NSP/$G/workflows/shipment:$n/query/whereIsIt" '{}'; describe $G shipment:$n; done
  for n in 48214 48216; do q GET "$NSP/$G/workflows/shipment:$n/history"; done
  q GET "$NSP/$G/workflows/shipment:48213/history?maximumPageSize=4"
  q GET "$NSP/$G/workflows/shipment:48213/history-reverse?maximumPageSize=3"
  for id in payout_de_0042 payout_de_0043 payout_pl_0119; do q POST "$NSP/$P/workflows/$id/query/settlement_state" '{}'; describe $P $id; done
  q GET "$NSP/$P/workflows/payout_de_0042/history"
  for u in olga femi tomasz; do q POST "$NSP/$P/workflows/user.signup.$u/query/step" '{}'; done
  # cancel a shipment the sender withdrew, terminate a payout flagged by compliance, clean up the e2e runs
  q POST "$NSP/$G/workflows/shipment:48219/cancel" "{\"reason\":\"sender withdrew the consignment\",\"requestId\":\"$(rid)\",\"identity\":\"support@agent-lucia\"}"
  q POST "$NSP/$P/workflows/$U3/terminate" '{"reason":"sanctions screening hit, manual review","identity":"compliance-bot@aml-1"}'
  q POST "$NSP/default/workflows/e2e-payout-1765093311/terminate" '{"reason":"e2e teardown","identity":"e2e-runner@ci-44"}'
  sleep 1
  describe $G shipment:48219; q GET "$NSP/$G/workflows/shipment:48219/history"
  describe $P $U3; q GET "$NSP/$P/workflows/$U3/history-reverse"
  # re-run the booking of payout_de_0043 (ledger posting failed downstream): reset to its first completed workflow task
  q GET "$NSP/$P/workflows/payout_de_0043/history"
  local ev; ev=$(jq -r '[.history.events[] | select(.eventType=="EVENT_TYPE_WORKFLOW_TASK_COMPLETED")][0].eventId // empty' "$STATE/last.json")
  describe $P payout_de_0043; local run; run=$(runid)
  q POST "$NSP/$P/workflows/payout_de_0043/reset" "{\"workflowExecution\":{\"workflowId\":\"payout_de_0043\",\"runId\":\"$run\"},\"reason\":\"ledger posting lost, rebook\",\"workflowTaskFinishEventId\":\"${ev:-4}\",\"resetReapplyExcludeTypes\":[\"RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL\"],\"requestId\":\"$(rid)\",\"identity\":\"treasury@laptop-ewa\"}"
  sleep 1
  describe $P payout_de_0043; local run2; run2=$(runid)
  q GET "$NSP/$P/workflows/payout_de_0043?execution.runId=$run"
  sig $P payout_de_0043 BankAck '"camt.054-rebook"' "sepa-gateway@bank-link"
  sleep 1
  q GET "$NSP/$P/workflows/payout_de_0043?execution.runId=$run2"
  # lists and counts as the ops scripts ask them
  q GET "$NSP/$G/workflows?query=WorkflowId%20STARTS_WITH%20%27shipment%3A%27"
  q GET "$NSP/$G/workflows?query=ExecutionStatus%3D%27Completed%27"
  q GET "$NSP/$P/workflows?query=WorkflowType%3D%27settle_payout%27%20AND%20ExecutionStatus%3D%27Running%27&pageSize=25"
  q GET "$NSP/$P/workflows?query=TaskQueue%3D%27ONBOARDING%27"
  q GET "$NSP/$R/workflows?query=StartTime%20%3E%20%272026-12-01T00%3A00%3A00Z%27"
  q GET "$NSP/$R/workflows?pageSize=2"
  q GET "$NSP/default/workflows"
  q GET "$NSP/$G/workflow-count?query=GROUP%20BY%20ExecutionStatus"
  q GET "$NSP/$P/workflow-count?query=WorkflowType%3D%27UserSignup%27"
  q GET "$NSP/$R/workflow-count?query=WorkflowType%3D%27etl.nightly%27"
  q GET "$NSP/default/workflow-count"
  # task queues and workers
  q GET "$NSP/$G/task-queues/shipments.v2"
  q GET "$NSP/$G/task-queues/shipments.v2?taskQueueType=TASK_QUEUE_TYPE_ACTIVITY&reportPollers=true"
  q GET "$NSP/$P/task-queues/sepa_payouts?reportStats=true"
  q GET "$NSP/$P/task-queues/ONBOARDING?reportPollers=true"
  q GET "$NSP/$R/task-queues/etl-batch"
  q GET "$NSP/$R/task-queues/etl-batch?taskQueueType=TASK_QUEUE_TYPE_ACTIVITY"
  q GET "$NSP/$P/task-queues/sepa_payouts/worker-versioning-rules"
  q GET "$NSP/$G/workers"
  q GET "$NSP/$P/workers?query=TaskQueue%3D%27sepa_payouts%27"
  q GET "$NSP/$R/worker-count"
  q GET "$NSP/$G/worker-deployments"
}

# the afternoon intake: more parcels booked, scanned along the way, some delivered, the tracking page asked
wave2() {
  local ids=(48221 48222 48223 48224 48225 48226 48227 48228 48229 48230 48231 48232)
  local from=(Rotterdam Hamburg Genoa Gdansk Valencia Rotterdam Hamburg Antwerp Marseille Bremen Trieste Rotterdam)
  local to=(Dortmund "Praha Hostivar" Ljubljana Vilnius Bilbao Luxembourg Aarhus Lille Toulouse Hannover Zagreb Utrecht)
  local car=(dhl dbschenker brt omniva seur postnl gls dpd colissimo hermes gls postnl)
  local i
  for i in "${!ids[@]}"; do shipment "${ids[$i]}" "${from[$i]}" "${to[$i]}" "$((3 + i * 7)).5" "${car[$i]}"; done
  sleep 2
  for i in "${!ids[@]}"; do sig $G "shipment:${ids[$i]}" carrierScan "\"${from[$i]} DC\"" "carrier-webhook@${car[$i]}"; done
  for i in 0 2 4 6 8 10; do sig $G "shipment:${ids[$i]}" carrierScan "\"${to[$i]} depot\"" "carrier-webhook@${car[$i]}"; done
  for i in 0 4 8 11; do sig $G "shipment:${ids[$i]}" carrierScan '"delivered"' "carrier-webhook@${car[$i]}"; done
  sig $G shipment:48227 customs_hold '"UK-origin goods, duty unpaid"' "customs-broker@aarhus"
  sleep 1
  for i in "${!ids[@]}"; do q POST "$NSP/$G/workflows/shipment:${ids[$i]}/query/whereIsIt" '{}'; done
  for i in 1 3 5 7 9; do describe $G "shipment:${ids[$i]}"; done
  for i in 0 8; do q GET "$NSP/$G/workflows/shipment:${ids[$i]}/history"; done
  q POST "$NSP/$G/workflows/shipment:48230/update/reroute" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\",\"identity\":\"dispatcher@desk-1\"},\"input\":{\"args\":[\"Hannover Messe gate 4\"]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED\"}}"
  q POST "$NSP/$G/workflows/shipment:48226/terminate" '{"reason":"duplicate booking of shipment:48214","identity":"support@agent-lucia"}'
  q GET "$NSP/$G/workflow-count?query=WorkflowType%3D%27ShipmentTracking%27%20GROUP%20BY%20ExecutionStatus"
  q GET "$NSP/$G/workflows?query=ExecutionStatus%3D%27Running%27&pageSize=100"
}

schedules() {
  q POST "$NSP/$R/schedules/etl-nightly" "{\"schedule\":{\"spec\":{\"cronString\":[\"15 2 * * *\"],\"timezoneName\":\"UTC\"},\"action\":{\"startWorkflow\":{\"workflowId\":\"nightly-etl\",\"workflowType\":{\"name\":\"etl.nightly\"},\"taskQueue\":{\"name\":\"etl-batch\"},\"input\":[{\"dataset\":\"warehouse_events\",\"date\":\"yesterday\",\"tables\":[\"scans\",\"deliveries\",\"exceptions\",\"returns\"]}]}},\"policies\":{\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_BUFFER_ONE\",\"catchupWindow\":\"7200s\"},\"state\":{\"notes\":\"Loads yesterday's warehouse events\"}},\"requestId\":\"$(rid)\",\"identity\":\"data-platform@airflow-bridge\"}"
  q POST "$NSP/$P/schedules/HourlyFxRates" "{\"schedule\":{\"spec\":{\"interval\":[{\"interval\":\"3600s\",\"phase\":\"300s\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"fx-rates-pull\",\"workflowType\":{\"name\":\"etl.nightly\"},\"taskQueue\":{\"name\":\"etl-batch\"},\"input\":[{\"dataset\":\"fx_rates\",\"date\":\"now\",\"tables\":[\"ecb_reference\"]}]}},\"policies\":{\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_SKIP\"}},\"requestId\":\"$(rid)\",\"identity\":\"treasury@laptop-ewa\"}"
  q POST "$NSP/$P/schedules/payout.sweep.daily" "{\"schedule\":{\"spec\":{\"calendar\":[{\"dayOfWeek\":\"MON-FRI\",\"hour\":\"17\",\"minute\":\"0\"}],\"timezoneName\":\"Europe/Amsterdam\"},\"action\":{\"startWorkflow\":{\"workflowId\":\"payout-sweep\",\"workflowType\":{\"name\":\"settle_payout\"},\"taskQueue\":{\"name\":\"sepa_payouts\"},\"input\":[{\"reference\":\"sweep\",\"beneficiary\":\"pending-batch\",\"iban\":\"\",\"amount_cents\":0,\"currency\":\"EUR\"}]}}},\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$G/schedules/sched_01JEZ8K4M2QW7TBX" "{\"schedule\":{\"spec\":{\"calendar\":[{\"dayOfWeek\":\"SAT\",\"hour\":\"4\",\"minute\":\"45\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"carrier-reconciliation\",\"workflowType\":{\"name\":\"etl.nightly\"},\"taskQueue\":{\"name\":\"etl-batch\"},\"input\":[{\"dataset\":\"carrier_invoices\",\"date\":\"last-week\",\"tables\":[\"dhl\",\"dpd\"]}]}},\"state\":{\"notes\":\"weekly carrier invoice reconciliation\"}},\"requestId\":\"$(rid)\",\"identity\":\"logistics-sre@bastion\"}"
  sleep 1
  q GET "$NSP/$R/schedules/etl-nightly"
  q GET "$NSP/$P/schedules/HourlyFxRates"
  q GET "$NSP/$P/schedules/payout.sweep.daily"
  q GET "$NSP/$G/schedules/sched_01JEZ8K4M2QW7TBX"
  q GET "$NSP/$P/schedules"
  q GET "$NSP/$R/schedules"
  q GET "$NSP/$G/schedules?maximumPageSize=5"
  q GET "$NSP/$P/schedule-count"
  q GET "$NSP/$R/schedule-count"
  q GET "$NSP/$R/schedules/etl-nightly/matching-times?startTime=2026-12-24T00:00:00Z&endTime=2027-01-03T00:00:00Z"
  q GET "$NSP/$P/schedules/payout.sweep.daily/matching-times?startTime=2027-03-01T00:00:00Z&endTime=2027-03-15T00:00:00Z"
  q GET "$NSP/$G/schedules/sched_01JEZ8K4M2QW7TBX/matching-times?startTime=2026-12-01T00:00:00Z&endTime=2027-02-01T00:00:00Z"
  # run the ETL now once, pause the FX pull during the rate-provider outage, sweep paused for the bank holiday
  q POST "$NSP/$R/schedules/etl-nightly/patch" "{\"patch\":{\"triggerImmediately\":{\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_ALLOW_ALL\"}},\"identity\":\"data-platform@airflow-bridge\",\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$P/schedules/HourlyFxRates/patch" "{\"patch\":{\"pause\":\"ECB feed outage INC-3321\"},\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$P/schedules/payout.sweep.daily/patch" "{\"patch\":{\"pause\":\"bank holiday 2026-12-25\"},\"requestId\":\"$(rid)\"}"
  q GET "$NSP/$P/schedules/HourlyFxRates"
  q POST "$NSP/$P/schedules/HourlyFxRates/patch" "{\"patch\":{\"unpause\":\"feed restored\"},\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$G/schedules/sched_01JEZ8K4M2QW7TBX/patch" "{\"patch\":{\"backfillRequest\":[{\"startTime\":\"2026-11-01T00:00:00Z\",\"endTime\":\"2026-11-15T00:00:00Z\",\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_ALLOW_ALL\"}]},\"requestId\":\"$(rid)\"}"
  # the FX pull every 30 minutes (update replaces the schedule)
  q POST "$NSP/$P/schedules/HourlyFxRates/update" "{\"schedule\":{\"spec\":{\"interval\":[{\"interval\":\"1800s\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"fx-rates-pull\",\"workflowType\":{\"name\":\"etl.nightly\"},\"taskQueue\":{\"name\":\"etl-batch\"},\"input\":[{\"dataset\":\"fx_rates\",\"date\":\"now\",\"tables\":[\"ecb_reference\",\"intraday\"]}]}},\"policies\":{\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_SKIP\"}},\"requestId\":\"$(rid)\",\"identity\":\"treasury@laptop-ewa\"}"
  sleep 2
  q GET "$NSP/$P/schedules/HourlyFxRates"
  q GET "$NSP/$R/schedules/etl-nightly"
  q GET "$NSP/$G/schedules/sched_01JEZ8K4M2QW7TBX"
  q GET "$NSP/$R/workflows?query=WorkflowType%3D%27etl.nightly%27"
  q GET "$NSP/$G/workflows?query=WorkflowType%3D%27etl.nightly%27"
  # a probe schedule in default, and the daily sweep retired
  q POST "$NSP/default/schedules/tmp_probe_schedule" "{\"schedule\":{\"spec\":{\"interval\":[{\"interval\":\"600s\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"tmp-probe\",\"workflowType\":{\"name\":\"etl.nightly\"},\"taskQueue\":{\"name\":\"etl-batch\"}}}},\"requestId\":\"$(rid)\"}"
  q GET "$NSP/default/schedules/tmp_probe_schedule"
  q DELETE "$NSP/default/schedules/tmp_probe_schedule"
  q DELETE "$NSP/$P/schedules/payout.sweep.daily?identity=treasury%40laptop-ewa"
  q GET "$NSP/$P/schedules"
  q GET "$NSP/default/schedule-count"
}

nexus() {
  q POST "$API/api/v1/nexus/endpoints" '{"spec":{"name":"CarrierRateQuotes","description":{"data":"\"Carrier rate quotes\""},"target":{"worker":{"namespace":"LogisticsProd","taskQueue":"shipments.v2"}}}}'
  local id; id=$(jq -r '.endpoint.id // empty' "$STATE/last.json")
  q GET "$API/api/v1/nexus/endpoints?pageSize=10"
  [ -n "$id" ] && { q GET "$API/api/v1/nexus/endpoints/$id"; q DELETE "$API/api/v1/nexus/endpoints/$id?version=1"; }
  q GET "$API/api/v1/nexus/endpoints"
}

batch() {
  local job=e2e-cancel-$(rid | cut -c1-8)
  q POST "$NSP/default/batch-operations/$job" "{\"visibilityQuery\":\"ExecutionStatus='Running'\",\"reason\":\"e2e teardown of leftover runs\",\"cancellationOperation\":{\"identity\":\"e2e-runner@ci-44\"}}"
  sleep 2
  q GET "$NSP/default/batch-operations/$job"
  q GET "$NSP/default/batch-operations?pageSize=5"
  q GET "$NSP/default/workflows?query=ExecutionStatus%3D%27Canceled%27"
}

# the ops dashboard and the customer tracking page polling
monitor() {
  local n=${1:-3}
  for i in $(seq 1 "$n"); do
    for ns in $NS_START $NS_API; do
      q GET "$NSP/$ns/workflow-count?query=ExecutionStatus%3D%27Running%27"
    done
    q GET "$NSP/$G/workflows?query=WorkflowType%3D%27ShipmentTracking%27%20AND%20ExecutionStatus%3D%27Running%27&pageSize=10"
    q GET "$NSP/$P/workflows?query=WorkflowType%3D%27settle_payout%27&pageSize=10"
    for n2 in 48215 48217 48220; do
      q POST "$NSP/$G/workflows/shipment:$n2/query/whereIsIt" '{}'
    done
    describe $P payout_nl_0007
    describe $P $U2
    q GET "$NSP/$R/schedules/etl-nightly"
    q GET "$API/api/v1/cluster-info"
    sleep 1
  done
}

# calls on things that do not exist (404 and friends)
missing() {
  describe $G shipment:99999
  describe $G shipment:4821
  describe $P 5b2e0c11-9f3a-4d7e-8b21-6a0f4c9d1e37
  describe $P user.signup.nobody
  q GET "$NSP/$P/workflows/payout_fr_0001/history"
  q GET "$NSP/$R/workflows/nightly-etl-2025-02-30/history-reverse"
  q POST "$NSP/$G/workflows/shipment:11111/signal/carrierScan" '{"input":["Nowhere"]}'
  q POST "$NSP/$P/workflows/payout_it_0099/query/settlement_state" '{}'
  q POST "$NSP/$G/workflows/shipment:22222/update/reroute" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\"},\"input\":{\"args\":[\"Oslo\"]}}}"
  q POST "$NSP/$G/workflows/shipment:33333/cancel" '{"reason":"duplicate ticket"}'
  q GET "$NSP/$R/schedules/weekly-report"
  q GET "$NSP/$P/schedules/payout.sweep.daily"
  q GET "$NSP/$R/schedules/etl-hourly/matching-times?startTime=2027-01-01T00:00:00Z&endTime=2027-01-02T00:00:00Z"
  q DELETE "$NSP/default/schedules/tmp_probe_schedule"
  q GET "$NSP/staging"
  q GET "$NSP/Payments_EU/workflows"
  q GET "$NSP/default/batch-operations/no-such-job"
  q GET "$API/api/v1/nexus/endpoints/3f0e2c9a-1111-4222-8333-444455556666"
}

# an older integration on the unprefixed paths the gateway also routes (documented in the spec too)
legacy() {
  q GET "$API/system-info"
  q GET "$API/cluster/namespaces/$R"
  q GET "$API/cluster/namespaces/$P/search-attributes"
  q GET "$API/namespaces/$G/workflows/shipment:48213"
  q GET "$API/namespaces/$G/workflows/shipment:48213/history"
  q GET "$API/namespaces/$P/workflow-count"
  q GET "$API/namespaces/$R/schedules/etl-nightly"
  q GET "$API/namespaces/$G/task-queues/shipments.v2"
  q POST "$API/namespaces/$G/workflows/shipment:48218/signal/carrierScan" '{"input":["Parnu pickup point"]}'
}

case "${1:-}" in
  setup) setup ;;
  work) work ;;
  wave2) wave2 ;;
  schedules) schedules ;;
  nexus) nexus ;;
  batch) batch ;;
  monitor) monitor "${2:-3}" ;;
  missing) missing ;;
  legacy) legacy ;;
  *) echo "usage: $0 setup|work|wave2|schedules|nexus|batch|monitor N|missing|legacy" >&2; exit 2 ;;
esac
