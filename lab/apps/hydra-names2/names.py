#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/hydra (its drive/
scripts) with other names and ids: the same calls, other data. Run by
record.sh on a copy, never on lab/apps/hydra itself.

usage: names.py DIR   (DIR: the copy of lab/apps/hydra)
"""
import os, sys

FILES = ['cli.sh', 'curl.sh', 'browser.js', 'sdk.js', 'login-consent.js', 'import-clients.json']

# (original, replacement), applied in order to every file of FILES
R=[
('2d8f0c61-6a43-4f6e-9d35-1b7e8a9c4f01','ios-companion-prod'),('7c1e9b42-0d5a-4b8f-a3e6-52f9d0c8b702','4a7d1ed4-14a0-4b1f-9c6e-2b8e5f3d9a10'),
('support-desk-signing','crew-portal-signing'),('support-2025-01','crew-2026-03'),
('billing-service','invoicing-api'),('mobile-app','ios-companion'),('partner-portal','reseller-hub'),('inventory-sync','stock-sync2'),
('analytics-worker','bi-exporter'),('legacy-cron','nightly-batch'),
('acme-payments','fjord-finance'),('acme-mobile','fjord-apps'),('partners-team','channel-sales'),('data-platform','DataEng'),('acme-logistics','fjord-logistics'),
('web-shop','booking-web'),('support-desk','crew-portal'),('ops-dashboard','noc-console'),
('payments-signing','fare-signing'),('mobile-encryption','app-enc-2026'),('partner-webhooks','resellerWebhooks'),('edge-tokens','cdn_edge'),('no-such-set','retired-2023'),
('webhook-signing','callback-signing'),('webhook-2025-02','cb-key-7'),('keys/does-not-exist','keys/old-keys'),
('field-scanner-ios','deck-scanner-ios'),('field-scanner-android','deck-scanner-android'),('kiosk-terminal','checkin-kiosk'),
('alice.johnson@example.com','ingrid.solberg@fjordline.example'),('bob.martinez@example.com','Rashid.Khan@fjordline.example'),
('carol.nguyen@example.com','mei.chen91@fjordline.example'),('dave.okafor@example.com','p.oduya@fjordline.example'),
("'Alice Johnson'","'Ingrid Solberg'"),("'Bob Martinez'","'Rashid Khan'"),("'Carol Nguyen'","'Mei Chen'"),("'Dave Okafor'","'Peter Oduya'"),
('b2f1c7a4-3e1d-4c55-9b0e-7d1c2a9f0a11','1f0e2d3c-4b5a-4697-8877-665544aabb01'),('5d0c9e8a-6b7f-4a3c-8e21-0f9a4b6c2d33','2e1d3c4b-5a69-4788-9966-554433ccdd02'),
('e7a4b3c2-1d0f-4e9a-b8c7-6d5e4f3a2b44','3d2c4b5a-6978-4899-aa55-443322eeff03'),('9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a55','4c3b5a69-7887-49aa-bb44-332211001104'),
("'correct-horse'","'fjord-sunrise'"),("'hunter2-staple'","'Ferry#Deck9'"),("'battery-paper'","'lighthouse-42'"),("'plain-lantern'","'north-sea-wind'"),
('reporting-etl','ledger-export'),('"cost_center":"4711"','"cost_center":"8802"'),
('login.partner-one.example','login.travelpartner.example'),('svc-orders@partner-one.example','svc-bookings@travelpartner.example'),('idp.globex.example','idp.hooli.example'),('sso.initech.example','sso.contoso.example'),('batch-runner','fare-batch'),
('0b7c3f1e-9a2d-4e5f-8c6b-4a3d2e1f0a99','5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'),('3f2a1b0c-4d5e-4f60-8a7b-9c0d1e2f3a44','8f7e6d5c-4b3a-4291-8087-f6e5d4c3b2a1'),
('a1b2c3d4-0000-4000-8000-00000000dead','c0ffee00-1234-4abc-9def-000000000404'),('a1b2c3d4-0000-4000-8000-00000000beef','deadbeef-5678-4cde-8f01-000000000410'),
('f0e1d2c3-b4a5-4968-8776-655443322110','0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'),('6e5d4c3b-2a19-4807-9f6e-5d4c3b2a1908','9b8a7c6d-5e4f-4031-9e2d-1c0b9a8f7e6d'),
('4e1f0a2b-unknown-client','old-kiosk-client'),
('warehouse-scanner','cargo-scanner'),('hr-portal','crew-rostering'),('people-ops','crew-ops'),('rotterdam-dc','bergen-terminal'),
('api.acme.example','api.fjordline.example'),('.acme.example','.fjordline.example'),('app.acme.example','app.fjordline.example'),
('platform@example.com','iam-team@fjordline.example'),('mobile@example.com','apps@fjordline.example'),('data@example.com','dataeng@fjordline.example'),
]


def main():
    d = os.path.join(sys.argv[1], 'drive')
    for f in FILES:
        p = os.path.join(d, f)
        s = open(p).read()
        for a, b in R:
            s = s.replace(a, b)
        open(p, 'w').write(s)

if __name__ == '__main__':
    main()
