#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/prometheus (its drive/ scripts, rules and configs, and the
exporter arguments in its record.sh) with other names: the same calls, other data. Run by record.sh on a copy, never
on lab/apps/prometheus itself. Also points the copy's work directory at /tmp/shadowtap-lab/prometheus-names2 (reusing
the first recording's built binaries, module source and npm packages by copying them when present).

usage: names.py DIR   (DIR: the copy of lab/apps/prometheus)
"""
import os, re, sys

FILES = ['record.sh', 'setup.sh', 'drive/env.sh', 'drive/grafana.sh', 'drive/promtool.sh', 'drive/ops.sh',
         'drive/anon.sh', 'drive/browser.cjs', 'drive/otel-metrics.cjs', 'drive/exporter.py', 'drive/prometheus.yml',
         'drive/agent.yml', 'drive/rules/recording.yml', 'drive/rules/alerting.yml', 'drive/_remoteread/main.go']

L0, L1 = '/tmp/shadowtap-lab/prometheus', '/tmp/shadowtap-lab/prometheus-names2'

# 1. whole strings (literal), in order: things that contain label-name tokens come first
S = [
    # work directory
    (L0 + '/otel', L1 + '/otel'), ('L=' + L0 + '\n', 'L=' + L1 + '\n'),
    # recording-rule names, alert names, groups
    ('service:http_requests:rate1m', 'svc:calls:rate1m'), ('service:http_errors:ratio_rate1m', 'svc:errors:ratio_rate1m'),
    ('service_route:http_request_duration_seconds:p95', 'svc_handler:latency:p95'), ('job:inventory_queue_depth:max', 'job:backlog:max'),
    ('{__name__=~"service:.*"}', '{__name__=~"svc:.*"}'), ('re("__name__", "service:.*")', 're("__name__", "svc:.*")'),
    ('http_red', 'sloBurn'), ('name: queue_depth', 'name: backlogs'), ('name: availability', 'name: uptime'), ('name: capacity', 'name: wms2'),
    ('TargetDown', 'ScrapeFailing'), ('HighErrorRatio', 'error_ratio_5pct'), ('InventoryQueueBacklog', 'BacklogGrowing'),
    ('CheckoutLatencyHigh', 'P95Over800ms'),
    ('%7Bseverity%3D%22page%22%7D', '%7Burgency%3D%22p1%22%7D'),
    ('severity: page', 'urgency: p1'), ('severity: ticket', 'urgency: p3'), ('severity: warning', 'urgency: p2'),
    # OTel services, instruments and attributes (the label names Prometheus makes of them)
    ("payment_service: { ver: '0.9.12', ns: 'shop'", "ledger: { ver: '0.9.12', ns: 'retail'"),
    ("'cart-frontend': { ver: '2.14.0', ns: 'shop', routes: ['/cart', '/cart/items/{itemId}', '/checkout/confirm']",
     "basketUI2: { ver: '2.14.0', ns: 'retail', routes: ['/basket', '/basket/lines/{lineNo}', '/pay', '/pay/3ds/{challengeId}']"),
    ("NotificationWorker: { ver: '3.1.0', ns: 'messaging'", "'notifier-7c': { ver: '3.1.0', ns: 'comms'"),
    ("name === 'payment_service'", "name === 'ledger'"),
    ("'payments.amount'", "'ledger.postings'"), ('payments_amount_EUR_total', 'ledger_postings_EUR_total'),
    ("['stripe', 'adyen', 'PayPal']", "['klarna', 'mollie', 'SEPA_DD', 'giftcard']"),
    ("'payment.provider'", "'psp'"), ('payment_provider', 'psp'),
    ("'notifications.sent'", "'dispatch.count'"), ("'queue.depth'", "'outbox.backlog'"), ('(queue_depth)', '(outbox_backlog)'),
    ("['email-outbound', 'sms_outbound', 'PushAPNs']", "['outbox', 'dlq_payments']"),
    ("'messaging.destination.name'", "'mq.topic'"), ('messaging_destination_name', 'mq_topic'),
    ("['email', 'sms', 'push']", "['webhook', 'slack', 'pagerduty2', 'teams']"), ('{ channel: ch }', '{ medium: ch }'),
    ("['a17', 'b03', 'c22']", "['10-4-2-17', '10-4-9-3', '10-4-1-22']"), ('`node-${', '`ip-${'), ('.eu-west.internal', '.ec2.internal'),
    ('job, http_route) (rate(http_server', 'job, HTTP_ROUTE_KEEP) (rate(http_server'),
    # metric names
    ('inventory_queue_depth', 'stock_backlog_msgs'), ('backup_last_success_timestamp_seconds', 'pg_dump_last_ok_ts'),
    ('backup_size_bytes', 'pgDumpBytes'), ('report_rows_processed_total', 'rowsExported_total'),
    ('no_such_metric_anywhere', 'ghost404'),
    ('search=http_req', 'search=requests_h'), ("'search=queue'", "'search=backlog'"), ('search=serv', 'search=svc'),
    ("'search=env'", "'search=sta'"), ('label=service&search=check', 'label=svcName&search=bask'),
    ("'label=http_route' --data-urlencode 'search=orders'", "'label=handler' --data-urlencode 'search=baskets'"),
    # Grafana dashboards (uids)
    ('checkout-overview', 'fe3kq9z1lpdkwa'), ('panel inventory-worker', 'panel stock'), ('X-Dashboard-Uid: inventory-worker', 'X-Dashboard-Uid: stock'),
    ('panel edge-gateway', 'panel b7d2c91e'), ('X-Dashboard-Uid: edge-gateway', 'X-Dashboard-Uid: b7d2c91e'), ('otel-shop', 'Shop_OTel'),
    # the Grafana variables' label names (20 in the original, 14 here), promtool's (6, here 4)
    ('for l in service env http_route queue instance job team status method le site agent database report channel \\\n'
     '         psp mq_topic service_name service_namespace deployment_environment_name; do',
     'for l in svcName stage handler q job instance le code ownerTeam pop reportKey psp mq_topic \\\n'
     '         k8s_cluster; do'),
    ('for l in job service env http_route queue __name__; do', 'for l in svcName handler __name__ ownerTeam; do'),
    # external labels, relabelling, pushed labels
    ('cluster: eu-west-lab', 'k8s_cluster: prod-eu-central-1b'), ('replica: prom-a', 'prom_replica: "0"'),
    ('site: edge-fra1', 'pop: FRA1'), ('agent: edge-agent-01', 'collector: c01'), ('by (site)', 'by (pop)'),
    ('target_label: port', 'target_label: exporterPort'), ('pushed_by=promtool', 'pushedBy=ci_runner42'),
    ('{env: lab}', '{stage: selfmon}'), ('$env', '$stage'), ('$labels.service', '$labels.svcName'), ('$labels.env', '$labels.stage'), ('$labels.queue', '$labels.q'),
    ('trace_id', 'traceID'),
    # label values: services, jobs, routes, queues, databases, reports, teams, environments
    ('checkout.*', 'bask.*'), ('checkout-api', 'basket'), ('InventoryWorker', 'wms-7f3c2a'), ('inventory_worker', 'stock-sync'),
    ('legacy_billing', 'billing_v1'), ('legacy-billing', 'invoicer'), ('edge_gateway', 'edgeProxy'), ('edge-gateway', 'fra1-gw'),
    ('edge-agent', 'fra1-agent'), ('nightly-backup', 'pgbackrest'), ('ReportGenerator', 'reports_cron'),
    ('"/route/{tenant}/{path}", "/auth/token"', '"/t/{tenantId}/*", "/oauth2/token", "/oauth2/jwks"'),
    ('"/api/cart/{cartId}", "/api/checkout", "/api/orders/{orderId}", "/healthz"', '"/v3/baskets/{id}", "/v3/baskets/{id}/items", "/v3/pay", "/ping", "/v3/vouchers/{code}"'),
    ('"/v2/stock/{sku}", "/v2/reservations", "/internal/sync"', '"/sku/{sku}/levels", "/holds"'), ('/v2/stock/{sku}', '/sku/{sku}/levels'),
    ('/api/orders/.*', '/v3/baskets/.*'),
    ('("stock-updates", "reservation_expiry", "SupplierFeed")', '("q-000417", "holds", "supplierEdiInbound2", "rma")'), ('SupplierFeed', 'supplierEdiInbound2'),
    ('orders_db', 'pg-main-01'), ('customerProfiles', 'crm'), ('monthly-revenue', 'rpt_2026_11'), ('churn_by_region', 'weeklyKPIs'),
    ('team: payments', 'ownerTeam: fintech'), ('team: logistics', 'ownerTeam: wms'), ('team: finance', 'ownerTeam: billing-core'),
    ('team: platform', 'ownerTeam: sre2'),
    ('production', 'prd'), ('staging', 'stg-2'), ('longterm-archive', 'thanos-sidecar-eu'),
    # users and passwords of the web config
    ('ADMIN_USER=ops-anna ADMIN_PASS=\'Anna-ops-2026!\'', 'ADMIN_USER=mkowalski ADMIN_PASS=\'Kw9!tundra-lamp\''),
    ('SRE_USER=sre.bob SRE_PASS=\'bob_the_sre_42\'', 'SRE_USER=oncall2 SRE_PASS=\'pager-Duty_2026\''),
    ('GRAFANA_USER=grafana-svc GRAFANA_PASS=\'gr4fana-DS-token\'', 'GRAFANA_USER=dashboards-ro GRAFANA_PASS=\'ro-DS-5521\''),
    ('SCRAPER_USER=scraper SCRAPER_PASS=\'scrape-me-softly\'', 'SCRAPER_USER=selfmon SCRAPER_PASS=\'mon_itor-77\''),
    ('username: scraper', 'username: selfmon'),
    ('AGENT_PASS=\'edge-fra1-push\'', 'AGENT_PASS=\'fra1-Rw-2.0\''),
    ('OTEL_USER=otel_collector OTEL_PASS=\'otlp-Gateway-7\'', 'OTEL_USER=otlpPush OTEL_PASS=\'Otlp+push+9\''),
    ('"grafana:admin"', '"admin:prom-operator"'), ('$ADMIN_USER:hunter2', '$ADMIN_USER:Kw9!tundra'),
    ('promtool-bob.yml', 'promtool-oncall.yml'), ('promtool-anna.yml', 'promtool-mk.yml'),
]

# 2. label names as whole tokens (not inside metric names, OTel attribute names, URL paths or shell/curl variables)
T = [
    (r'(?<![\w.$-])service(?![\w.-])', 'svcName'),
    (r'(?<![\w.$/-])env(?![\w.-])', 'stage'),
    (r'(?<![\w.-])team(?![\w.-])', 'ownerTeam'),
    (r'(?<![\w.])http_route(?!\w)', 'handler'),
    (r'(?<![\w./-])status(?![\w./:-])', 'code'),
    (r'(?<![\w.{-])method(?![\w.}-])', 'verb'),
    (r'(?<![\w.-])queue(?![\w.-])', 'q'),
    (r'(?<![\w.-])database(?![\w.-])', 'dbInstance'),
    (r'(?<![\w.-])report(?![\w.-])', 'reportKey'),
    (r'(?<![\w.-])severity(?![\w.-])', 'urgency'),
    (r'(?<![\w])http_requests_total', 'requests_handled_total'),
    (r'(?<![\w])http_request_duration_seconds', 'handler_latency_seconds'),
]


def main():
    d = sys.argv[1]
    for f in FILES:
        p = os.path.join(d, f)
        s = open(p).read()
        for a, b in S:
            s = s.replace(a, b)
        for a, b in T:
            s = re.sub(a, b, s)
        s = s.replace('HTTP_ROUTE_KEEP', 'http_route')
        if f == 'setup.sh':  # reuse the first recording's builds (copies; the original's directory is only read)
            s = s.replace('mkdir -p "$L/bin" "$L/otel"\n', 'mkdir -p "$L/bin" "$L/otel"\nB=' + L0 + '\n'
                          '[ -x "$L/bin/prometheus" ] || { [ -x "$B/bin/prometheus" ] && cp "$B/bin/prometheus" "$B/bin/promtool" "$L/bin/"; } || true\n'
                          '[ -d "$L/src" ] || { [ -d "$B/src" ] && cp -r "$B/src" "$L/src"; } || true\n'
                          '[ -d "$L/otel/node_modules" ] || { [ -d "$B/otel/node_modules" ] && cp -r "$B/otel/." "$L/otel/"; } || true\n')
        open(p, 'w').write(s)


if __name__ == '__main__':
    main()
