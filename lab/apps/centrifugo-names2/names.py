#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/centrifugo (record.sh, setup.sh, drive/config.json and the
drive/ clients) with other user names, channels, namespaces, keys and passwords, message contents, counts and scanner
probe paths: the same clients and calls in the same order, other data. Run by record.sh on a copy, never on
lab/apps/centrifugo itself.

Every replacement must match exactly as many times as it says (the run stops otherwise), so that a change to
../centrifugo's scripts cannot silently leave the old data in place. TOKENS are applied first, to every file in FILES
(a file not named in a token's counts must not contain it); EDITS then apply to the text TOKENS left.

usage: names.py DIR   (DIR: the copy of lab/apps/centrifugo)
"""
import os, sys

FILES = ['record.sh', 'setup.sh', 'drive/config.json', 'drive/ops.sh', 'drive/backend.py', 'drive/browser.js',
         'drive/web/index.html', 'drive/_sdkclient/main.go']
RS, SU, CF, OP, BE, BR, IX, GO = FILES

# (original, replacement, {file: expected count}), applied in order to every file of FILES
TOKENS = [
    # users (connection JWT subjects, server-side user ids): dotted, snake, camel, kebab, digits
    ('bob.nguyen', 'kenji.tanaka', {RS: 1, BE: 5, BR: 2, GO: 5}),
    ('carla_m', 'ana_lucia', {RS: 1, BE: 3, BR: 3, GO: 3}),
    ('dmitri', 'rajeshKumar', {RS: 1, BE: 1, BR: 1, GO: 2}),
    ('42017', '88310456', {RS: 1, OP: 1, BE: 2, BR: 2, GO: 2}),
    ('eve-ops', 'noc-shift-b', {RS: 1, BE: 1, BR: 1, GO: 2}),
    ('mila.novak', 'fatima.zahra', {RS: 1, BE: 2, BR: 1}),
    ('t_kowalski', 'p_okafor', {RS: 1, BE: 2, BR: 1}),
    ('jonas.weber', 'lars.eriksson', {RS: 1, OP: 1, BE: 2, BR: 1}),
    ('priya-k', 'mei-ling', {RS: 1, OP: 1, BE: 3, BR: 2}),
    ('joao.pereira', 'tom.becker', {BE: 1}),
    ('OliviaChen', 'YukiSato', {BE: 1}),
    ('spam_bot_77', 'promo-bot.3', {BE: 4, BR: 1}),
    ('curl-tester', 'curl_probe', {OP: 1}),
    ('hannah.l', 'r.costa', {RS: 1}),
    ('mallory', 'intruder-x', {RS: 1}),
    ('alice', 'svetlana', {RS: 2, BE: 16, BR: 5, GO: 5}),
    # chat rooms, and the namespace chat -> team-chat
    ('room-lobby', 'general', {OP: 3, BE: 18, BR: 5, IX: 1, GO: 5}),
    ('room-support', 'helpDesk', {BE: 6, BR: 6, GO: 4}),
    ('room-incidents', 'sev1_bridge', {BE: 3, BR: 3, GO: 2}),
    ('standup-2026-12-07', 'daily.sync.2026-12-08', {BE: 1, BR: 2, GO: 2}),
    ('team-payments', 'billing-eu', {BE: 4, BR: 1}),
    ('proj_apollo', 'project_orion', {BE: 2, BR: 1}),
    ('chat:', 'team-chat:', {OP: 3, BE: 35, BR: 18, IX: 4, GO: 15}),
    # order regions, and the namespace orders -> parcel_status
    ('eu-west', 'de-fra', {BE: 9, BR: 4, GO: 3}),
    ('us-east', 'us_ohio', {BE: 2, BR: 1, GO: 2}),
    ('ap-south', 'in.mumbai', {BE: 1, BR: 1, GO: 1}),
    ('eu-central', 'nlAms1', {BE: 2}),
    ('us-west', 'ca-west-2', {BE: 1, BR: 1}),
    ('sa-east', 'br.sp', {BE: 1}),
    ('orders:', 'parcel_status:', {BE: 9, BR: 8, GO: 6}),
    # the channel and namespace news -> headlines, its sections
    ('news news:sports', 'headlines headlines:football', {BR: 1}),
    ('news:sports', 'headlines:football', {OP: 1, BE: 4, BR: 1}),
    ('news:tech', 'headlines:science_tech', {OP: 1, BE: 4, BR: 3}),
    ('news:markets', 'headlines:fxRates', {BE: 3, BR: 1}),
    ('news:breaking', 'headlines:breaking-alerts', {GO: 1}),
    ('"news"', '"headlines"', {CF: 1, OP: 7, BE: 11, GO: 4}),
    ("'news'", "'headlines'", {BR: 2, IX: 1}),
    (',news,', ',headlines,', {BR: 2}),
    (",news'", ",headlines'", {BR: 1}),
    ("'news,", "'headlines,", {BR: 2}),
    ('news*', 'headlines*', {BE: 1}),
    # the namespace metrics -> sysMetrics, its gauges
    ('metrics:cpu-eu1', 'sysMetrics:cpu.fra-2', {BE: 4, BR: 1, GO: 2}),
    ('metrics:latency-api', 'sysMetrics:apiLatency', {BE: 2, BR: 1, GO: 2}),
    ('metrics:nonexistent-gauge', 'sysMetrics:no_such_gauge', {BE: 1}),
    # keys, secrets and passwords
    ('lab-hmac-7f3c2a91d0e84b5c9a6e1f2d3c4b5a69', 'hs256-k2-91b0c7e3f5a84d26b1c09e7f3a5d8c42', {CF: 1}),
    ('lab-api-key-3e8d5c1b9a7f4e2d', 'srvapi_5b7e19c3d2a04f6e8b1d', {CF: 1}),
    ('ops-console-Winter2026', 'Glacier.Console-88', {CF: 1, BR: 1}),
    ('ops-console-winter2026', 'glacier.console-88', {BR: 1}),
    ('lab-admin-secret-0a9b8c7d6e5f4a3b2c1d', 'adm-sec-3c4d5e6f7a8b9c0d1e2f3a4b5c', {CF: 1}),
    ('not-the-server-key-0b1c2d3e4f5a6b7c', 'another-issuer-key-9f8e7d6c5b4a3f2e', {RS: 1}),
    # client-side names: the RPC method, the SDK clients' names
    ('getProfile', 'user_profile.v2', {IX: 1, GO: 1}),
    ('lab-go-sdk', 'fleet-go-worker', {GO: 2}),
    ('team-room-web', 'crew-board-web', {IX: 1}),
]

# file -> [(text after TOKENS, replacement, expected count)], applied in order
EDITS = {
RS: [
    # own state, tokens, demo page and capture under /tmp/shadowtap-lab/centrifugo-names2 (setup.sh links the binary)
    ('L=/tmp/shadowtap-lab/centrifugo\n', 'L=/tmp/shadowtap-lab/centrifugo-names2\n', 1),
    # eleven users with tokens instead of ten (gwen.o2: a seventh Go SDK client)
    ('lars.eriksson mei-ling; do', 'lars.eriksson mei-ling gwen.o2; do', 1),
],
SU: [
    ('L=/tmp/shadowtap-lab/centrifugo\n', 'L=/tmp/shadowtap-lab/centrifugo-names2 O=/tmp/shadowtap-lab/centrifugo\n', 1),
    ('[ -x "$L/bin/centrifugo" ] || GOBIN="$L/bin" go install github.com/centrifugal/centrifugo/v6@v6.9.1\n',
     '[ -x "$O/bin/centrifugo" ] || GOBIN="$O/bin" go install github.com/centrifugal/centrifugo/v6@v6.9.1\n'
     'ln -sf "$O/bin/centrifugo" "$L/bin/centrifugo"\n', 1),
    ('"$L/npm', '"$O/npm', 4),
],
CF: [
    ('"name": "chat"', '"name": "team-chat"', 1),
    ('"name": "orders"', '"name": "parcel_status"', 1),
    ('"name": "metrics"', '"name": "sysMetrics"', 1),
    ('"history_size": 100,', '"history_size": 200,', 1),
],
OP: [
    ('"title": "hello from curl"', '"title": "smoke test after deploy #3141"', 1),
    ('"text": "ping"', '"text": "is anybody listening?"', 1),
    ('"title": "docs example"', '"title": "quickstart, step 4"', 1),
    ('{"channel": "headlines", "limit": 5}', '{"channel": "headlines", "limit": 3}', 1),
    ('"title": "legacy format"', '"title": "v3 compat payload"', 1),
    ('"title": "no key"', '"title": "anonymous attempt"', 1),
    ('"$INT/swagger/api.swagger.yaml"', '"$INT/swagger/centrifugo-api.v6.yml"', 1),
    ("'Authorization: token not-a-valid-admin-token'", "'Authorization: token eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'", 1),
    ("-d 'password=admin'", "-d 'password=centrifugo'", 1),
    ('"$INT/admin/assets/no-such-chunk.js"', '"$INT/admin/assets/vendor-legacy.5c1e07.js"', 1),
    # other scanner probes (one more on the client port, one fewer on the internal port)
    ('"$base/.env" "$base/wp-login.php" "$base/.git/config"', '"$base/.aws/credentials" "$base/wp-admin/setup-config.php" "$base/.DS_Store"', 1),
    ('"$EXT/admin.php" "$EXT/server-status" "$EXT/actuator/health" "$EXT/connection/sockjs/info" \\\n'
     '     "$EXT/centrifugo/connection/websocket" "$EXT/connection/long_polling"',
     '"$EXT/phpinfo.php" "$EXT/.well-known/security.txt" "$EXT/actuator/env" "$EXT/connection/webtransport" \\\n'
     '     "$EXT/ws/connection/websocket" "$EXT/socket.io/?EIO=4&transport=polling" "$EXT/cgi-bin/luci"', 1),
    ('"$INT/phpmyadmin/" "$INT/config.json" "$INT/api/v1/publish" "$INT/v2/api-docs" "$INT/swagger.json"',
     '"$INT/pma/index.php" "$INT/config.yaml" "$INT/v1/broadcast" "$INT/openapi.json"', 1),
    ("-X POST \"$INT/xmlrpc.php\" -d '<methodCall/>'", "-X POST \"$INT/boaform/admin/formLogin\" -d 'username=admin&psd=admin'", 1),
    ('-X POST "$EXT/api/v2/publish" -d \'{"channel":"headlines"}\'', '-X POST "$EXT/v1/publish" -d \'{"channel":"team-chat:general"}\'', 1),
],
BE: [
    # shop: twelve customers instead of ten, other parcel states, ids and payloads
    ('("us_ohio", "YukiSato")]', '("us_ohio", "YukiSato"),\n             ("in.mumbai", "arjun_m"), ("za-jnb", "thandi.n")]', 1),
    ('["created", "paid", "picking", "shipped", "out_for_delivery", "delivered"]',
     '["registered", "label-printed", "in_transit", "atDepot", "out.for.delivery", "delivered"]', 1),
    ('oid = 558120', 'oid = 7730041', 1),
    ('f"SO-{oid_i}', 'f"PKG-{oid_i}', 2),
    ('"eta_minutes": max(0, 90 - 15 * rnd)', '"eta_hours": max(0, 48 - 8 * rnd)', 1),
    ('{"final": "true"}', '{"terminal": "yes", "carrier": "dhl"}', 1),
    ('"SO-558199', '"PKG-7730099', 4),
    ('"status": "cancelled"', '"status": "returned_to_sender"', 2),
    ('PKG-7730099-cancelled', 'PKG-7730099-returned', 2),
    ('"epoch": "wrong-epoch"', '"epoch": "epoch-of-last-week"', 1),
    # chat: seven rooms instead of six, seven rounds instead of eight, other bots and texts
    ('"billing-eu", "project_orion"]', '"billing-eu", "project_orion", "k8s-upgrade-q1"]', 1),
    ('''    lines = [("support-bot", "Welcome! A human will be with you shortly."),
             ("moderation", "Reminder: be kind, no customer PII in chat."),
             ("github", "PR #4411 merged: retry webhooks with backoff"),
             ("pagerduty", "INC-2291 acknowledged by noc-shift-b"),
             ("calendar", "Standup starts in 5 minutes"),
             ("jira", "APOLLO-73 moved to In Review")]
    for rnd in range(8):''',
     '''    lines = [("greeter", "Hi there, the help desk opens at 08:00 CET."),
             ("helpdesk.bot", "Ticket HD-20931 created from your e-mail"),
             ("opsgenie", "SEV1: checkout error rate above 5% (noc-shift-b paged)"),
             ("google_calendar", "Daily sync in 2 minutes, room Fjord"),
             ("stripeWebhooks", "Payout po_3QxZ settled: EUR 18,240.55"),
             ("gitlab", "MR !982 opened: bump orion-core to 4.2.0"),
             ("renovate", "Update dependency kubernetes to v1.32 (k8s-upgrade)")]
    for rnd in range(7):''', 1),
    ('{"typing": "kenji.tanaka"}', '{"typing": "kenji.tanaka", "ts": 1796640000}', 1),
    ('"text": "found it: the cron ran twice"', '"text": "Kunde bestätigt: Rechnung kam doppelt"', 1),
    ('{"code": 4501, "reason": "spam"}', '{"code": 4502, "reason": "flooding the room"}', 1),
    ('"support:room-1", "data": {"text": "x"}', '"billing:ticket-77", "data": {"text": "refund?"}', 1),
    # newsroom: ten headlines instead of eight, other ids and sections' texts
    ('''    heads = [("headlines", "Central bank holds rates at 3.25%"),
             ("headlines", "Storm warning for the North Sea coast"),
             ("headlines:football", "Derby ends 2-2 after late equaliser"),
             ("headlines:science_tech", "Open-source maintainers summit opens in Lisbon"),
             ("headlines:fxRates", "DAX closes 0.8% higher"),
             ("headlines", "Rail strike called off after overnight talks"),
             ("headlines:science_tech", "Browser vendors agree on new storage quota rules"),
             ("headlines:football", "Marathon record falls in Valencia")]''',
     '''    heads = [("headlines", "Parliament passes the 2027 budget"),
             ("headlines:fxRates", "EUR/USD slips below 1.04"),
             ("headlines:football", "Cup final moved to Sunday evening"),
             ("headlines", "Ferry service resumes after two-day storm"),
             ("headlines:science_tech", "Probe sends first images from Jupiter's moon Europa"),
             ("headlines:fxRates", "Yen rallies after surprise rate hike"),
             ("headlines:science_tech", "Quantum startup opens lab in Delft"),
             ("headlines", "City council approves new tram line"),
             ("headlines:football", "Goalkeeper, 41, signs one more season"),
             ("headlines", "Airport strike: 120 flights cancelled")]''', 1),
    ('"id": 90311 + i', '"id": 44120 + i', 1),
    ('{"id": 90400, "title": "BREAKING: power restored across the city", "breaking": True}',
     '{"id": 44200, "title": "BREAKING: bridge closed after ship collision", "breaking": True, "priority": 1}', 1),
    ('{"window": "1m", "ok": True}', '{"window": "30s", "ok": False, "alert": "cpu"}', 1),
    ('for v in [41.5, 44.0, 39.2, 57.8, 62.1, 48.3]:', 'for v in [73.9, 81.2, 77.0, 64.4, 58.6]:', 1),
    # dashboard: 24 rounds instead of 28
    ('def dashboard(rounds=28):', 'def dashboard(rounds=24):', 1),
    # ops
    ('"text": "carla joined via ops"', '"text": "ana_lucia added by the ops console"', 1),
    ('{"code": 4100, "reason": "password changed"}', '{"code": 4120, "reason": "session revoked by admin"}', 1),
    ('{"id": 90501, "title": "Weekend edition is out"}', '{"id": 44301, "title": "Evening briefing: five things to know"}', 1),
    ('"text": "maintenance window tonight 23:00 UTC"', '"text": "Wartungsfenster heute 22:00 MEZ"', 1),
    ('for u in ["svetlana", "kenji.tanaka", "fatima.zahra", "p_okafor"]]',
     'for u in ["svetlana", "kenji.tanaka", "fatima.zahra"]]', 1),
    ('"method": "getUserStatus", "params": {"users": ["svetlana"]}', '"method": "crm.lookupCustomer", "params": {"customer_id": "C-00917"}', 1),
    ('"key": "svetlana", "data": {"status": "online"}', '"key": "svetlana", "data": {"status": "away", "since": "09:41"}', 1),
    ('"key": "node-1", "data": {"cpu": 12}', '"key": "fra2-node07", "data": {"cpu": 87}', 1),
    ('{"id": 90502, "title": "Legacy feed ping"}', '{"id": 44302, "title": "compat check"}', 1),
    ('"7f2c1d7e-0b1a-4f3e-9d55-2a1f8e6c4b90"', '"c41b7e02-95d3-4a8f-b6e1-0d2c9f7a3e58"', 1),
    ('"token": "fcm-tok-1", "platform": "android"', '"token": "dT9x:APA91bGq7", "platform": "ios"', 1),
    ('{"title": "Order shipped"}', '{"title": "Parcel at depot"}', 1),
    ('{"title": "unauthorised"}', '{"title": "who am i"}', 1),
    ('key="wrong-key-123"', 'key="srvapi_0000000000000000"', 1),
    ('key="lab-api-key-old"', 'key="srvapi-2025-rotated"', 1),
    ('{"channel": "team-chat:general", "limit": -5}', '{"channel": "team-chat:general", "limit": -1}', 1),
],
BR: [
    ("say: 'anyone up for lunch at 12?'", "say: 'Доброе утро! stand-up in 5'", 1),
    ("say: 'customer on line 2 says invoices are late'", "say: 'ticket HD-20931: customer cannot log in'", 1),
    ("say: 'on it, checking the mailer queue'", "say: 'taking HD-20931'", 1),
    ("say: 'refund batch 2026-12-07 done'", "say: 'SEPA payout file uploaded for 2026-12-08'", 1),
    ("say: 'APOLLO-73 ready for review'", "say: 'orion-core 4.2.0 tagged'", 1),
    ("say: 'blocked on the billing export, need review'", "say: 'yesterday: k8s node pools; today: ingress'", 1),
    ("say: 'INC-2291 resolved, writing the postmortem'", "say: 'SEV1 mitigated, error rate 0.2%'", 1),
    ("say: 'hello?'", "say: 'ping from an old tab'", 1),
    ('\'{"from":"admin-ui","text":"deploy finished, all green"}\'', '\'{"from":"ops.console","text":"rollback complete, v4.1.9 live"}\'', 1),
    ("'Idempotency Key', 'news-tech-90610'", "'Idempotency Key', 'sci_tech-44310'", 1),
    ('\'{"id":90610,"title":"Release 6.9.1 rolled out to all regions"}\'', '\'{"id":44310,"title":"Comet visible to the naked eye tonight"}\'', 1),
    ('\'{"title":"Scheduled maintenance 23:00 UTC"}\'', '\'{"title":"Live ticker paused for 10 minutes","paused":true}\'', 1),
    ('\'{"from":"admin-ui","text":"postmortem doc: INC-2291"}\'', '\'{"from":"ops.console","text":"timeline in SEV1-2026-118"}\'', 1),
],
IX: [
    ("version: '2.3.0'", "version: '3.1.4'", 1),
],
GO: [
    ('`{"text":"morning all, deploy at 10:30","from":"svetlana"}`, `{"text":"release notes are in #releases","from":"svetlana"}`',
     '`{"text":"привет, who has the pager today?","from":"svetlana"}`, `{"text":"freeze starts Friday 18:00","from":"svetlana"}`, `{"text":"ok","from":"svetlana"}`', 1),
    ('`{"text":"ticket #8812 escalated","from":"kenji.tanaka"}`', '`{"text":"HD-20917 waiting on customer","from":"kenji.tanaka"}`', 1),
    ('`{"text":"👍","from":"kenji.tanaka"}`', '`{"text":"🎉 shipped","from":"kenji.tanaka"}`', 1),
    ('`{"text":"looking at it now","from":"ana_lucia"}`', '`{"text":"reproduced on staging","from":"ana_lucia"}`', 1),
    ('`{"text":"yesterday: billing export; today: retries","from":"rajeshKumar"}`', '`{"text":"done: node pool drain; next: ingress","from":"rajeshKumar"}`', 1),
    ('`{"text":"p95 latency back under 200ms","from":"noc-shift-b"}`', '`{"text":"checkout 5xx at 7%, rolling back","from":"noc-shift-b"}`', 1),
    # a seventh client (gwen.o2)
    ('\t\tforbid:  []string{"headlines:breaking-alerts"}},\n}',
     '\t\tforbid:  []string{"headlines:breaking-alerts"}},\n'
     '\t{user: "gwen.o2", channels: []string{"headlines:science_tech", "team-chat:k8s-upgrade-q1", "parcel_status:za-jnb#gwen.o2"},\n'
     '\t\tpublish: map[string][]string{"team-chat:k8s-upgrade-q1": {`{"text":"etcd snapshot taken","from":"gwen.o2"}`}}},\n}', 1),
],
}


def main():
    d = sys.argv[1]
    bad = 0
    texts = {f: open(os.path.join(d, f), encoding='utf-8').read() for f in FILES}

    def check(f, a, n):
        nonlocal bad
        got = texts[f].count(a)
        if got != n:
            print(f'names.py: {f}: expected {n} of {a[:70]!r}, found {got}', file=sys.stderr)
            bad += 1

    for a, b, counts in TOKENS:
        for f in FILES:
            check(f, a, counts.get(f, 0))
            texts[f] = texts[f].replace(a, b)
    for f, reps in EDITS.items():
        for a, b, n in reps:
            check(f, a, n)
            texts[f] = texts[f].replace(a, b)
    if bad:
        sys.exit(1)
    for f in FILES:
        open(os.path.join(d, f), 'w', encoding='utf-8').write(texts[f])

if __name__ == '__main__':
    main()
