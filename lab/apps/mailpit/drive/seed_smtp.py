#!/usr/bin/env python3
"""Sends the shop's and the team's mail into Mailpit over SMTP (python smtplib; SMTP is not recorded, it only makes
the data the HTTP clients then read). 64 messages: order confirmations with an inline logo, invoices with a PDF,
password resets, sign-up confirmations to plus-addresses (Mailpit auto-tags them), newsletters whose links point at
a local web server (for the link checker), calendar invites, CSV reports, photos, alerts with X-Tags headers,
several senders and recipients, text-only, HTML-only and multipart/alternative."""
import os, random, smtplib, struct, sys, zlib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

HOST, PORT = "127.0.0.1", int(os.environ.get("SMTP_PORT", "11125"))
LINK = "http://127.0.0.1:%s" % os.environ.get("LINK_PORT", "18190")
rnd = random.Random(20261207)


def png(w, h, seed):
    """A small RGB PNG (a gradient), made with zlib: something real for the thumbnailer."""
    r = random.Random(seed)
    c1, c2 = [r.randrange(256) for _ in range(3)], [r.randrange(256) for _ in range(3)]
    rows = b""
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            t = (x + y) / (w + h)
            row += bytes(int(a + (b - a) * t) for a, b in zip(c1, c2))
        rows += bytes(row)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def pdf(title):
    body = "BT /F1 18 Tf 72 720 Td (%s) Tj ET" % title
    return ("%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
            "4 0 obj<</Length %d>>stream\n%s\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n" % (len(body), body)).encode()


LOGO = png(48, 16, 1)
customers = [("Amelia Hart", "amelia.hart@fastmail.test"), ("Jonas Lindqvist", "jonas.lindqvist@posteo.test"),
             ("Chidi Okeke", "chidi@okeke.family"), ("Sofía Navarro", "sofia.navarro@correo.test"),
             ("Wei Zhang", "wei.zhang@mailbox.test"), ("Hannah Becker", "h.becker@example.de"),
             ("Ravi Shankar", "ravi.s@inbox.test"), ("Lucía Gómez", "lucia.gomez@proton.test")]
staff = [("Priya Nair", "priya.nair@brightcart.dev"), ("Marco Rossi", "marco.rossi@brightcart.dev"),
         ("Dana Whitfield", "dana.whitfield@brightcart.dev"), ("Tomasz Kowalski", "tomasz.k@brightcart.dev")]
products = ["Trail Runner GTX", "Merino Base Layer", "Ultralight Tent 2P", "Camp Stove Mini", "Down Jacket Aria",
            "Headlamp 400lm", "Dry Bag 20L", "Trekking Poles Carbon"]


def msg(frm, to, subject, **kw):
    m = EmailMessage()
    m["From"] = "%s <%s>" % frm if isinstance(frm, tuple) else frm
    m["To"] = ", ".join("%s <%s>" % t if isinstance(t, tuple) else t for t in (to if isinstance(to, list) else [to]))
    m["Subject"] = subject
    m["Date"] = formatdate(localtime=False)
    m["Message-ID"] = make_msgid(domain=kw.pop("domain", "brightcart.dev"))
    for k, v in kw.pop("headers", {}).items():
        m[k] = v
    return m


def order(i):
    c = customers[i % len(customers)]
    items = rnd.sample(products, 2)
    total = sum(rnd.randrange(1900, 24900) for _ in items) / 100
    m = msg(("BrightCart", "orders@brightcart.dev"), c, "Your BrightCart order #BC-%05d is confirmed" % (40210 + i),
            headers={"X-Tags": "orders, transactional"})
    text = "Hi %s,\n\nThanks for your order #BC-%05d.\n\n%s\n\nTotal: EUR %.2f\nTrack it: %s/orders/BC-%05d\n\nBrightCart" % (
        c[0].split()[0], 40210 + i, "\n".join(" - " + p for p in items), total, LINK, 40210 + i)
    m.set_content(text)
    cid = make_msgid(domain="brightcart.dev")
    html = ("<html><body style=\"font-family:Arial\"><img src=\"cid:%s\" alt=\"BrightCart\" width=48 height=16>"
            "<h2>Thanks, %s!</h2><p>Order <b>#BC-%05d</b> is confirmed.</p><table>%s</table>"
            "<p>Total: <b>EUR %.2f</b></p><p><a href=\"%s/orders/BC-%05d\">Track your order</a> &middot; "
            "<a href=\"%s/help/returns\">Returns</a></p></body></html>") % (
        cid[1:-1], c[0].split()[0], 40210 + i, "".join("<tr><td>%s</td></tr>" % p for p in items), total, LINK,
        40210 + i, LINK)
    m.add_alternative(html, subtype="html")
    m.get_payload()[1].add_related(LOGO, "image", "png", cid=cid, filename="logo.png")
    return m


def invoice(i):
    c = customers[(i * 3) % len(customers)]
    m = msg(("BrightCart Billing", "billing@brightcart.dev"), c, "Invoice INV-2026-%04d" % (311 + i),
            headers={"X-Tags": "billing"})
    m.set_content("Dear %s,\n\nplease find invoice INV-2026-%04d attached.\n\nKind regards,\nBrightCart Billing" % (c[0], 311 + i))
    m.add_attachment(pdf("Invoice INV-2026-%04d" % (311 + i)), maintype="application", subtype="pdf",
                     filename="INV-2026-%04d.pdf" % (311 + i))
    return m


def reset(i):
    c = customers[(i * 5 + 1) % len(customers)]
    m = msg(("BrightCart Accounts", "no-reply@brightcart.dev"), c, "Reset your BrightCart password")
    tok = "%032x" % rnd.getrandbits(128)
    m.set_content("Someone asked to reset the password of %s.\n\nReset it: %s/account/reset?token=%s\n\n"
                  "The link expires in 30 minutes. If it was not you, ignore this mail." % (c[1], LINK, tok))
    return m


def signup(i):
    # plus-addresses: Mailpit tags the message with the part after "+"
    name, addr = customers[(i + 2) % len(customers)]
    local, dom = addr.split("@")
    tag = ["newsletter", "beta", "referral"][i % 3]
    m = msg(("BrightCart", "welcome@brightcart.dev"), (name, "%s+%s@%s" % (local, tag, dom)), "Confirm your e-mail address")
    m.set_content("Welcome to BrightCart!\n\nConfirm your address: %s/confirm/%08x\n" % (LINK, rnd.getrandbits(32)))
    m.add_alternative("<p>Welcome to <b>BrightCart</b>!</p><p><a href=\"%s/confirm/%08x\">Confirm your address</a></p>"
                      % (LINK, rnd.getrandbits(32)), subtype="html")
    return m


def newsletter(i):
    season = ["Spring trail picks", "Summer camping checklist", "Autumn layering guide", "Winter sale preview"][i % 4]
    m = msg(("BrightCart Journal", "journal@news.brightcart.dev"), customers[i % len(customers)], "%s - BrightCart Journal" % season,
            headers={"X-Tags": "marketing, newsletter", "List-Unsubscribe": "<%s/unsubscribe/%d>" % (LINK, 900 + i)})
    links = ["%s/journal/%s" % (LINK, season.lower().replace(" ", "-")), "%s/journal/gear-care" % LINK,
             "%s/shop/sale" % LINK, "%s/missing-page-%d" % (LINK, i), "%s/unsubscribe/%d" % (LINK, 900 + i)]
    m.set_content("%s\n\n%s\n" % (season, "\n".join(links)))
    m.add_alternative("<html><head><style>h1{color:#2c3e50} .btn{display:inline-block;padding:8px;background:#e67e22}</style></head>"
                      "<body><h1>%s</h1><p>Our editors picked the gear for this season.</p>%s"
                      "<p><small><a href=\"%s\">Unsubscribe</a></small></p></body></html>"
                      % (season, "".join("<p><a class=btn href=\"%s\">Read more</a></p>" % u for u in links[:4]), links[4]),
                      subtype="html")
    return m


def invite(i):
    a, b = staff[i % len(staff)], staff[(i + 1) % len(staff)]
    what = ["Sprint planning", "Checkout redesign review", "Incident retro: payment timeouts", "1:1"][i % 4]
    m = msg(a, [b, staff[(i + 2) % len(staff)]], "Invitation: %s @ Tue 10:00" % what, headers={"X-Tags": "calendar"})
    m.set_content("%s invites you to %s." % (a[0], what))
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//BrightCart//Cal//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
           "UID:%08x@brightcart.dev\r\nDTSTART:20261215T090000Z\r\nDTEND:20261215T100000Z\r\nSUMMARY:%s\r\n"
           "ORGANIZER:mailto:%s\r\nATTENDEE:mailto:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n") % (rnd.getrandbits(32), what, a[1], b[1])
    m.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="invite.ics")
    return m


def report(i):
    m = msg(("Reports", "reports@brightcart.dev"), staff[i % len(staff)], "Daily sales report %02d Dec 2026" % (1 + i),
            headers={"X-Tags": "reports"})
    m.set_content("Attached: yesterday's sales by product.")
    rows = "sku,product,units,revenue\n" + "".join("BC-%03d,%s,%d,%.2f\n" % (k, p, rnd.randrange(1, 40), rnd.randrange(100, 5000))
                                                  for k, p in enumerate(products))
    m.add_attachment(rows.encode(), maintype="text", subtype="csv", filename="sales-2026-12-%02d.csv" % (1 + i))
    return m


def photo(i):
    a = staff[(i + 1) % len(staff)]
    m = msg(a, staff[(i + 3) % len(staff)], ["Product shots for the tent page", "Warehouse shelf photo", "Return: damaged stove"][i % 3])
    m.set_content("Photos attached.\n\n-- %s" % a[0])
    for k in range(1 + i % 2):
        m.add_attachment(png(96, 64, 100 + i * 2 + k), maintype="image", subtype="png", filename="IMG_%04d.png" % (2310 + i * 2 + k))
    return m


def alert(i):
    sev = ["critical", "warning", "resolved"][i % 3]
    svc = ["checkout-api", "payments-worker", "search-indexer", "inventory-sync"][i % 4]
    m = msg(("Alertmanager", "alerts@ops.brightcart.dev"), ("On-call", "oncall@brightcart.dev"),
            "[%s] %s: %s" % (sev.upper(), svc, ["HighLatency", "QueueBacklog", "ErrorRate"][i % 3]),
            headers={"X-Tags": "alerts, %s" % sev}, domain="ops.brightcart.dev")
    m.set_content("Service %s\nSeverity: %s\nRunbook: %s/runbooks/%s\n" % (svc, sev, LINK, svc))
    return m


def htmlonly(i):
    m = msg(("Marketing", "promo@news.brightcart.dev"), customers[(i + 4) % len(customers)], "%d%% off %s this weekend" % (
        [15, 20, 30][i % 3], products[i % len(products)]), headers={"X-Tags": "marketing"})
    m.set_content("<html><body><div style=\"max-width:600px;margin:auto\"><h1 style=\"font-size:28px\">Weekend deal</h1>"
                  "<p>%s is <b>%d%% off</b> until Sunday.</p><p><a href=\"%s/shop/deals\">Shop the deal</a></p>"
                  "<p style=\"font-size:10px\">BrightCart GmbH, Hafenstr. 12, Hamburg</p></div></body></html>"
                  % (products[i % len(products)], [15, 20, 30][i % 3], LINK), subtype="html")
    return m


def main():
    kinds = [(order, 12), (invoice, 6), (reset, 6), (signup, 6), (newsletter, 5), (invite, 5), (report, 5),
             (photo, 6), (alert, 9), (htmlonly, 4)]
    msgs = [f(i) for f, n in kinds for i in range(n)]
    rnd.shuffle(msgs)
    with smtplib.SMTP(HOST, PORT, local_hostname="app01.brightcart.internal") as s:
        for m in msgs:
            s.send_message(m)
    print("smtp: sent %d messages" % len(msgs))


if __name__ == "__main__":
    main()
