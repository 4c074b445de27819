#!/usr/bin/env python3
"""Clients of Mailpit's REST API (/api/v1, as its swagger.json and docs show), python3 http.client with keep-alive,
basic auth from the --ui-auth-file users (the send API has its own user). One phase per call:

  api.py e2e       an end-to-end test suite (qa-bot): waits for the shop's mails by search, reads them, headers, raw,
                   attachments, thumbnails, HTML check, link check (links on a local server), marks read, deletes
  api.py triage    a developer (priya.nair) triaging the inbox: pages, searches, tags set / renamed / deleted,
                   read / unread, release of two messages to the staging relay, deletes by search
  api.py customers the support team's checker (qa-bot): each customer's mails by recipient, read, text and HTML views
  api.py poll      a CI job waiting for its mail: polls the newest messages and a search until the mail it sent arrives
  api.py send      the deploy pipeline (deploy-ci, send API credentials) sending mails through POST /api/v1/send
  api.py photos    marco.rossi sorting the product photos and reports: attachments, thumbnails, raw downloads, tags
  api.py cleanup   the end of the test run (qa-bot): deletes by search, then the whole mailbox, checks it is empty
  api.py chaos     marco.rossi reads and sets the SMTP chaos triggers, then switches them off
  api.py misc      info, webui config, licences, swagger.json, the docs page, /view/latest, metrics scrape,
                   CORS preflights, things that do not exist (404/400)
  api.py anon      calls without credentials or with wrong ones (401), and the public probes
"""
import base64, http.client, json, os, sys, time
from urllib.parse import quote, urlencode

HOST, PORT = "127.0.0.1", int(os.environ.get("HTTP_PORT", "18125"))
USERS = dict(u.split(":", 1) for u in os.environ.get("UI_USERS", "").split())
calls = open(os.path.join(os.environ.get("STATE", "/tmp"), "calls.log"), "a")


class Client:
    def __init__(self, user=None, password=None, ua="python-http.client", accept_gzip=False):
        self.c = http.client.HTTPConnection(HOST, PORT, timeout=30)
        self.h = {"User-Agent": ua, "Accept": "application/json"}
        if user:
            self.h["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        self.tag = ua.split("/")[0]

    def req(self, method, path, body=None, params=None, headers=None):
        if params:
            path += "?" + urlencode(params, quote_via=quote)
        h = dict(self.h)
        h.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.c.request(method, path, body=data, headers=h)
                r = self.c.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.c.close()
                if attempt == 2:
                    raise
        calls.write("%s %s %s %d\n" % (self.tag, method, path, r.status))
        ct = r.getheader("Content-Type", "")
        if "json" in ct:
            try:
                return r.status, json.loads(raw)
            except ValueError:
                pass
        return r.status, raw

    def get(self, path, **kw):
        return self.req("GET", path, **kw)


def ui(user, ua):
    return Client(user, USERS[user], ua)


def ids(resp):
    return [m["ID"] for m in resp.get("messages", [])] if isinstance(resp, dict) else []


def search(c, q, **kw):
    p = {"query": q}
    p.update(kw)
    return c.get("/api/v1/search", params=p)[1]


def e2e():
    c = ui("qa-bot", "brightcart-e2e/2.4.1 (python http.client)")
    c.get("/api/v1/info")
    # 1. order confirmations: find by search, read the body, headers, inline logo, link check
    for i in (0, 3, 7, 11):
        num = "BC-%05d" % (40210 + i)
        s = search(c, 'subject:"%s"' % num)
        for mid in ids(s)[:1]:
            st, m = c.get("/api/v1/message/" + mid)
            c.get("/api/v1/message/%s/headers" % mid)
            for part in (m.get("Inline") or [])[:1] if isinstance(m, dict) else []:
                c.get("/api/v1/message/%s/part/%s" % (mid, part["PartID"]))
            c.get("/api/v1/message/%s/html-check" % mid)
            c.get("/api/v1/message/%s/link-check" % mid, params={"follow": "true"} if i % 2 else None)
            c.get("/view/%s.html" % mid)
            c.get("/view/%s.txt" % mid)
    # 2. password resets and sign-ups by recipient, raw source, then delete what was checked
    done = []
    for q in ("to:amelia.hart@fastmail.test", "to:chidi@okeke.family", 'subject:"Reset your BrightCart password"',
              "to:wei.zhang+beta@mailbox.test", 'subject:"Confirm your e-mail address" is:unread'):
        s = search(c, q, limit="10")
        for mid in ids(s)[:2]:
            c.get("/api/v1/message/" + mid)
            c.get("/api/v1/message/%s/raw" % mid)
            done.append(mid)
    # 3. invoices: the PDF attachment; photos: image attachments and their thumbnails
    for q in ("has:attachment from:billing@brightcart.dev", 'filename:".png"', "from:reports@brightcart.dev"):
        for mid in ids(search(c, q, limit="6"))[:4]:
            st, m = c.get("/api/v1/message/" + mid)
            for a in (m.get("Attachments") or []) if isinstance(m, dict) else []:
                c.get("/api/v1/message/%s/part/%s" % (mid, a["PartID"]))
                if a.get("ContentType", "").startswith("image/"):
                    c.get("/api/v1/message/%s/part/%s/thumb" % (mid, a["PartID"]))
    # 4. newsletters: HTML check and link check (links on the local server: some 200, some 404)
    for mid in ids(search(c, "tag:newsletter"))[:3]:
        c.get("/api/v1/message/%s/html-check" % mid)
        c.get("/api/v1/message/%s/link-check" % mid)
    # 5. the latest message, by the "latest" id
    for p in ("/api/v1/message/latest", "/api/v1/message/latest/headers", "/api/v1/message/latest/raw"):
        c.get(p)
    # 6. mark the checked messages read, then delete them
    c.req("PUT", "/api/v1/messages", body={"IDs": done, "Read": True})
    c.req("DELETE", "/api/v1/messages", body={"IDs": done[:4]})
    c.get("/api/v1/messages", params={"limit": "5"})


def customers():
    c = ui("qa-bot", "brightcart-support-check/0.9 (python http.client)")
    for email in ("amelia.hart@fastmail.test", "jonas.lindqvist@posteo.test", "chidi@okeke.family", "sofia.navarro@correo.test",
                  "wei.zhang@mailbox.test", "h.becker@example.de", "ravi.s@inbox.test", "lucia.gomez@proton.test"):
        s = search(c, "to:" + email, limit="5")
        for k, mid in enumerate(ids(s)[:2]):
            c.get("/api/v1/message/" + mid)
            c.get("/view/%s.%s" % (mid, "txt" if k else "html"))
        if ids(s):
            c.get("/api/v1/message/%s/headers" % ids(s)[-1])


def poll():
    c = ui("qa-bot", "brightcart-ci/4.2 (python http.client)")
    s = Client(os.environ["SEND_USER"], os.environ["SEND_PASS"], "brightcart-ci/4.2 (python http.client)")
    for run, (who, subj) in enumerate((("olivia.brandt@kundenpost.test", "Your BrightCart gift card"),
                                       ("kenji.mori@mail.test", "Your BrightCart order #BC-40990 is confirmed"),
                                       ("fatima.zahra@courrier.test", "Welcome to BrightCart"),
                                       ("noah.fischer@beispiel.test", "Reset your BrightCart password"),
                                       ("grace.obi@post.test", "Your parcel is on its way"))):
        q = 'to:%s subject:"%s"' % (who, subj)
        for i in range(4):
            c.get("/api/v1/messages", params={"limit": "1"})
            found = ids(search(c, q))
            if found or i < 2:
                time.sleep(0.3)
            if i == 1:
                s.req("POST", "/api/v1/send", body={"From": {"Email": "ci@brightcart.dev", "Name": "BrightCart CI"},
                                                     "To": [{"Email": who}], "Subject": subj,
                                                     "Text": "CI run %d" % (5120 + run), "Tags": ["ci"]})
            if found:
                c.get("/api/v1/message/" + found[0])
                c.req("DELETE", "/api/v1/messages", body={"IDs": found})
                break


def triage():
    c = ui("priya.nair", "curl/7.88.1")
    c.get("/api/v1/messages")
    c.get("/api/v1/messages", params={"start": "0", "limit": "25"})
    c.get("/api/v1/messages", params={"start": "25", "limit": "25"})
    c.get("/api/v1/messages", params={"start": "50", "limit": "25"})
    c.get("/api/v1/tags")
    for q, extra in (("is:unread", {}), ("tag:alerts", {}), ("tag:critical", {}), ("from:alerts@ops.brightcart.dev", {"limit": "20"}),
                     ("subject:backup", {}), ("tag:cron", {}), ("has:attachment", {"limit": "10"}),
                     ('"Ultralight Tent"', {}), ("after:2026-12-01", {"tz": "Europe/Berlin"}),
                     ("before:2027-01-01 tag:marketing", {"tz": "Asia/Kolkata"}), ("to:oncall@brightcart.dev !tag:resolved", {}),
                     ("is:tagged", {"limit": "5"}), ("message-id:brightcart.dev", {}), ("larger:2kb", {})):
        search(c, q, **extra)
    # tag the payment alerts for the incident, and the contact form mail
    alerts = ids(search(c, "subject:payments-worker"))
    c.req("PUT", "/api/v1/tags", body={"IDs": alerts, "Tags": ["alerts", "incident-4711"]})
    contact = ids(search(c, "subject:\"Contact form\""))
    c.req("PUT", "/api/v1/tags", body={"IDs": contact, "Tags": ["support", "follow-up"]})
    billing = ids(search(c, "from:billing@brightcart.dev"))[:3]
    c.req("PUT", "/api/v1/tags", body={"IDs": billing, "Tags": ["billing", "Q4 audit"]})
    c.get("/api/v1/tags")
    c.get("/api/v1/search", params={"query": "tag:incident-4711"})
    # rename and delete tags (tag names in the path, url-encoded)
    c.req("PUT", "/api/v1/tags/" + quote("incident-4711", safe=""), body={"Name": "INC-4711 payment timeouts"})
    c.req("PUT", "/api/v1/tags/" + quote("Q4 audit", safe=""), body={"Name": "audit-2026-q4"})
    c.req("PUT", "/api/v1/tags/reports", body={"Name": "daily-reports"})
    c.get("/api/v1/tags")
    c.req("DELETE", "/api/v1/tags/follow-up")
    c.req("DELETE", "/api/v1/tags/" + quote("transactional", safe=""))
    c.req("DELETE", "/api/v1/tags/does-not-exist")
    c.get("/api/v1/search", params={"query": 'tag:"INC-4711 payment timeouts"'})
    # read / unread: by ids and by search
    unread = ids(search(c, "is:unread tag:alerts", limit="6"))
    c.req("PUT", "/api/v1/messages", body={"IDs": unread, "Read": True})
    c.req("PUT", "/api/v1/messages", body={"IDs": unread[:2], "Read": False})
    c.req("PUT", "/api/v1/messages", body={"Search": "tag:cron", "Read": True}, params={"tz": "Europe/London"})
    c.req("PUT", "/api/v1/messages", body={"Search": "from:reports@brightcart.dev", "Read": False})
    # read a few and their headers
    for mid in ids(search(c, "tag:deploys OR tag:backup"))[:3] + ids(search(c, "subject:Invitation"))[:2]:
        c.get("/api/v1/message/" + mid)
        c.get("/api/v1/message/%s/headers" % mid)
    # release two messages to the staging relay (allowed recipients @brightcart.dev), one refused
    for mid in ids(search(c, "subject:\"Deployed checkout-api\""))[:1] + ids(search(c, "subject:Invitation"))[:1]:
        c.req("POST", "/api/v1/message/%s/release" % mid, body={"To": ["release-check@brightcart.dev"]})
    for mid in ids(search(c, "tag:marketing"))[:1]:
        c.req("POST", "/api/v1/message/%s/release" % mid, body={"To": ["amelia.hart@fastmail.test"]})
        c.req("POST", "/api/v1/message/%s/release" % mid, body={"To": []})
    # clean up: the resolved alerts by search, the promotions by id
    c.req("DELETE", "/api/v1/search", params={"query": "tag:resolved"})
    promo = ids(search(c, "from:promo@news.brightcart.dev"))
    c.req("DELETE", "/api/v1/messages", body={"IDs": promo[:2]})
    c.get("/api/v1/messages", params={"limit": "25"})


def send():
    c = Client(os.environ["SEND_USER"], os.environ["SEND_PASS"], "brightcart-notifier/1.9.0 (python http.client)")
    logo = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode()
    people = [("Amelia Hart", "amelia.hart@fastmail.test"), ("Sofía Navarro", "sofia.navarro@correo.test"),
              ("Ravi Shankar", "ravi.s@inbox.test"), ("Hannah Becker", "h.becker@example.de"),
              ("Jonas Lindqvist", "jonas.lindqvist@posteo.test"), ("Lucía Gómez", "lucia.gomez@proton.test")]
    for i, (name, email) in enumerate(people):
        body = {"From": {"Email": "notifications@brightcart.dev", "Name": "BrightCart"},
                "To": [{"Email": email, "Name": name}],
                "Subject": ["Your parcel is on its way", "Your review was published", "Back in stock: Down Jacket Aria",
                            "Your return was received", "Price drop on your wishlist", "Your parcel was delivered"][i],
                "Text": "Hi %s, this is an automatic notification from BrightCart." % name.split()[0],
                "Tags": ["notifications", ["shipping", "reviews", "stock", "returns", "wishlist", "shipping"][i]],
                "Headers": {"X-Notifier-Job": "job-%04d" % (8100 + i)}}
        if i % 2 == 0:
            body["HTML"] = "<p>Hi %s,</p><p>this is an automatic notification from <b>BrightCart</b>.</p>" % name.split()[0]
        if i in (0, 5):
            body["Attachments"] = [{"Content": base64.b64encode(("Tracking: 1Z%010d\n" % (4711 + i)).encode()).decode(),
                                    "Filename": "tracking.txt"}]
        if i == 2:
            body["Cc"] = [{"Email": "stock-alerts@brightcart.dev"}]
            body["ReplyTo"] = [{"Email": "support@brightcart.dev"}]
            body["Attachments"] = [{"Content": logo, "Filename": "logo.png", "ContentID": "bc-logo", "ContentType": "image/png"}]
        c.req("POST", "/api/v1/send", body=body)
    for i, (subj, tag) in enumerate((("Your BrightCart points balance", "loyalty"), ("Action needed: confirm your address", "shipping"),
                                     ("Your subscription renews on 1 January", "subscriptions"), ("New sign-in to your account", "security"),
                                     ("Your wishlist item is back", "stock"), ("Rate your recent purchase", "reviews"))):
        name, email = people[(i + 3) % len(people)]
        c.req("POST", "/api/v1/send", body={"From": {"Email": "notifications@brightcart.dev", "Name": "BrightCart"},
                                             "To": [{"Email": email, "Name": name}], "Subject": subj,
                                             "Text": "Hi %s, %s." % (name.split()[0], subj.lower()), "Tags": ["notifications", tag]})
    # invalid requests the pipeline got wrong once
    c.req("POST", "/api/v1/send", body={"From": {"Email": "not-an-address"}, "To": [], "Subject": "broken"})
    c.req("POST", "/api/v1/send", body={"Subject": "no sender"})
    # the UI users' credentials are not the send API's
    u = ui("marco.rossi", "curl/7.88.1")
    u.req("POST", "/api/v1/send", body={"From": {"Email": "marco.rossi@brightcart.dev"}, "To": [{"Email": "qa@brightcart.dev"}],
                                         "Subject": "test from my laptop", "Text": "hello"})
    n = Client(ua="curl/7.88.1")
    n.req("POST", "/api/v1/send", body={"From": {"Email": "cron@brightcart.dev"}, "To": [{"Email": "ops@brightcart.dev"}],
                                         "Subject": "nightly", "Text": "ok"})


def photos():
    c = ui("marco.rossi", "curl/7.88.1")
    c.get("/api/v1/webui")
    for q in ('subject:"Product shots"', 'subject:"Warehouse shelf"', 'subject:"Return: damaged stove"'):
        found = ids(search(c, q))
        for mid in found[:2]:
            st, m = c.get("/api/v1/message/" + mid)
            for a in (m.get("Attachments") or []) if isinstance(m, dict) else []:
                c.get("/api/v1/message/%s/part/%s/thumb" % (mid, a["PartID"]))
                c.get("/api/v1/message/%s/part/%s" % (mid, a["PartID"]))
            c.get("/api/v1/message/%s/raw" % mid, params={"dl": "1"})
        c.req("PUT", "/api/v1/tags", body={"IDs": found, "Tags": ["product-photos", "Q1 catalogue"]})
    c.get("/api/v1/tags")
    c.req("PUT", "/api/v1/tags/" + quote("Q1 catalogue", safe=""), body={"Name": "catalogue-2027"})
    c.get("/api/v1/search", params={"query": "tag:product-photos", "limit": "10"})
    for mid in ids(search(c, "tag:daily-reports", limit="5"))[:3]:
        st, m = c.get("/api/v1/message/" + mid)
        for a in (m.get("Attachments") or []) if isinstance(m, dict) else []:
            c.get("/api/v1/message/%s/part/%s" % (mid, a["PartID"]))
    c.req("PUT", "/api/v1/messages", body={"Search": "tag:daily-reports", "Read": True})
    for q in ("is:read", "tag:billing is:unread", "from:journal@news.brightcart.dev", "subject:Invoice INV-2026", "tag:calendar",
              "has:inline", "to:eng@brightcart.dev", "tag:Notifications"):
        search(c, q, limit="20")
    c.req("DELETE", "/api/v1/tags/" + quote("catalogue-2027", safe=""))
    c.get("/api/v1/messages", params={"start": "20", "limit": "20"})


def cleanup():
    c = ui("qa-bot", "brightcart-e2e/2.4.1 (python http.client)")
    c.req("DELETE", "/api/v1/search", params={"query": "tag:ci"})
    c.req("DELETE", "/api/v1/search", params={"query": "before:2027-01-01 tag:marketing", "tz": "Europe/Berlin"})
    c.get("/api/v1/messages", params={"limit": "10"})
    c.req("DELETE", "/api/v1/messages", body={})       # no IDs: the whole mailbox
    c.get("/api/v1/messages")
    c.get("/api/v1/tags")
    c.get("/api/v1/info")


def chaos():
    c = ui("marco.rossi", "curl/7.88.1")
    c.get("/api/v1/chaos")
    c.req("PUT", "/api/v1/chaos", body={"Sender": {"ErrorCode": 451, "Probability": 10},
                                         "Recipient": {"ErrorCode": 550, "Probability": 5}})
    c.get("/api/v1/chaos")
    c.req("PUT", "/api/v1/chaos", body={"Authentication": {"ErrorCode": 535, "Probability": 20}})
    c.req("PUT", "/api/v1/chaos", body={"Sender": {"ErrorCode": 200, "Probability": 10}})
    c.req("PUT", "/api/v1/chaos", body={})
    c.get("/api/v1/chaos")


def misc():
    c = ui("marco.rossi", "curl/7.88.1")
    for p in ("/api/v1/info", "/api/v1/webui", "/api/licenses", "/api/v1/swagger.json", "/api/v1/", "/view/latest"):
        c.get(p)
    mid = (ids(c.get("/api/v1/messages", params={"limit": "3"})[1]) or ["x"])[0]
    c.get("/api/v1/message/%s/part/1" % mid)
    # things that do not exist: unknown ids and parts, the proxy without a valid asset
    for p in ("/api/v1/message/3fPzZ8Zq2nTnVxY4kHbJcA", "/api/v1/message/3fPzZ8Zq2nTnVxY4kHbJcA/headers",
              "/api/v1/message/%s/part/9.9" % mid, "/api/v1/message/%s/part/9.9/thumb" % mid,
              "/view/3fPzZ8Zq2nTnVxY4kHbJcA.html", "/proxy", "/proxy?data=bm90LWEtbWVzc2FnZTpodHRwOi8vMTI3LjAuMC4xLw==",
              "/dist/app.min.js"):
        c.get(p)
    c.get("/api/v1/search")                         # query required: 400
    c.req("PUT", "/api/v1/tags", body={"IDs": "x"})  # bad body: 400
    c.req("PUT", "/api/v1/messages", body="not json")
    # CORS preflights (with credentials; Mailpit runs without --api-cors here)
    for p in ("/api/v1/messages", "/api/v1/send", "/api/v1/tags/support"):
        c.req("OPTIONS", p, headers={"Origin": "http://127.0.0.1:%d" % PORT, "Access-Control-Request-Method": "PUT"})
    # Prometheus scraping the integrated /metrics (basic auth like the UI)
    m = ui("qa-bot", "Prometheus/3.5.0")
    for _ in range(3):
        m.get("/metrics", headers={"Accept": "text/plain;version=0.0.4"})
    m.req("HEAD", "/api/v1/messages")


def anon():
    n = Client(ua="curl/7.88.1")
    for p in ("/api/v1/messages", "/api/v1/info", "/api/v1/tags", "/", "/dist/app.css?v1.33.1", "/api/v1/swagger.json",
              "/view/latest", "/metrics"):
        n.get(p)
    n.req("DELETE", "/api/v1/messages", body={})
    n.req("PUT", "/api/v1/tags/alerts", body={"Name": "pwned"})
    w = Client("priya.nair", "wrong-password", "curl/7.88.1")
    w.get("/api/v1/messages")
    w.get("/api/v1/search", params={"query": "tag:billing"})
    w2 = Client("admin", "admin", "python-requests/2.31.0")
    w2.get("/api/v1/info")
    w2.get("/api/v1/messages")
    # kubelet probes: public (no middleware), GET and HEAD
    k = Client(ua="kube-probe/1.31")
    for _ in range(6):
        k.get("/livez")
        k.get("/readyz")
    k.req("HEAD", "/livez")
    k.req("HEAD", "/readyz")


if __name__ == "__main__":
    for phase in sys.argv[1:]:
        globals()[phase]()
