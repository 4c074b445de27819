#!/usr/bin/env python3
"""Clients of the ACME gateway: nginx on 127.0.0.1:14480 (server names api.acme.test, shop.acme.test, files.acme.test),
which asks Oathkeeper's decision API about every request. Each persona keeps one HTTP/1.1 connection to nginx, as an
app or a browser does. Some calls are allowed (2xx), some refused by Oathkeeper (401 without or with a bad credential,
403 from a deny rule) and some match no access rule (Oathkeeper 404, which nginx turns into 500).
"""
import http.client, json, os, random, sys

NGINX = ("127.0.0.1", 14480)
PEOPLE = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "people.json")))
rnd = random.Random(int(os.environ.get("SEED", "4456")))
stats = {}


class Client:
    def __init__(self, host, ua, token=None, cookie=None):
        self.host, self.ua, self.token, self.cookie = host, ua, token, cookie
        self.conn = http.client.HTTPConnection(*NGINX, timeout=10)

    def call(self, method, path, body=None, ctype="application/json", extra=None):
        h = {"Host": self.host, "User-Agent": self.ua, "Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = self.cookie
        if extra:
            h.update(extra)
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            h["Content-Type"] = ctype
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                r.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(*NGINX, timeout=10)
                if attempt == 2:
                    raise
        stats[r.status] = stats.get(r.status, 0) + 1
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection(*NGINX, timeout=10)
        return r.status


IOS = "AcmeShop/5.12.0 (iPhone; iOS 18.1; Scale/3.00)"
ANDROID = "AcmeShop/5.11.3 (Linux; Android 15; Pixel 8) okhttp/4.12.0"
WEB_FETCH = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0"
TOK = {v["sub"]: k for k, v in PEOPLE["tokens"].items()}
SES = {v["id"]: k for k, v in PEOPLE["sessions"].items()}
invoices = ["INV-2026-%05d" % n for n in (10231, 10244, 10257, 10302, 10318, 10366, 10371, 10409, 10415, 10433, 10480, 10512)]
products = ["SKU-TEE-0042", "SKU-MUG-1180", "SKU-HOODIE-0097", "SKU-CAP-0311", "SKU-BOTTLE-0750", "SKU-SOCKS-2202",
            "SKU-NOTEBOOK-A5", "SKU-STICKER-PACK", "SKU-TOTE-0019", "SKU-LAPTOP-SLEEVE-13"]


def mobile_user(sub, ua, rounds):
    c = Client("api.acme.test", ua, token=TOK[sub])
    c.call("GET", "/v1/users/%s" % sub)
    c.call("GET", "/v1/users/%s/addresses" % sub)
    for i in range(rounds):
        c.call("GET", "/billing/invoices?customer=%s&status=%s" % (sub, rnd.choice(["open", "paid", "overdue"])))
        inv = rnd.choice(invoices)
        c.call("GET", "/billing/invoices/%s" % inv)
        c.call("GET", "/billing/invoices/%s/payments" % inv)
        if i % 2 == 0:
            c.call("GET", "/billing/invoices/%s/pdf" % inv, extra={"Accept": "application/pdf"})
        if i % 3 == 0:
            c.call("POST", "/billing/invoices/%s/payments" % inv, {"amount_cents": rnd.choice([1999, 4500, 12990]), "method": "card", "card_last4": "4242"})
        c.call("GET", "/v1/users/%s" % sub)
    c.call("PATCH", "/v1/users/%s" % sub, {"locale": rnd.choice(["en-GB", "es-MX", "zh-TW"]), "marketing_opt_in": False})
    c.call("PUT", "/v1/users/%s" % sub, {"display_name": sub.upper(), "timezone": "Europe/Berlin"})
    c.call("POST", "/v1/users/%s/addresses" % sub, {"line1": "Calle Mayor 12", "city": "Madrid", "postcode": "28013", "country": "ES"})
    c.call("GET", "/v1/users/%s/addresses/%d" % (sub, 2))
    c.call("PUT", "/v1/users/%s/addresses/%d" % (sub, 2), {"line1": "Calle Mayor 14", "city": "Madrid", "postcode": "28013", "country": "ES"})
    c.call("DELETE", "/v1/users/%s/addresses/%d" % (sub, 1))
    # things the app may not do: delete the account (deny rule -> 403), another API version (no rule -> 404)
    c.call("DELETE", "/v1/users/%s" % sub)
    c.call("GET", "/v2/users/%s" % sub)
    c.call("GET", "/v1/users/%s/avatar.png" % sub)


def back_office():
    c = Client("api.acme.test", "acme-backoffice/3.4.1 python-requests/2.32.3", token=TOK["u-1003"])
    for page in range(1, 6):
        c.call("GET", "/v1/users?page=%d&per_page=25&sort=-created_at" % page)
    for name, email in [("Lukas Novak", "lukas.novak@example.com"), ("Aisha Khan", "aisha.khan@example.org"),
                        ("Kenji Watanabe", "kenji.watanabe@example.jp"), ("Sofia Rossi", "sofia.rossi@example.it")]:
        c.call("POST", "/v1/users", {"name": name, "email": email, "roles": ["customer"]})
    for uid in ["u-1001", "u-1002", "u-1004", "u-1005", "u-1017", "u-1023"]:
        c.call("GET", "/v1/users/%s" % uid)
        c.call("GET", "/v1/users/%s/addresses" % uid)
    c.call("PATCH", "/v1/users/u-1017", {"status": "suspended", "reason": "chargeback"})
    c.call("DELETE", "/v1/users/u-1023")                      # deny rule -> 403
    c.call("POST", "/billing/invoices", {"customer": "u-1004", "lines": [{"sku": "SKU-TEE-0042", "qty": 2}], "currency": "EUR"})
    c.call("POST", "/billing/invoices", {"customer": "u-1005", "lines": [{"sku": "SKU-MUG-1180", "qty": 1}], "currency": "EUR"})
    c.call("PATCH", "/billing/invoices/%s" % invoices[3], {"due_date": "2027-01-15"})
    c.call("PATCH", "/billing/invoices/%s" % invoices[7], {"status": "void"})
    c.call("GET", "/billing/admin/exports/ledger-2026-11.csv")   # deny rule -> 403
    c.call("POST", "/billing/admin/reconcile", {"month": "2026-11"})  # deny rule -> 403
    c.call("GET", "/billing/credit-notes")                      # no rule -> 404


def reporting_cron():
    c = Client("api.acme.test", "reporting-cron/1.8 (Go-http-client/1.1)", token=TOK["svc-reporting"])
    for page in range(1, 5):
        c.call("GET", "/billing/invoices?from=2026-11-01&to=2026-11-30&page=%d&limit=100" % page)
    for inv in invoices:
        c.call("GET", "/billing/invoices/%s/pdf" % inv, extra={"Accept": "application/pdf"})
        c.call("GET", "/billing/invoices/%s/payments" % inv)
    c.call("GET", "/billing/invoices/INV-2026-99999")          # allowed by the gateway, the service answers
    c.call("GET", "/billing/invoices/draft-17")                 # no rule (id shape) -> 404


def anonymous_api():
    c = Client("api.acme.test", "curl/8.11.0")
    c.call("GET", "/v1/users")                                  # 401
    c.call("GET", "/v1/users/u-1001")                           # 401
    c.call("GET", "/billing/invoices")                          # 401
    c.call("GET", "/billing/invoices/%s/pdf" % invoices[0])     # 401
    c.call("GET", "/healthz")
    for uid in ["u-1001", "u-1002", "u-1003", "u-1004", "u-1005", "u-1011"]:
        c.call("GET", "/v1/users/%s/avatar.%s" % (uid, rnd.choice(["png", "webp", "jpg"])), extra={"Accept": "image/*"})
    bad = Client("api.acme.test", ANDROID, token="mob_expired_5c0ffee0b4d1")
    bad.call("GET", "/v1/users/u-1002")                         # unknown token -> 401
    bad.call("PATCH", "/v1/users/u-1002", {"locale": "es-AR"})  # 401
    bad.call("GET", "/billing/invoices?status=open")            # 401
    signup = Client("api.acme.test", IOS)
    for i, email in enumerate(["noah.schmidt@example.de", "fatima.zahra@example.ma", "olivia.brown@example.co.uk",
                               "liam.oconnor@example.ie", "yuki.tanaka@example.jp", "carlos.silva@example.com.br",
                               "ingrid.larsen@example.no", "david.cohen@example.com"]):
        signup.call("POST", "/v1/signup", {"email": email, "password": "correct-horse-%d" % i, "accept_terms": True})
    lb = Client("api.acme.test", "ELB-HealthChecker/2.0")
    for _ in range(6):
        lb.call("GET", "/healthz")


def shop_visitor(ua, sid=None, rounds=3):
    c = Client("shop.acme.test", ua, cookie=("shop_session=%s; theme=dark; _ga=GA1.1.1817281.1733500000" % sid) if sid else "theme=light")
    for asset in ["/static/js/app.5f3c91e2.js", "/static/js/vendor.a81d0c44.js", "/static/css/main.2b7e19f0.css",
                  "/static/img/logo.svg"]:
        c.call("GET", asset, extra={"Accept": "*/*"})
    c.call("GET", "/api/catalog/products?category=%s&page=1" % rnd.choice(["apparel", "drinkware", "stationery"]))
    for _ in range(rounds):
        p = rnd.choice(products)
        c.call("GET", "/api/catalog/products/%s" % p)
        c.call("GET", "/api/catalog/products/%s/reviews?sort=helpful" % p)
    c.call("GET", "/api/catalog/products?category=apparel&page=2")
    if not sid:
        c.call("GET", "/api/cart")                              # 401
        c.call("PUT", "/api/cart", {"items": [{"sku": products[0], "qty": 1}]})   # 401
        c.call("POST", "/api/catalog/products/%s/reviews" % products[1], {"stars": 5, "text": "Great mug"})  # 401
        c.call("GET", "/api/orders")                            # 401
        c.call("GET", "/api/wishlist")                          # no rule -> 404
        return
    c.call("GET", "/api/cart")
    for _ in range(2):
        c.call("PUT", "/api/cart", {"items": [{"sku": rnd.choice(products), "qty": rnd.randint(1, 3)}]})
        c.call("GET", "/api/cart")
    c.call("POST", "/api/catalog/products/%s/reviews" % products[2], {"stars": 4, "text": "Warm, runs a bit large."})
    c.call("GET", "/api/orders?status=open")
    c.call("POST", "/api/orders", {"payment": "card", "shipping": "standard"})
    oid = rnd.randint(400100, 400999)
    c.call("GET", "/api/orders/%d" % oid)
    c.call("GET", "/api/orders/%d/items" % oid)
    c.call("POST", "/api/orders/%d/items" % oid, {"sku": products[4], "qty": 1})
    c.call("PUT", "/api/orders/%d/items/%d" % (oid, 2), {"qty": 2})
    c.call("DELETE", "/api/orders/%d/items/%d" % (oid, 1))
    c.call("PATCH", "/api/orders/%d" % oid, {"shipping": "express"})
    c.call("GET", "/api/orders/%d" % oid)
    c.call("PATCH", "/api/orders/%d" % (oid - 17), {"status": "cancelled"})
    c.call("DELETE", "/api/orders/%d" % (oid - 17))             # deny rule -> 403
    c.call("DELETE", "/api/cart")
    c.call("GET", "/api/orders")
    c.call("GET", "/api/wishlist")                              # no rule -> 404
    expired = Client("shop.acme.test", ua, cookie="shop_session=sess-0000dead0000beef")
    expired.call("GET", "/api/cart")                            # unknown session -> 401


def files():
    wh = Client("files.acme.test", "warehouse-sync/0.9.4 (+rclone/v1.68.2)", token=TOK["svc-warehouse"])
    for path in ["/downloads/reports/2026/11/stock-levels.csv", "/downloads/reports/2026/11/returns.csv",
                 "/downloads/reports/2026/12/stock-levels.csv", "/downloads/labels/batch-7731.zip",
                 "/downloads/exports/catalog/full-2026-12-01.json.gz"]:
        wh.call("GET", path, extra={"Accept": "*/*"})
    for path in ["/uploads/inbound/asn-55120.xml", "/uploads/inbound/asn-55121.xml", "/uploads/photos/SKU-TEE-0042/front.jpg"]:
        wh.call("PUT", path, b"<asn>...</asn>" if path.endswith(".xml") else b"\xff\xd8\xff\xe0" + bytes(40), ctype="application/octet-stream")
    wh.call("POST", "/uploads/inbound/batch", b"--b\r\n\r\nx\r\n--b--\r\n", ctype="multipart/form-data; boundary=b")
    wh.call("DELETE", "/uploads/inbound/asn-55120.xml")         # no rule for DELETE -> 404
    br = Client("files.acme.test", FIREFOX, cookie="shop_session=%s" % SES["u-1004"])
    br.call("GET", "/downloads/invoices/u-1004/%s.pdf" % invoices[5], extra={"Accept": "application/pdf"})
    br.call("GET", "/downloads/returns/u-1004/label-RMA-88213.pdf", extra={"Accept": "application/pdf"})
    anon = Client("files.acme.test", WEB_FETCH)
    for path in ["/public/press/acme-logo-pack.zip", "/public/docs/returns-policy-2026.pdf", "/public/docs/size-guide.pdf",
                 "/public/img/hero/winter-sale.webp"]:
        anon.call("GET", path, extra={"Accept": "*/*"})
    anon.call("GET", "/downloads/reports/2026/11/stock-levels.csv")  # 401
    anon.call("PUT", "/uploads/inbound/asn-66666.xml", b"<asn/>", ctype="application/xml")  # 401


def main():
    people = [("u-1001", IOS, 6), ("u-1002", ANDROID, 4), ("u-1003", WEB_FETCH, 5)]
    for sub, ua, n in people:
        mobile_user(sub, ua, n)
    back_office()
    shop_visitor(WEB_FETCH, SES["u-1004"], 4)
    shop_visitor(FIREFOX, None, 3)
    anonymous_api()
    reporting_cron()
    shop_visitor(FIREFOX, SES["u-1005"], 3)
    shop_visitor(IOS, SES["u-1001"], 2)
    files()
    shop_visitor(WEB_FETCH, None, 2)
    mobile_user("u-1002", ANDROID, 2)
    # evening: the apps reopened, more shoppers, an anonymous visitor bouncing off the checkout
    mobile_user("u-1001", IOS, 4)
    shop_visitor(ANDROID, SES["u-1005"], 3)
    shop_visitor(FIREFOX, None, 4)
    mobile_user("u-1003", WEB_FETCH, 2)
    shop_visitor(WEB_FETCH, SES["u-1004"], 2)
    print("traffic.py: responses by status", dict(sorted(stats.items())), "total", sum(stats.values()), file=sys.stderr)


if __name__ == "__main__":
    main()
