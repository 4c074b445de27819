#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/mailpit (its record.sh
and drive/ scripts and config) with other users, passwords, addresses, subjects,
tag names, file names, message contents, counts and scanner probes: the same
clients and calls in the same order, other data. Run by record.sh on a copy,
never on lab/apps/mailpit itself.

Every replacement must match exactly as many times as it says (the run stops
otherwise), so that a change to ../mailpit's scripts cannot silently leave
the old data in place. Replacements are applied in order; the company name and
domain go last, over whatever the earlier ones left.

usage: names.py DIR   (DIR: the copy of lab/apps/mailpit)
"""
import os, sys

MP = '/tmp/shadowtap-lab/mailpit/bin/mailpit'   # the installed binary is only read

# customers (address, name): seed_smtp.py, api.py
CUST = [
    ('amelia.hart@fastmail.test', 'mateus.oliveira@caixa.test'),
    ('jonas.lindqvist@posteo.test', 'yuki_tanaka@mailhaus.test'),
    ('chidi@okeke.family', 'fionn@byrne.family'),
    ('sofia.navarro@correo.test', 'elodie.martin@laposte.test'),
    ('wei.zhang+beta@mailbox.test', 'arjun.m+early-access@netmail.test'),
    ('wei.zhang@mailbox.test', 'arjun.m@netmail.test'),
    ('h.becker@example.de', 'g.nowak@example.pl'),
    ('ravi.s@inbox.test', 'truiz84@inbox.test'),
    ('lucia.gomez@proton.test', 'zainab.bello@proton.test'),
    ('Amelia Hart', 'Mateus Oliveira'), ('Jonas Lindqvist', 'Yuki Tanaka'), ('Chidi Okeke', 'Fionn Byrne'),
    ('Sofía Navarro', 'Élodie Martin'), ('Wei Zhang', 'Arjun Mehta'), ('Hannah Becker', 'Greta Nowak'),
    ('Ravi Shankar', 'Tomás Ruiz'), ('Lucía Gómez', 'Zainab Bello'),
]

# file -> [(original, replacement, expected count)], applied in order
R = {
'record.sh': [
    ('"$L/bin/mailpit"', MP, 2),
    ('--label "BrightCart staging"', '--label "Fernhill preprod"', 1),
    ('mkdir -p "$STATE/www/journal" "$STATE/www/shop" "$STATE/www/help"',
     'mkdir -p "$STATE/www/journal" "$STATE/www/blog" "$STATE/www/shop" "$STATE/www/help"', 1),
    ('for p in journal/spring-trail-picks journal/summer-camping-checklist journal/gear-care shop/sale shop/deals help/returns; do',
     'for p in journal/autumn-reading-list journal/winter-gift-guide journal/staff-picks-december blog/caring-for-old-books '
     'shop/clearance shop/weekend-offers help/returns-policy; do', 1),
],
'drive/env.sh': [
    # own work folder (state, databases, capture); the binary under /tmp/shadowtap-lab/mailpit is only read
    ('L=/tmp/shadowtap-lab/mailpit\n', 'L=/tmp/shadowtap-lab/mailpit-names2\n', 1),
    ('UI_USERS="priya.nair:Tide-Pool-42 marco.rossi:fennel&juniper qa-bot:qa-bot-7f3a91c2"',
     'UI_USERS="sven_ahlberg:Larch-Mist-803 LenaVogt:rain.on.slate9 smoke.runner2:sr2-0c44e1b9d7"', 1),
    ('SEND_USER=deploy-ci', 'SEND_USER=notifier-svc', 1),
    ('SEND_PASS=ship-it-2026', 'SEND_PASS=Mq7-push-relay', 1),
],
'drive/relay.yml': [
    (r"'@brightcart\.dev$'", r"'@fernhill\.team$'", 1),
    ("subject-prefix: '[released] '", "subject-prefix: '[relayed] '", 1),
],
'drive/probes.sh': [
    ('for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health \\\n'
     '         /config.json /backup.zip /.DS_Store /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /cgi-bin/luci \\\n'
     '         /owa/auth/logon.aspx /login /debug/pprof/ /v1/messages /messages; do',
     'for p in /.env.production /wp-admin/setup-config.php /.aws/credentials /.git/HEAD /server-info /pma/index.php \\\n'
     '         /actuator/env /settings.py /db.sql.gz /.svn/entries /solr/admin/info/system /boaform/admin/formLogin \\\n'
     '         /remote/login /jenkins/login /telescope/requests /mailpit/api/v1/messages /inbox /_profiler/phpinfo; do', 1),
    ('POST /xmlrpc.php\\n" -X POST -d \'<methodCall/>\' "$BASE/xmlrpc.php"',
     'POST /HNAP1/\\n" -X POST -d \'<soap:Envelope/>\' "$BASE/HNAP1/"', 1),
    ('POST /api/v1/messages/import\\n" -X POST -d \'{}\' "$BASE/api/v1/messages/import"',
     'POST /api/v2/messages\\n" -X POST -d \'{"to":"x"}\' "$BASE/api/v2/messages"', 1),
],
'drive/sendmail.sh': [
    ('SM=("$L/bin/mailpit" sendmail', 'SM=(%s sendmail' % MP, 1),
    ('for host in app01 app02 db01; do', 'for host in web-1 web-2 worker-a pg-main; do', 1),
    ('From: Cron Daemon <root@$host.brightcart.internal>', 'From: Cron Daemon (fernhill) <root@$host.brightcart.internal>', 1),
    ('Subject: Cron <root@$host> /usr/local/bin/rotate-logs.sh\nX-Tags: cron\n', 'Subject: Cron <root@$host> /opt/fh/bin/logrotate-wrapper --all\nX-Tags: crontab\n', 1),
    ('rotated 14 files in /var/log/brightcart on $host\nfreed 812M', 'rotated 9 files in /srv/fernhill/logs on $host\nfreed 1.3G', 1),
    ('for day in 05 06 07; do', 'for day in 04 05 06 07; do', 1),
    ('backup@db01.brightcart.internal', 'pgbackrest@pg-main.brightcart.internal', 2),
    ('From: pg-backup <', 'From: pgBackRest <', 1),
    ('Subject: [backup] brightcart_prod 2026-12-$day OK (4.2 GB, 6m12s)\nX-Tags: backup, cron',
     'Subject: [pgbackrest] fernhill_shop 2026-12-$day OK (2.9 GB, 4m48s)\nX-Tags: db_backup, crontab', 1),
    ('pg_dump brightcart_prod -> s3://brightcart-backups/2026-12-$day/brightcart_prod.dump\nchecksum sha256 ok',
     'pgbackrest --stanza=fernhill_shop backup --type=full -> repo1 (s3://fh-pg-archive/2026-12-$day)\nverify: ok', 1),
    ('dana.whitfield@brightcart.dev', 'aroha.ngata@brightcart.dev', 2),
    ('ops@brightcart.dev', 'sysadmins@brightcart.dev', 4),
    ('From: Deploy Bot <deploy@ci.brightcart.dev>\nTo: eng@brightcart.dev\nSubject: Deployed checkout-api v3.18.2 to production\nX-Tags: deploys',
     'From: Release Bot <deploy@ci.brightcart.dev>\nTo: dev-team@brightcart.dev\nSubject: Deployed storefront 2026.12.3 to production\nX-Tags: releases', 1),
    ('checkout-api v3.18.2 (commit 9f2c1ab) deployed by marco.rossi at 11:42 UTC.\nChanges: retry payment capture on 502; new shipping zones NO/IS.',
     'storefront 2026.12.3 (commit 4be07d9) deployed by LenaVogt at 09:17 UTC.\nChanges: gift-wrap option at checkout; ISBN search accepts hyphens.', 1),
    ('www-data@web01.brightcart.internal', 'www-data@web-2.brightcart.internal', 2),
    ('tomasz.k+contact@brightcart.dev', 'b.zielinski+website@brightcart.dev', 2),
    ('From: Contact form <', 'From: Website enquiry <', 1),
    ('Subject: Contact form: question about tent sizes', 'Subject: Website enquiry: signed first editions?', 1),
    ('Name: Ingrid Solberg\nE-mail: ingrid.solberg@nett.test\nMessage: Does the Ultralight Tent 2P fit two 190 cm people?',
     'Name: Kofi Asante\nE-mail: kofi.asante@mail.test\nMessage: Do you still have signed copies of The Salt Road (first edition)?', 1),
    ('brightcart.internal', 'fernhill.lan', 6),
    ('brightcart.dev', 'fernhill.team', 11),
],
'drive/seed_smtp.py': [
    ('64 messages:', '68 messages:', 1),
    ('rnd = random.Random(20261207)', 'rnd = random.Random(7122026)', 1),
    ('''customers = [("Amelia Hart", "amelia.hart@fastmail.test"), ("Jonas Lindqvist", "jonas.lindqvist@posteo.test"),
             ("Chidi Okeke", "chidi@okeke.family"), ("Sofía Navarro", "sofia.navarro@correo.test"),
             ("Wei Zhang", "wei.zhang@mailbox.test"), ("Hannah Becker", "h.becker@example.de"),
             ("Ravi Shankar", "ravi.s@inbox.test"), ("Lucía Gómez", "lucia.gomez@proton.test")]''',
     '''customers = [("Amelia Hart", "amelia.hart@fastmail.test"), ("Jonas Lindqvist", "jonas.lindqvist@posteo.test"),
             ("Chidi Okeke", "chidi@okeke.family"), ("Sofía Navarro", "sofia.navarro@correo.test"),
             ("Wei Zhang", "wei.zhang@mailbox.test"), ("Hannah Becker", "h.becker@example.de"),
             ("Ravi Shankar", "ravi.s@inbox.test"), ("Lucía Gómez", "lucia.gomez@proton.test"),
             ("Mika Virtanen", "mika.virtanen@sahkoposti.test")]''', 1),
    ('''staff = [("Priya Nair", "priya.nair@brightcart.dev"), ("Marco Rossi", "marco.rossi@brightcart.dev"),
         ("Dana Whitfield", "dana.whitfield@brightcart.dev"), ("Tomasz Kowalski", "tomasz.k@brightcart.dev")]''',
     '''staff = [("Sven Ahlberg", "sven.ahlberg@brightcart.dev"), ("Lena Vogt", "lena.vogt@brightcart.dev"),
         ("Aroha Ngata", "aroha.ngata@brightcart.dev"), ("Bartek Zieliński", "b.zielinski@brightcart.dev"),
         ("Ines Carvalho", "ines.c@brightcart.dev")]''', 1),
    ('''products = ["Trail Runner GTX", "Merino Base Layer", "Ultralight Tent 2P", "Camp Stove Mini", "Down Jacket Aria",
            "Headlamp 400lm", "Dry Bag 20L", "Trekking Poles Carbon"]''',
     '''products = ["The Salt Road (hardcover)", "A5 Dot Grid Notebook", "Fountain Pen Kestrel", "Reading Lamp Clip",
            "Oak Bookends (pair)", "Ink Set Midnight", "Canvas Tote No. 7", "Brass Bookmark", "Gift Voucher 50"]''', 1),
    # orders
    ('"orders@brightcart.dev"', '"shop@brightcart.dev"', 1),
    ('"X-Tags": "orders, transactional"', '"X-Tags": "purchases, transactional-mail"', 1),
    ('BC-%05d', 'FH%07d', 5),
    ('40210 + i', '1003400 + i', 5),
    ('rnd.randrange(1900, 24900)', 'rnd.randrange(450, 8900)', 1),
    ('rnd.sample(products, 2)', 'rnd.sample(products, 3)', 1),
    ('/help/returns\\">Returns', '/help/returns-policy\\">Returns and refunds', 1),
    # invoices -> receipts
    ('"BrightCart Billing", "billing@brightcart.dev"', '"Fernhill Accounts", "invoices@brightcart.dev"', 1),
    ('"X-Tags": "billing"', '"X-Tags": "invoicing"', 1),
    ('INV-2026-%04d', 'R-26-%05d', 4),
    ('311 + i', '8801 + i', 4),
    ('"Invoice R-26', '"Receipt R-26', 2),
    ('please find invoice R-26', 'please find receipt R-26', 1),
    ('Kind regards,\\nBrightCart Billing', 'Best wishes,\\nFernhill Accounts', 1),
    ('filename="R-26-%05d.pdf"', 'filename="receipt_r26_%05d.pdf"', 1),
    # password resets
    ('"BrightCart Accounts", "no-reply@brightcart.dev"', '"Fernhill Account Service", "accounts-noreply@brightcart.dev"', 1),
    ('The link expires in 30 minutes.', 'The link is valid for 45 minutes.', 1),
    # sign-ups (plus-address tags)
    ('["newsletter", "beta", "referral"][i % 3]', '["digest", "early-access", "ref_friends"][i % 3]', 1),
    ('"welcome@brightcart.dev"', '"hello@brightcart.dev"', 1),
    ('"Confirm your e-mail address"', '"Please verify your email"', 1),
    ('Welcome to BrightCart!\\n\\nConfirm your address', 'Hello from Fernhill!\\n\\nVerify your email', 1),
    # newsletters
    ('["Spring trail picks", "Summer camping checklist", "Autumn layering guide", "Winter sale preview"][i % 4]',
     '["Autumn reading list", "Winter gift guide", "Staff picks December", "New in paperback", "Poetry corner"][i % 5]', 1),
    ('"journal@news.brightcart.dev"', '"letters@news.brightcart.dev"', 1),
    ('"%s - BrightCart Journal"', '"%s | Fernhill Letter"', 1),
    ('"BrightCart Journal"', '"The Fernhill Letter"', 1),
    ('"X-Tags": "marketing, newsletter"', '"X-Tags": "promotions, digest"', 1),
    ('900 + i', '7700 + i', 2),
    ('"%s/journal/gear-care"', '"%s/blog/caring-for-old-books"', 1),
    ('"%s/shop/sale"', '"%s/shop/clearance"', 1),
    ('"%s/missing-page-%d"', '"%s/gone/%d-old-promo"', 1),
    ('Our editors picked the gear for this season.', 'Our booksellers chose these for the season.', 1),
    # calendar invites
    ('["Sprint planning", "Checkout redesign review", "Incident retro: payment timeouts", "1:1"][i % 4]',
     '["Autumn catalogue sign-off", "Author event logistics", "Postmortem: search outage"][i % 3]', 1),
    ('"Invitation: %s @ Tue 10:00"', '"Meeting request: %s (Thu 14:30)"', 1),
    ('"X-Tags": "calendar"', '"X-Tags": "meetings"', 1),
    ('DTSTART:20261215T090000Z\\r\\nDTEND:20261215T100000Z', 'DTSTART:20261217T133000Z\\r\\nDTEND:20261217T143000Z', 1),
    ('invites you to %s.', 'would like to meet about: %s.', 1),
    ('filename="invite.ics"', 'filename="meeting.ics"', 1),
    # sales reports
    ('("Reports", "reports@brightcart.dev")', '("Shop Stats", "stats@brightcart.dev")', 1),
    ('"Daily sales report %02d Dec 2026"', '"Sales summary 2026-12-%02d"', 1),
    ('"X-Tags": "reports"', '"X-Tags": "sales_reports"', 1),
    ("Attached: yesterday's sales by product.", "Sales by title and item, yesterday (CSV).", 1),
    ('"sku,product,units,revenue\\n"', '"isbn_or_sku;title;qty;net_eur\\n"', 1),
    ('"BC-%03d,%s,%d,%.2f\\n"', '"FH-SKU-%04d;%s;%d;%.2f\\n"', 1),
    ('filename="sales-2026-12-%02d.csv"', 'filename="salesSummary_202612%02d.csv"', 1),
    # photos
    ('["Product shots for the tent page", "Warehouse shelf photo", "Return: damaged stove"][i % 3]',
     '["Cover scans for the autumn list", "Shop window display", "Return: water-damaged atlas"][i % 3]', 1),
    ('"Photos attached.\\n\\n-- %s"', '"Scans attached, full resolution.\\n\\n-- %s"', 1),
    ('filename="IMG_%04d.png" % (2310 + i * 2 + k)', 'filename="DSC%05d.png" % (180 + i * 2 + k)', 1),
    ('png(96, 64, 100 + i * 2 + k)', 'png(80, 112, 300 + i * 2 + k)', 1),
    # alerts
    ('["critical", "warning", "resolved"][i % 3]', '["sev-1", "sev-3", "cleared"][i % 3]', 1),
    ('["checkout-api", "payments-worker", "search-indexer", "inventory-sync"][i % 4]',
     '["storefront", "search-api", "pay_gateway", "isbn-importer", "mail-queue"][i % 5]', 1),
    ('("Alertmanager", "alerts@ops.brightcart.dev"), ("On-call", "oncall@brightcart.dev")',
     '("Alertmanager", "alertmanager@ops.brightcart.dev"), ("Pager", "pager@brightcart.dev")', 1),
    ('["HighLatency", "QueueBacklog", "ErrorRate"][i % 3]', '["SlowResponses", "DiskFillingUp", "Http5xxRate"][i % 3]', 1),
    ('"X-Tags": "alerts, %s"', '"X-Tags": "monitoring, %s"', 1),
    # HTML-only promotions
    ('("Marketing", "promo@news.brightcart.dev")', '("Fernhill Offers", "offers@news.brightcart.dev")', 1),
    ('[15, 20, 30][i % 3]', '[10, 25, 40][i % 3]', 2),
    ('"X-Tags": "marketing"', '"X-Tags": "promotions"', 1),
    ('Weekend deal</h1>', 'Weekend offer</h1>', 1),
    ('/shop/deals\\">Shop the deal', '/shop/weekend-offers\\">See the offer', 1),
    ('BrightCart GmbH, Hafenstr. 12, Hamburg', 'Fernhill Books Ltd, 3 Canal Walk, Bristol', 1),
    # counts: 68 messages instead of 64
    ('''kinds = [(order, 12), (invoice, 6), (reset, 6), (signup, 6), (newsletter, 5), (invite, 5), (report, 5),
             (photo, 6), (alert, 9), (htmlonly, 4)]''',
     '''kinds = [(order, 14), (invoice, 5), (reset, 7), (signup, 6), (newsletter, 4), (invite, 6), (report, 6),
             (photo, 5), (alert, 10), (htmlonly, 5)]''', 1),
    ('local_hostname="app01.brightcart.internal"', 'local_hostname="web-1.fernhill.lan"', 1),
] + [(a, b, 1) for a, b in CUST if '+' not in a] + [
    ('BrightCart', 'Fernhill', 8),
    ('brightcart.dev', 'fernhill.team', 18),
],
'drive/api.py': [
    # users and user agents
    ('qa-bot', 'smoke.runner2', 8),
    ('priya.nair', 'sven_ahlberg', 3),
    ('marco.rossi@brightcart.dev', 'lena.vogt@brightcart.dev', 1),
    ('marco.rossi', 'LenaVogt', 6),
    ('deploy-ci', 'notifier-svc', 1),
    ('"brightcart-e2e/2.4.1 (python http.client)"', '"fernhill-smoke/0.12.0 (python http.client)"', 2),
    ('"brightcart-support-check/0.9 (python http.client)"', '"fh-support-audit/3.0 (python http.client)"', 1),
    ('"brightcart-ci/4.2 (python http.client)"', '"fernhill-ci/7.1 (python http.client)"', 2),
    ('"brightcart-notifier/1.9.0 (python http.client)"', '"fh-notify/2.0.0-rc1 (python http.client)"', 1),
    # e2e
    ('for i in (0, 3, 7, 11):\n        num = "BC-%05d" % (40210 + i)', 'for i in (1, 4, 9, 13):\n        num = "FH%07d" % (1003400 + i)', 1),
    ("""'subject:"Reset your BrightCart password"'""", """'subject:"Reset your Fernhill password"'""", 1),
    ("""'subject:"Confirm your e-mail address" is:unread'""", """'subject:"Please verify your email" is:unread'""", 1),
    ('for mid in ids(s)[:2]:\n            c.get("/api/v1/message/" + mid)\n            c.get("/api/v1/message/%s/raw" % mid)',
     'for mid in ids(s)[:3]:\n            c.get("/api/v1/message/" + mid)\n            c.get("/api/v1/message/%s/raw" % mid)', 1),
    ('billing@brightcart.dev', 'invoices@brightcart.dev', 2),
    ("""'filename:".png"'""", """'filename:"DSC0"'""", 1),
    ('reports@brightcart.dev', 'stats@brightcart.dev', 2),
    ('for mid in ids(search(c, q, limit="6"))[:4]:', 'for mid in ids(search(c, q, limit="8"))[:3]:', 1),
    ('for mid in ids(search(c, "tag:newsletter"))[:3]:', 'for mid in ids(search(c, "tag:digest"))[:4]:', 1),
    ('body={"IDs": done[:4]}', 'body={"IDs": done[:5]}', 1),
    ('c.get("/api/v1/messages", params={"limit": "5"})', 'c.get("/api/v1/messages", params={"limit": "7"})', 1),
    # customers: one more
    ('"ravi.s@inbox.test", "lucia.gomez@proton.test"):', '"ravi.s@inbox.test", "lucia.gomez@proton.test",\n                  "mika.virtanen@sahkoposti.test"):', 1),
    # CI poll: six runs instead of five
    ('''(("olivia.brandt@kundenpost.test", "Your BrightCart gift card"),
                                       ("kenji.mori@mail.test", "Your BrightCart order #BC-40990 is confirmed"),
                                       ("fatima.zahra@courrier.test", "Welcome to BrightCart"),
                                       ("noah.fischer@beispiel.test", "Reset your BrightCart password"),
                                       ("grace.obi@post.test", "Your parcel is on its way"))''',
     '''(("lars.eriksen@epost.test", "Your Fernhill gift voucher"),
                                       ("amara.diallo@mel.test", "Your Fernhill order #FH1003990 is confirmed"),
                                       ("p.schmidt@beispiel.test", "Welcome to Fernhill"),
                                       ("hiro.sato@mail.test", "Reset your Fernhill password"),
                                       ("n.adeyemi@post.test", "Your books are on their way"),
                                       ("carmen.vidal@correu.test", "Your preorder has shipped"))''', 1),
    ('"ci@brightcart.dev", "Name": "BrightCart CI"', '"buildbot@brightcart.dev", "Name": "Fernhill Buildbot"', 1),
    ('"Text": "CI run %d" % (5120 + run), "Tags": ["ci"]', '"Text": "pipeline #%d" % (88410 + run), "Tags": ["pipeline"]', 1),
    # triage
    ('params={"start": "0", "limit": "25"}', 'params={"start": "0", "limit": "30"}', 1),
    ('params={"start": "25", "limit": "25"}', 'params={"start": "30", "limit": "30"}', 1),
    ('params={"start": "50", "limit": "25"}', 'params={"start": "60", "limit": "30"}', 1),
    ('''    for q, extra in (("is:unread", {}), ("tag:alerts", {}), ("tag:critical", {}), ("from:alerts@ops.brightcart.dev", {"limit": "20"}),
                     ("subject:backup", {}), ("tag:cron", {}), ("has:attachment", {"limit": "10"}),
                     ('"Ultralight Tent"', {}), ("after:2026-12-01", {"tz": "Europe/Berlin"}),
                     ("before:2027-01-01 tag:marketing", {"tz": "Asia/Kolkata"}), ("to:oncall@brightcart.dev !tag:resolved", {}),
                     ("is:tagged", {"limit": "5"}), ("message-id:brightcart.dev", {}), ("larger:2kb", {})):''',
     '''    for q, extra in (("is:unread", {}), ("tag:monitoring", {}), ("tag:sev-1", {}), ("from:alertmanager@ops.brightcart.dev", {"limit": "15"}),
                     ("subject:pgbackrest", {}), ("tag:crontab", {}), ("has:attachment", {"limit": "12"}),
                     ('"Salt Road"', {}), ("after:2026-11-28", {"tz": "Pacific/Auckland"}),
                     ("before:2026-12-31 tag:promotions", {"tz": "America/Chicago"}), ("to:pager@brightcart.dev !tag:cleared", {}),
                     ("is:tagged", {"limit": "8"}), ("message-id:brightcart.dev", {}), ("larger:5kb", {}),
                     ("from:hello@brightcart.dev is:read", {})):''', 1),
    ('ids(search(c, "subject:payments-worker"))', 'ids(search(c, "subject:search-api"))', 1),
    ('"Tags": ["alerts", "incident-4711"]', '"Tags": ["monitoring", "inc2026_118"]', 1),
    (r'search(c, "subject:\"Contact form\"")', r'search(c, "subject:\"Website enquiry\"")', 1),
    ('"Tags": ["support", "follow-up"]', '"Tags": ["helpdesk", "needsReply"]', 1),
    ('ids(search(c, "from:invoices@brightcart.dev"))[:3]', 'ids(search(c, "from:invoices@brightcart.dev"))[:4]', 1),
    ('"Tags": ["billing", "Q4 audit"]', '"Tags": ["invoicing", "Year-end audit 2026"]', 1),
    ('{"query": "tag:incident-4711"}', '{"query": "tag:inc2026_118"}', 1),
    ('quote("incident-4711", safe=""), body={"Name": "INC-4711 payment timeouts"}', 'quote("inc2026_118", safe=""), body={"Name": "INC 118 search latency"}', 1),
    ('quote("Q4 audit", safe=""), body={"Name": "audit-2026-q4"}', 'quote("Year-end audit 2026", safe=""), body={"Name": "audit.2026"}', 1),
    ('"/api/v1/tags/reports", body={"Name": "daily-reports"}', '"/api/v1/tags/sales_reports", body={"Name": "sales.reports.daily"}', 1),
    ('"/api/v1/tags/follow-up"', '"/api/v1/tags/needsReply"', 1),
    ('quote("transactional", safe="")', 'quote("transactional-mail", safe="")', 1),
    ('"/api/v1/tags/does-not-exist"', '"/api/v1/tags/old-tag-2019"', 1),
    ("""{"query": 'tag:"INC-4711 payment timeouts"'}""", """{"query": 'tag:"INC 118 search latency"'}""", 1),
    ('search(c, "is:unread tag:alerts", limit="6")', 'search(c, "is:unread tag:monitoring", limit="7")', 1),
    ('{"Search": "tag:cron", "Read": True}, params={"tz": "Europe/London"}', '{"Search": "tag:crontab", "Read": True}, params={"tz": "Africa/Lagos"}', 1),
    ('"tag:deploys OR tag:backup"', '"tag:releases OR tag:db_backup"', 1),
    ('search(c, "subject:Invitation")', """search(c, 'subject:"Meeting request"')""", 2),
    (r'"subject:\"Deployed checkout-api\""', r'"subject:\"Deployed storefront\""', 1),
    ('"release-check@brightcart.dev"', '"relay-test@brightcart.dev"', 1),
    ('ids(search(c, "tag:marketing"))[:1]', 'ids(search(c, "tag:promotions"))[:1]', 1),
    ('{"query": "tag:resolved"}', '{"query": "tag:cleared"}', 1),
    ('"from:promo@news.brightcart.dev"', '"from:offers@news.brightcart.dev"', 1),
    ('body={"IDs": promo[:2]}', 'body={"IDs": promo[:3]}', 1),
    ('c.get("/api/v1/messages", params={"limit": "25"})', 'c.get("/api/v1/messages", params={"limit": "40"})', 1),
    # send: seven notifications (not six), then five (not six)
    ('''    people = [("Amelia Hart", "amelia.hart@fastmail.test"), ("Sofía Navarro", "sofia.navarro@correo.test"),
              ("Ravi Shankar", "ravi.s@inbox.test"), ("Hannah Becker", "h.becker@example.de"),
              ("Jonas Lindqvist", "jonas.lindqvist@posteo.test"), ("Lucía Gómez", "lucia.gomez@proton.test")]''',
     '''    people = [("Amelia Hart", "amelia.hart@fastmail.test"), ("Sofía Navarro", "sofia.navarro@correo.test"),
              ("Ravi Shankar", "ravi.s@inbox.test"), ("Hannah Becker", "h.becker@example.de"),
              ("Jonas Lindqvist", "jonas.lindqvist@posteo.test"), ("Lucía Gómez", "lucia.gomez@proton.test"),
              ("Mika Virtanen", "mika.virtanen@sahkoposti.test")]''', 1),
    ('notifications@brightcart.dev', 'notify@brightcart.dev', 2),
    ('''"Subject": ["Your parcel is on its way", "Your review was published", "Back in stock: Down Jacket Aria",
                            "Your return was received", "Price drop on your wishlist", "Your parcel was delivered"][i],''',
     '''"Subject": ["Your books are on their way", "Your review is live", "Back in stock: Fountain Pen Kestrel",
                            "We received your return", "A saved title is now cheaper", "Delivered: order FH1003412",
                            "Your signed copy is reserved"][i],''', 1),
    ('"Text": "Hi %s, this is an automatic notification from BrightCart."', '"Text": "Dear %s, a message from the Fernhill shop system."', 1),
    ('"Tags": ["notifications", ["shipping", "reviews", "stock", "returns", "wishlist", "shipping"][i]],',
     '"Tags": ["customer-notices", ["dispatch", "ratings", "restock", "refunds", "saved_items", "dispatch", "reservations"][i]],', 1),
    ('"Headers": {"X-Notifier-Job": "job-%04d" % (8100 + i)}', '"Headers": {"X-Job-Ref": "notify.%d" % (31 + i)}', 1),
    ('"<p>Hi %s,</p><p>this is an automatic notification from <b>BrightCart</b>.</p>"',
     '"<p>Dear %s,</p><p>a message from the <i>Fernhill</i> shop system.</p>"', 1),
    ('if i in (0, 5):', 'if i in (0, 6):', 1),
    ('("Tracking: 1Z%010d\\n" % (4711 + i))', '("Sendungsnummer: 00340434%010d\\n" % (1207 + i))', 1),
    ('"Filename": "tracking.txt"', '"Filename": "shipment_details.txt"', 1),
    ('"stock-alerts@brightcart.dev"', '"restock-team@brightcart.dev"', 1),
    ('"support@brightcart.dev"', '"help@brightcart.dev"', 1),
    ('"Filename": "logo.png", "ContentID": "bc-logo"', '"Filename": "fernhill-mark.png", "ContentID": "fh-mark"', 1),
    ('''    for i, (subj, tag) in enumerate((("Your BrightCart points balance", "loyalty"), ("Action needed: confirm your address", "shipping"),
                                     ("Your subscription renews on 1 January", "subscriptions"), ("New sign-in to your account", "security"),
                                     ("Your wishlist item is back", "stock"), ("Rate your recent purchase", "reviews"))):''',
     '''    for i, (subj, tag) in enumerate((("Your Fernhill reading points", "rewards"), ("Please check your delivery address", "dispatch"),
                                     ("Your book club box renews on 1 January", "renewals"), ("New login from Firefox on Linux", "account-security"),
                                     ("Tell us about your last order", "ratings"))):''', 1),
    ('"Text": "Hi %s, %s." % (name.split()[0], subj.lower()), "Tags": ["notifications", tag]',
     '"Text": "Dear %s: %s." % (name.split()[0], subj), "Tags": ["customer-notices", tag]', 1),
    ('body={"From": {"Email": "not-an-address"}, "To": [], "Subject": "broken"}', 'body={"From": {"Email": "fernhill at example"}, "To": [], "Subject": "x"}', 1),
    ('body={"Subject": "no sender"}', 'body={"Subject": "missing from", "Text": "?"}', 1),
    ('"qa@brightcart.dev"', '"testing@brightcart.dev"', 1),
    ('"Subject": "test from my laptop", "Text": "hello"', '"Subject": "can I use the send API?", "Text": "trying it out"', 1),
    ('"cron@brightcart.dev"}, "To": [{"Email": "ops@brightcart.dev"}]', '"scheduler@brightcart.dev"}, "To": [{"Email": "sysadmins@brightcart.dev"}]', 1),
    ('"Subject": "nightly", "Text": "ok"', '"Subject": "nightly-digest", "Text": "done"', 1),
    # photos
    ("""for q in ('subject:"Product shots"', 'subject:"Warehouse shelf"', 'subject:"Return: damaged stove"'):""",
     """for q in ('subject:"Cover scans"', 'subject:"Shop window"', 'subject:"Return: water-damaged"'):""", 1),
    ('"Tags": ["product-photos", "Q1 catalogue"]', '"Tags": ["cover_scans", "Spring list 2027"]', 1),
    ('quote("Q1 catalogue", safe=""), body={"Name": "catalogue-2027"}', 'quote("Spring list 2027", safe=""), body={"Name": "catalog2027spring"}', 1),
    ('{"query": "tag:product-photos", "limit": "10"}', '{"query": "tag:cover_scans", "limit": "12"}', 1),
    ('tag:daily-reports', 'tag:sales.reports.daily', 2),
    ('''    for q in ("is:read", "tag:billing is:unread", "from:journal@news.brightcart.dev", "subject:Invoice INV-2026", "tag:calendar",
              "has:inline", "to:eng@brightcart.dev", "tag:Notifications"):''',
     '''    for q in ("is:read", "tag:invoicing is:unread", "from:letters@news.brightcart.dev", "subject:receipt", "tag:meetings",
              "has:inline", "to:dev-team@brightcart.dev", "tag:Customer-Notices", "is:unread has:attachment"):''', 1),
    ('quote("catalogue-2027", safe="")', 'quote("catalog2027spring", safe="")', 1),
    ('params={"start": "20", "limit": "20"}', 'params={"start": "24", "limit": "12"}', 1),
    # cleanup
    ('{"query": "tag:ci"}', '{"query": "tag:pipeline"}', 1),
    ('{"query": "before:2027-01-01 tag:marketing", "tz": "Europe/Berlin"}', '{"query": "before:2026-12-31 tag:promotions", "tz": "Pacific/Auckland"}', 1),
    ('c.get("/api/v1/messages", params={"limit": "10"})', 'c.get("/api/v1/messages", params={"limit": "15"})', 1),
    # chaos
    ('body={"Sender": {"ErrorCode": 451, "Probability": 10},\n                                         "Recipient": {"ErrorCode": 550, "Probability": 5}}',
     'body={"Sender": {"ErrorCode": 421, "Probability": 25},\n                                         "Recipient": {"ErrorCode": 552, "Probability": 15}}', 1),
    ('body={"Authentication": {"ErrorCode": 535, "Probability": 20}}', 'body={"Authentication": {"ErrorCode": 454, "Probability": 50}}', 1),
    ('body={"Sender": {"ErrorCode": 200, "Probability": 10}}', 'body={"Sender": {"ErrorCode": 250, "Probability": 40}}', 1),
    # misc
    ('3fPzZ8Zq2nTnVxY4kHbJcA', 'nZ4tKq9XbLw2Rr7Hc3YpVd', 3),
    ('part/9.9', 'part/7.3', 2),
    ('/proxy?data=bm90LWEtbWVzc2FnZTpodHRwOi8vMTI3LjAuMC4xLw==', '/proxy?data=ZmgtYXNzZXQ6aHR0cDovLzEyNy4wLjAuMTo5L2NvdmVyLmpwZw==', 1),
    ('"/dist/app.min.js"', '"/dist/vendor.bundle.js"', 1),
    ('"/api/v1/tags/support"', '"/api/v1/tags/helpdesk"', 1),
    ('"Prometheus/3.5.0")\n    for _ in range(3):', '"Prometheus/2.53.4")\n    for _ in range(4):', 1),
    # anon
    ('"/api/v1/tags/alerts", body={"Name": "pwned"}', '"/api/v1/tags/monitoring", body={"Name": "owned by bot"}', 1),
    ('"wrong-password"', '"Larch-Mist-802"', 1),
    ('{"query": "tag:billing"}', '{"query": "tag:invoicing"}', 1),
    ('Client("admin", "admin", "python-requests/2.31.0")', 'Client("admin", "changeme", "Go-http-client/1.1")', 1),
    ('for _ in range(6):\n        k.get("/livez")', 'for _ in range(5):\n        k.get("/livez")', 1),
] + [(a, b, 2) for a, b in CUST if '@' in a and '+' not in a and a not in ('amelia.hart@fastmail.test', 'chidi@okeke.family', 'wei.zhang@mailbox.test')] + [
    ('wei.zhang+beta@mailbox.test', 'arjun.m+early-access@netmail.test', 1),
    ('amelia.hart@fastmail.test', 'mateus.oliveira@caixa.test', 4),
    ('chidi@okeke.family', 'fionn@byrne.family', 2),
    ('wei.zhang@mailbox.test', 'arjun.m@netmail.test', 1),
] + [(a, b, 1) for a, b in CUST if '@' not in a and a in ('Amelia Hart', 'Sofía Navarro', 'Ravi Shankar', 'Hannah Becker', 'Jonas Lindqvist', 'Lucía Gómez')] + [
    ('BrightCart', 'Fernhill', 2),
    ('brightcart.dev', 'fernhill.team', 22),
],
'drive/browser.cjs': [
    ("'/tmp/shadowtap-lab/mailpit/state'", "'/tmp/shadowtap-lab/mailpit-names2/state'", 1),
    ("locale: 'en-GB', timezoneId: 'Europe/Berlin'", "locale: 'pt-BR', timezoneId: 'America/Sao_Paulo'", 1),
    ("session('priya.nair'", "session('sven_ahlberg'", 1),
    ("session('marco.rossi'", "session('LenaVogt'", 1),
    ("session('qa-bot'", "session('smoke.runner2'", 1),
    ("h.search('tag:orders')", "h.search('tag:purchases')", 1),
    ("h.search('has:attachment from:billing@brightcart.dev')", "h.search('has:attachment from:invoices@fernhill.team')", 1),
    ('Filter messages tagged with alerts', 'Filter messages tagged with monitoring', 1),
    ("""h.search('subject:"Product shots"')""", """h.search('subject:"Cover scans"')""", 1),
    ("h.search('tag:billing')", "h.search('tag:invoicing')", 1),
    ("h.search('tag:marketing')", "h.search('tag:promotions')", 1),
    ("'/search?q=tag%3Acalendar'", "'/search?q=tag%3Ameetings'", 1),
    ("h.search('from:reports@brightcart.dev')", "h.search('from:stats@fernhill.team')", 1),
    ("'a[title=\"Filter messages tagged with deploys\"]', 'tag deploys'", "'a[title=\"Filter messages tagged with releases\"]', 'tag releases'", 1),
    ("h.search('to:oncall@brightcart.dev')", "h.search('to:pager@fernhill.team')", 1),
    ("h.search('tag:notifications')", "h.search('tag:customer-notices')", 1),
],
}


def main():
    d = sys.argv[1]
    bad = 0
    for f, reps in R.items():
        p = os.path.join(d, f)
        s = open(p, encoding='utf-8').read()
        for a, b, n in reps:
            got = s.count(a)
            if got != n:
                print(f'names.py: {f}: expected {n} of {a[:70]!r}, found {got}', file=sys.stderr)
                bad += 1
            s = s.replace(a, b)
        open(p, 'w', encoding='utf-8').write(s)
    if bad:
        sys.exit(1)

if __name__ == '__main__':
    main()
