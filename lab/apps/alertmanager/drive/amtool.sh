#!/usr/bin/env bash
# Operator session with amtool (the Alertmanager CLI, same module and version).
# Every amtool invocation first checks the server version (GET /api/v2/status),
# then does its own calls with Go's net/http client (keep-alive within a process).
set -u
AMTOOL=${AMTOOL:-/tmp/shadowtap-lab/alertmanager/bin/amtool}
URL=${AM_URL:-http://127.0.0.1:19093}
am() { "$AMTOOL" --alertmanager.url="$URL" "$@"; }
amq() { am "$@" >/dev/null 2>&1 || true; }

# --- alerts fired by hand (testing routing, as operators do) ---
amq alert add PaymentsLatencyHigh team=payments service=checkout-api severity=critical cluster=eu-west-1 instance=checkout-7f9c:8080 \
  --annotation=summary='p99 latency above 2s' --annotation=runbook='https://runbooks.example.com/payments/latency'
amq alert add PaymentsLatencyHigh team=payments service=checkout-api severity=warning cluster=eu-west-1 instance=checkout-7f9c:8080 \
  --annotation=summary='p99 latency above 800ms'
amq alert add RefundQueueBacklog team=payments service=refund-worker severity=warning cluster=us-east-2 instance=refund-0:9102 \
  --annotation=summary='refund queue backlog above 5000'
amq alert add SearchIndexLag team=search service=indexer severity=warning cluster=eu-west-1 instance=indexer-2:9200
amq alert add SearchIndexLag team=search service=indexer severity=critical cluster=us-east-2 instance=indexer-5:9200
amq alert add NodeDiskFull team=platform service=node-exporter severity=critical cluster=eu-west-1 instance=node-14:9100 \
  --annotation=description='/var/lib/docker is 97% full'
amq alert add NodeMemoryPressure team=platform service=node-exporter severity=warning cluster=us-east-2 instance=node-03:9100
amq alert add Watchdog severity=none --annotation=summary='always firing'
amq alert add KafkaConsumerLag team=platform service=kafka severity=info cluster=eu-west-1 instance=kafka-1:7071 --generator-url='http://prometheus-eu:9090/graph?g0.expr=kafka_consumergroup_lag'
amq alert add CertificateExpiry team=platform service=ingress-nginx severity=warning cluster=us-east-2 instance=ingress-0:10254 \
  --start="$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)"

# --- queries with matchers ---
amq alert query
amq alert query -o extended
amq alert query team=payments
amq alert query alertname=~'Node.*'
amq alert query severity=critical -o json
amq alert query --silenced
amq alert query --inhibited team=payments
amq alert query --receiver=search-slack
amq alert query -a -u service=indexer
amq alert query instance=~'node-.*' cluster=eu-west-1

# --- silences: maintenance windows by several people ---
ids=()
add_sil() { local id; id=$(am silence add "$@" 2>/dev/null) && ids+=("$id"); }
add_sil -a alice.moreau -d 2h -c 'checkout-api deploy 2024.11.3' service=checkout-api cluster=eu-west-1
add_sil -a bob.tanaka -d 4h -c 'indexer reindex, lag expected' alertname=SearchIndexLag team=search
add_sil -a carol.nguyen -d 30m -c 'node-14 disk cleanup in progress' instance=node-14:9100
add_sil -a alice.moreau -d 1h -c 'refund worker migration' service=refund-worker
add_sil -a dmitri.ivanov -d 8h -c 'kafka broker rolling restart' 'alertname=~Kafka.*' cluster=eu-west-1
add_sil -a bob.tanaka -d 90m -c 'ingress cert rotation' alertname=CertificateExpiry
add_sil -a carol.nguyen -d 3h -c 'memory tuning experiment' alertname=NodeMemoryPressure instance=node-03:9100
add_sil -a dmitri.ivanov -d 24h -c 'silence watchdog on staging' alertname=Watchdog 'cluster!=eu-west-1'
printf '%s\n' "${ids[@]}" > "${AM_STATE:-/tmp/shadowtap-lab/alertmanager/state}/amtool_silence_ids.txt"

amq silence query
amq silence query -o extended
amq silence query -q
amq silence query --created-by=alice.moreau
amq silence query service=checkout-api
amq silence query alertname=SearchIndexLag -o json
amq silence query --within=3h
amq silence query --id="${ids[0]}"

# --- update: extend/change comments ---
amq silence update -d 3h -c 'checkout-api deploy 2024.11.3 (extended)' "${ids[0]}"
amq silence update -d 6h "${ids[1]}"
amq silence update -c 'disk cleanup done, keep 15 more minutes' -d 15m "${ids[2]}"

# --- export/import (backup & restore of silences) ---
am silence query -o json > "${AM_STATE:-/tmp/shadowtap-lab/alertmanager/state}/silences_backup.json" 2>/dev/null || true
amq silence import -f "${AM_STATE:-/tmp/shadowtap-lab/alertmanager/state}/silences_backup.json"
amq silence import -w 2 "${AM_STATE:-/tmp/shadowtap-lab/alertmanager/state}/import_silences.json"

# --- expire ---
amq silence expire "${ids[3]}"
amq silence expire "${ids[5]}" "${ids[6]}"
amq silence expire 4f1c2a9e-6b7d-4e3a-9c51-2d8e7f0a1b23   # already gone: 404 from the server
amq silence query --expired
amq silence query --expired -o extended

# --- config/cluster ---
amq config show
amq config routes
amq config routes show
amq config routes test team=payments severity=critical
amq config routes test --verify.receivers=search-slack team=search
amq cluster show
amq cluster show -o json
amq alert query -o extended alertname=PaymentsLatencyHigh
