#!/usr/bin/env bash
# The shop's scripts and operators on Temporal's HTTP API with curl, as the HTTP API docs show (JSON bodies with
# payload shorthand, /api/v1/...). No credentials: the dev server has no authorizer and no auth setting.
# Usage: api.sh setup | work | ops | monitor N | legacy | missing
set -uo pipefail
. "$(dirname "$0")/common.sh"
NSP=$API/api/v1/namespaces

start() { # NS ID TYPE QUEUE INPUT
  q POST "$NSP/$1/workflows/$2" "{\"workflowId\":\"$2\",\"workflowType\":{\"name\":\"$3\"},\"taskQueue\":{\"name\":\"$4\"},\"input\":[$5],\"requestId\":\"$(rid)\",\"identity\":\"checkout-api@web-3\"}"
}
describe() { # NS ID: DescribeWorkflowExecution; keeps "NS ID RUNID" in $STATE/runs for the browser
  local c; c=$(j GET "$NSP/$1/workflows/$2")
  [ "$c" = 200 ] && echo "$1 $2 $(runid)" >> "$STATE/runs"
  return 0
}

setup() {
  q GET "$API/api/v1/cluster-info"
  q GET "$API/api/v1/system-info"
  q GET "$NSP"
  q POST "$NSP" "{\"namespace\":\"$NS_API\",\"description\":\"Lifecycle and marketing e-mails\",\"ownerEmail\":\"growth-eng@acme-shop.example\",\"workflowExecutionRetentionPeriod\":\"259200s\",\"data\":{\"team\":\"growth\",\"cost-center\":\"cc-4410\"}}"
  q GET "$NSP?pageSize=20"
  for ns in default $NS_START; do q GET "$NSP/$ns"; done
  q POST "$NSP/finance-billing/update" '{"updateInfo":{"description":"Invoices, dunning and payouts","ownerEmail":"finance-eng@acme-shop.example","data":{"team":"finance"}},"config":{"workflowExecutionRetentionTtl":"604800s"}}'
  q POST "$NSP/ecommerce-prod/update" '{"updateInfo":{"description":"Checkout and order fulfilment","ownerEmail":"orders-oncall@acme-shop.example"}}'
  q GET "$NSP/finance-billing"
  for ns in default $NS_START; do q GET "$NSP/$ns/search-attributes"; done
}

order() { # NS ID CUSTOMER TOTAL ADDRESS ITEMS...
  local ns=$1 id=$2 cust=$3 tot=$4 addr=$5; shift 5
  local items; items=$(printf '"%s",' "$@"); items=${items%,}
  start "$ns" "$id" OrderFulfillment order-fulfillment "{\"orderId\":\"${id#order-}\",\"customer\":\"$cust\",\"items\":[$items],\"total\":$tot,\"address\":\"$addr\"}"
}
invoice() { # NS ID CUSTOMER PERIOD AMOUNT
  start "$1" "$2" InvoiceGeneration billing-invoices "{\"invoiceId\":\"$2\",\"customer\":\"$3\",\"period\":\"$4\",\"amount\":$5}"
}
welcome() { # NS USER EMAIL PLAN
  start "$1" "welcome-email-$2" WelcomeEmail customer-emails "{\"user\":\"$2\",\"email\":\"$3\",\"plan\":\"$4\"}"
}

work() {
  local E=ecommerce-prod F=finance-billing M=$NS_API
  order $E order-20391 "alice.moreau" 129.90 "12 Rue Oberkampf, Paris" SKU-4471 SKU-0932
  order $E order-20392 "rahul.iyer" 54.00 "221 MG Road, Bengaluru" SKU-1188
  order $E order-20393 "kim.soo-ah" 310.25 "18 Teheran-ro, Seoul" SKU-7720 SKU-7721 SKU-0002
  order $E order-20394 "bruno.costa" 19.99 "Av. Paulista 1000, Sao Paulo" SKU-3305
  order $E order-20395 "chen.wei" 75.50 "88 Nanjing Rd, Shanghai" SKU-5150
  order $E order-20396 "dana.okafor" 240.00 "5 Marina Rd, Lagos" SKU-9001 SKU-9002
  welcome $E alice alice.moreau@example.org pro
  welcome $E rahul rahul.iyer@example.in starter
  invoice $F invoice-kim-2026-11 "kim.soo-ah" 2026-11 310.25
  invoice $F invoice-okafor-2026-11 "dana.okafor" 2026-11 240.00
  invoice $F invoice-lindqvist-2026-11 "erik.lindqvist" 2026-11 1180.40
  invoice $F invoice-moreau-2026-11 "alice.moreau" 2026-11 129.90
  welcome $M alice alice.moreau@example.org pro
  welcome $M bruno bruno.costa@example.com.br starter
  welcome $M chen-wei chen.wei@example.cn team
  welcome $M dana dana.okafor@example.ng pro
  order default order-smoke-test-1 "qa.bot" 1.00 "1 Test St" SKU-TEST
  invoice default invoice-dev-check "qa.bot" 2026-12 0.01
  welcome default test-user qa+welcome@acme-shop.example starter
  welcome default qa-bot-2 qa+bot2@acme-shop.example starter
  # a new sign-up arrives as signal-with-start
  q POST "$NSP/$M/workflows/welcome-email-emeka/signal-with-start/skip-wait" "{\"workflowId\":\"welcome-email-emeka\",\"workflowType\":{\"name\":\"WelcomeEmail\"},\"taskQueue\":{\"name\":\"customer-emails\"},\"input\":[{\"user\":\"emeka\",\"email\":\"emeka.obi@example.ng\",\"plan\":\"starter\"}],\"signalInput\":[\"sent-from-signup-form\"],\"requestId\":\"$(rid)\",\"identity\":\"signup-service@web-1\"}"
  sleep 3
  for id in order-20391 order-20392 order-20393 order-20394 order-20395 order-20396 welcome-email-alice; do describe $E $id; done
  for id in welcome-email-alice welcome-email-bruno welcome-email-emeka; do describe $M $id; done
  for id in invoice-kim-2026-11 invoice-okafor-2026-11 invoice-lindqvist-2026-11 invoice-moreau-2026-11; do
    describe $F $id; q GET "$NSP/$F/workflows/$id/history"
  done
  # queries while orders wait for payment
  for id in order-20391 order-20392 order-20393 order-20394; do
    q POST "$NSP/$E/workflows/$id/query/order-status" '{"query":{"queryArgs":[]}}'
  done
  q POST "$NSP/$M/workflows/welcome-email-alice/query/progress" '{}'
  q POST "$NSP/$M/workflows/welcome-email-bruno/query/progress" '{}'
  # payments arrive; a gift note; an address change (update)
  q POST "$NSP/$E/workflows/order-20391/signal/payment-confirmed" '{"input":["pi_3QxT7e2eZvKYlo2C0a1b2c3d"],"identity":"stripe-webhook@payments-1"}'
  q POST "$NSP/$E/workflows/order-20392/signal/payment-confirmed" '{"input":["pi_3QxT8f2eZvKYlo2C9z8y7x6w"],"identity":"stripe-webhook@payments-1"}'
  q POST "$NSP/$E/workflows/order-20393/signal/add-gift-note" '{"input":["Happy birthday, Min-jun! Love, Soo-ah"]}'
  q POST "$NSP/$E/workflows/order-20393/update/change-shipping-address" "{\"request\":{\"meta\":{\"updateId\":\"$(rid)\"},\"input\":{\"args\":[\"20 Gangnam-daero, Seoul\"]}},\"waitPolicy\":{\"lifecycleStage\":\"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED\"}}"
  q POST "$NSP/$M/workflows/welcome-email-dana/signal/skip-wait" '{"input":["ops-test"]}'
  sleep 2
  for id in order-20391 order-20392 order-20393; do
    q POST "$NSP/$E/workflows/$id/query/order-status" '{}'
    describe $E $id
    q GET "$NSP/$E/workflows/$id/history"
  done
  q GET "$NSP/$E/workflows/order-20391/history-reverse?maximumPageSize=5"
  # a customer cancels, another order is force-terminated (refund), the smoke test is cleaned up
  q POST "$NSP/$E/workflows/order-20395/cancel" "{\"reason\":\"customer cancelled before payment\",\"requestId\":\"$(rid)\",\"identity\":\"support-console@agent-maria\"}"
  q POST "$NSP/$E/workflows/order-20396/terminate" '{"reason":"fraud check failed: card reported stolen","identity":"risk-engine@fraud-2"}'
  q POST "$NSP/default/workflows/order-smoke-test-1/terminate" '{"reason":"smoke test done"}'
  sleep 1
  for id in order-20395 order-20396; do describe $E $id; q GET "$NSP/$E/workflows/$id/history"; done
  # reset order-20392 to its first completed workflow task (re-run the payment step)
  q GET "$NSP/$E/workflows/order-20392/history"
  local ev; ev=$(jq -r '[.history.events[] | select(.eventType=="EVENT_TYPE_WORKFLOW_TASK_COMPLETED")][0].eventId // empty' "$STATE/last.json")
  describe $E order-20392; local run; run=$(runid)
  q POST "$NSP/$E/workflows/order-20392/reset" "{\"workflowExecution\":{\"workflowId\":\"order-20392\",\"runId\":\"$run\"},\"reason\":\"payment provider double-charge, replaying\",\"workflowTaskFinishEventId\":\"${ev:-4}\",\"requestId\":\"$(rid)\"}"
  sleep 1
  describe $E order-20392
  q POST "$NSP/$E/workflows/order-20392/signal/payment-confirmed" '{"input":["pi_3QxU1a2eZvKYlo2C5t4r3e2w"]}'
  # pause / unpause a running order (workflow pause)
  q POST "$NSP/$E/workflows/order-20394/pause" "{\"reason\":\"address verification\",\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$E/workflows/order-20394/unpause" "{\"reason\":\"address verified\",\"requestId\":\"$(rid)\"}"
  # lists and counts as dashboards and scripts ask them
  q GET "$NSP/$E/workflows?query=WorkflowType%3D%27OrderFulfillment%27"
  q GET "$NSP/$E/workflows?query=ExecutionStatus%3D%27Running%27&pageSize=50"
  q GET "$NSP/$F/workflows?query=WorkflowId%20STARTS_WITH%20%27invoice-%27"
  q GET "$NSP/$M/workflows"
  q GET "$NSP/default/workflows"
  q GET "$NSP/$E/workflow-count?query=ExecutionStatus%3D%27Running%27"
  q GET "$NSP/$F/workflow-count"
  q GET "$NSP/$E/workflow-count?query=GROUP%20BY%20ExecutionStatus"
  q GET "$NSP/$F/archived-workflows?query=WorkflowId%3D%27invoice-kim-2026-10%27"
  # task queues, workers, deployments
  for tq in order-fulfillment customer-emails; do
    q GET "$NSP/$E/task-queues/$tq"
    q GET "$NSP/$E/task-queues/$tq?taskQueueType=TASK_QUEUE_TYPE_ACTIVITY&reportPollers=true"
  done
  q GET "$NSP/$F/task-queues/billing-invoices?reportStats=true"
  q GET "$NSP/$M/task-queues/customer-emails"
  q GET "$NSP/$E/task-queues/order-fulfillment/worker-build-id-compatibility"
  q GET "$NSP/$E/task-queues/order-fulfillment/worker-versioning-rules"
  q GET "$NSP/$E/workers"
  q GET "$NSP/$E/worker-count"
  q GET "$NSP/$F/workers?query=TaskQueue%3D%27billing-invoices%27"
  q GET "$NSP/$E/worker-deployments"
  q GET "$NSP/$E/deployments"
  q GET "$NSP/$E/batch-operations"
  q GET "$NSP/$E/activities"
  q GET "$NSP/$E/activity-count"
}

schedules() {
  local F=finance-billing M=$NS_API
  q POST "$NSP/$F/schedules/monthly-invoices" "{\"schedule\":{\"spec\":{\"cronString\":[\"0 6 1 * *\"],\"timezoneName\":\"Europe/Berlin\"},\"action\":{\"startWorkflow\":{\"workflowId\":\"invoice-run-monthly\",\"workflowType\":{\"name\":\"InvoiceGeneration\"},\"taskQueue\":{\"name\":\"billing-invoices\"},\"input\":[{\"invoiceId\":\"monthly-batch\",\"customer\":\"all-active\",\"period\":\"previous-month\",\"amount\":0}]}},\"policies\":{\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_SKIP\",\"catchupWindow\":\"3600s\"},\"state\":{\"notes\":\"Bills every active customer on the 1st\"}},\"requestId\":\"$(rid)\",\"identity\":\"finance-ops@laptop-ines\"}"
  q POST "$NSP/$F/schedules/dunning-reminders" "{\"schedule\":{\"spec\":{\"interval\":[{\"interval\":\"86400s\",\"phase\":\"32400s\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"dunning-reminder-run\",\"workflowType\":{\"name\":\"InvoiceGeneration\"},\"taskQueue\":{\"name\":\"billing-invoices\"},\"input\":[{\"invoiceId\":\"dunning\",\"customer\":\"overdue\",\"period\":\"daily\",\"amount\":0}]}}},\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$M/schedules/weekly-newsletter-digest" "{\"schedule\":{\"spec\":{\"calendar\":[{\"dayOfWeek\":\"MON\",\"hour\":\"8\",\"minute\":\"30\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"newsletter-digest\",\"workflowType\":{\"name\":\"WelcomeEmail\"},\"taskQueue\":{\"name\":\"customer-emails\"},\"input\":[{\"user\":\"digest\",\"email\":\"list@acme-shop.example\",\"plan\":\"all\"}]}}},\"requestId\":\"$(rid)\"}"
  sleep 1
  for s in monthly-invoices dunning-reminders; do q GET "$NSP/$F/schedules/$s"; done
  q GET "$NSP/$M/schedules/weekly-newsletter-digest"
  q GET "$NSP/$F/schedules"
  q GET "$NSP/$M/schedules?maximumPageSize=10"
  q GET "$NSP/$F/schedule-count"
  q GET "$NSP/$F/schedules/monthly-invoices/matching-times?startTime=2027-01-01T00:00:00Z&endTime=2027-06-30T00:00:00Z"
  q GET "$NSP/$M/schedules/weekly-newsletter-digest/matching-times?startTime=2026-12-07T00:00:00Z&endTime=2027-01-07T00:00:00Z"
  # pause for the quarter close, look, unpause, trigger once
  q POST "$NSP/$F/schedules/monthly-invoices/patch" "{\"patch\":{\"pause\":\"paused during the Q4 close\"},\"identity\":\"finance-ops@laptop-ines\",\"requestId\":\"$(rid)\"}"
  q GET "$NSP/$F/schedules/monthly-invoices"
  q POST "$NSP/$F/schedules/monthly-invoices/patch" "{\"patch\":{\"unpause\":\"Q4 close done\"},\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$F/schedules/dunning-reminders/patch" "{\"patch\":{\"triggerImmediately\":{\"overlapPolicy\":\"SCHEDULE_OVERLAP_POLICY_ALLOW_ALL\"}},\"requestId\":\"$(rid)\"}"
  q POST "$NSP/$M/schedules/weekly-newsletter-digest/patch" "{\"patch\":{\"pause\":\"holiday freeze\"},\"requestId\":\"$(rid)\"}"
  # move the digest to Tuesday (update replaces the schedule)
  q POST "$NSP/$M/schedules/weekly-newsletter-digest/update" "{\"schedule\":{\"spec\":{\"calendar\":[{\"dayOfWeek\":\"TUE\",\"hour\":\"9\",\"minute\":\"0\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"newsletter-digest\",\"workflowType\":{\"name\":\"WelcomeEmail\"},\"taskQueue\":{\"name\":\"customer-emails\"},\"input\":[{\"user\":\"digest\",\"email\":\"list@acme-shop.example\",\"plan\":\"all\"}]}},\"state\":{\"paused\":true,\"notes\":\"holiday freeze\"}},\"requestId\":\"$(rid)\"}"
  sleep 1
  q GET "$NSP/$M/schedules/weekly-newsletter-digest"
  q GET "$NSP/$F/schedules/dunning-reminders"
  # a schedule made by mistake in default, then deleted
  q POST "$NSP/default/schedules/test-hourly-invoices" "{\"schedule\":{\"spec\":{\"interval\":[{\"interval\":\"3600s\"}]},\"action\":{\"startWorkflow\":{\"workflowId\":\"test-hourly-invoice\",\"workflowType\":{\"name\":\"InvoiceGeneration\"},\"taskQueue\":{\"name\":\"billing-invoices\"}}}},\"requestId\":\"$(rid)\"}"
  q GET "$NSP/default/schedules/test-hourly-invoices"
  q DELETE "$NSP/default/schedules/test-hourly-invoices?identity=finance-ops%40laptop-ines"
  q GET "$NSP/default/schedules"
}

nexus() {
  q GET "$API/api/v1/nexus/endpoints"
  q POST "$API/api/v1/nexus/endpoints" '{"spec":{"name":"payments-gateway","description":{"data":"\"Card payments for the shop\""},"target":{"worker":{"namespace":"ecommerce-prod","taskQueue":"order-fulfillment"}}}}'
  local id ver; id=$(jq -r '.endpoint.id // empty' "$STATE/last.json"); ver=$(jq -r '.endpoint.version // 1' "$STATE/last.json")
  q POST "$API/api/v1/nexus/endpoints" '{"spec":{"name":"invoice-service","target":{"worker":{"namespace":"finance-billing","taskQueue":"billing-invoices"}}}}'
  local id2; id2=$(jq -r '.endpoint.id // empty' "$STATE/last.json")
  q GET "$API/api/v1/nexus/endpoints"
  q GET "$API/api/v1/nexus/endpoints?name=payments-gateway"
  [ -n "$id" ] && {
    q GET "$API/api/v1/nexus/endpoints/$id"
    q POST "$API/api/v1/nexus/endpoints/$id/update" "{\"version\":\"$ver\",\"spec\":{\"name\":\"payments-gateway\",\"target\":{\"worker\":{\"namespace\":\"ecommerce-prod\",\"taskQueue\":\"order-fulfillment\"}}}}"
    q GET "$API/api/v1/nexus/endpoints/$id"
  }
  [ -n "$id2" ] && { q GET "$API/api/v1/nexus/endpoints/$id2"; q DELETE "$API/api/v1/nexus/endpoints/$id2?version=1"; }
  echo "$id" > "$STATE/nexus-endpoint"
}

batch() {
  local job=cleanup-test-emails-$(date +%s)
  q POST "$NSP/default/batch-operations/$job" "{\"visibilityQuery\":\"WorkflowType='WelcomeEmail' AND ExecutionStatus='Running'\",\"reason\":\"clean up QA welcome e-mails\",\"terminationOperation\":{\"identity\":\"qa-cleanup\"}}"
  sleep 2
  q GET "$NSP/default/batch-operations"
  q GET "$NSP/default/batch-operations/$job"
}

# a dashboard script polling the namespaces
monitor() {
  local n=${1:-3}
  for i in $(seq 1 "$n"); do
    for ns in default ecommerce-prod finance-billing $NS_API; do
      q GET "$NSP/$ns/workflows?query=ExecutionStatus%3D%27Running%27"
      q GET "$NSP/$ns/workflow-count"
    done
    for id in order-20393 order-20394; do describe ecommerce-prod $id; done
    q GET "$NSP/finance-billing/schedules/monthly-invoices"
    q GET "$API/api/v1/system-info"
    sleep 1
  done
}

# calls on things that do not exist (404 and friends)
missing() {
  describe ecommerce-prod order-99999
  describe ecommerce-prod order-20397
  q GET "$NSP/finance-billing/workflows/invoice-nobody-2026-01/history"
  q POST "$NSP/ecommerce-prod/workflows/order-00000/signal/payment-confirmed" '{"input":["pi_x"]}'
  q POST "$NSP/ecommerce-prod/workflows/order-00001/query/order-status" '{}'
  q POST "$NSP/ecommerce-prod/workflows/order-00002/terminate" '{"reason":"cleanup"}'
  q GET "$NSP/finance-billing/schedules/quarterly-tax-report"
  q GET "$NSP/staging-legacy"
  q GET "$NSP/staging-legacy/workflows"
  q GET "$NSP/ecommerce-prod/task-queues/order-fulfilment-typo"
  q GET "$API/api/v1/nexus/endpoints/7c1b0a3e-0000-4000-8000-000000000000"
  q DELETE "$NSP/default/schedules/test-hourly-invoices"
}

# an older script on the unprefixed paths the gateway also routes (documented in the spec too)
legacy() {
  q GET "$API/cluster"
  q GET "$API/system-info"
  q GET "$API/cluster/namespaces"
  q GET "$API/cluster/namespaces/finance-billing"
  q GET "$API/namespaces/finance-billing/workflows?query=WorkflowType%3D%27InvoiceGeneration%27"
  q GET "$API/namespaces/finance-billing/workflows/invoice-kim-2026-11"
  q GET "$API/namespaces/ecommerce-prod/schedules"
  q POST "$API/namespaces/ecommerce-prod/workflows/order-20394/query/order-status" '{}'
}

case "${1:-}" in
  setup) setup ;;
  work) work ;;
  schedules) schedules ;;
  nexus) nexus ;;
  batch) batch ;;
  monitor) monitor "${2:-3}" ;;
  missing) missing ;;
  legacy) legacy ;;
  *) echo "usage: $0 setup|work|schedules|nexus|batch|monitor N|missing|legacy" >&2; exit 2 ;;
esac
