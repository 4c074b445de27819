#!/usr/bin/env python3
"""Clients of the Northwind gateway: nginx on 127.0.0.1:14480 (desk., media., track. and reports.northwind.test), which
asks Oathkeeper's decision API about every request. Each client keeps one HTTP/1.1 connection to nginx, as a desktop
app, a browser, a CLI or a job does. Some calls are allowed (2xx), some refused by Oathkeeper (401 without or with a bad
credential, 403 from a deny rule) and some match no access rule (Oathkeeper 404, which nginx turns into 500).
"""
import http.client, json, os, random, sys

NGINX = ("127.0.0.1", 14480)
ACC = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "accounts.json")))
rnd = random.Random(int(os.environ.get("SEED", "20261207")))
stats = {}
TOK = {v["subject"]: k for k, v in ACC["tokens"].items()}
SID = {v["handle"]: k for k, v in ACC["sessions"].items()}


class Client:
    def __init__(self, host, ua, token=None, cookie=None, origin=None):
        self.host, self.ua, self.token, self.cookie, self.origin = host, ua, token, cookie, origin
        self.conn = http.client.HTTPConnection(*NGINX, timeout=10)

    def call(self, method, path, body=None, ctype="application/json", extra=None, accept="application/json"):
        h = {"Host": self.host, "User-Agent": self.ua, "Accept": accept}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.origin:
            h["Origin"] = self.origin
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


DESK_APP = "NorthwindDesk/2.4.1 Electron/33.2.0 (Windows NT 10.0; Win64; x64)"
EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
ANDROID_UP = "NorthwindPhotos/3.0.7 (Android 14; SM-S921B) okhttp/4.12.0"
TRK_CLI = "trk/1.9.0 (linux/amd64) go1.23.4"
CI = "northwind-ci/2026.11 (+gitlab-runner 17.6.0)"
BI = "bi-sync/4.2.0 python-httpx/0.28.1"

# ---- helpdesk ------------------------------------------------------------------------------------------------------
tickets = [48213, 48227, 48231, 48240, 48256, 48261, 48274, 48290, 48302, 48315, 48333, 48341, 48358, 48366]
queues = ["billing", "tier-2", "vip_support", "onboarding"]
kb = [("getting-started", "install-the-desktop-app"), ("getting-started", "first-login"), ("billing", "update-payment-method"),
      ("billing", "download-invoices"), ("integrations", "slack"), ("integrations", "sso-with-okta"),
      ("troubleshooting", "error-0x80070005"), ("troubleshooting", "sync-stuck-at-99-percent")]
attachments = ["screenshot-2026-12-04.png", "har-export.har", "invoice%20copy%20Nov.pdf", "logs/desk-agent.log.gz", "crash_dump_0193.dmp"]


def desk_agent(handle, rounds):
    c = Client("desk.northwind.test", DESK_APP, token=TOK[handle])
    c.call("GET", "/api/tickets?assignee=me&status=open&sort=-updated")
    for q in rnd.sample(queues, 2):
        c.call("GET", "/api/queues/%s/tickets?state=new" % q)
    for _ in range(rounds):
        t = rnd.choice(tickets)
        c.call("GET", "/api/tickets/%d" % t)
        c.call("GET", "/api/tickets/%d/comments?order=asc" % t)
        if rnd.random() < 0.5:
            a = rnd.choice(attachments)
            c.call("HEAD", "/api/tickets/%d/attachments/%s" % (t, a), accept="*/*")
            c.call("GET", "/api/tickets/%d/attachments/%s" % (t, a), accept="*/*")
        c.call("POST", "/api/tickets/%d/comments" % t, {"body": rnd.choice(["Could you send a HAR file?", "Escalated to tier 2.",
                                                                               "Fixed in 4.18.2, please update.", "Refund issued."]),
                                                         "internal": rnd.random() < 0.3})
        c.call("PATCH", "/api/tickets/%d" % t, {"status": rnd.choice(["pending", "on-hold", "open"]), "priority": rnd.choice(["low", "normal", "high"])})
        if rnd.random() < 0.3:
            c.call("PATCH", "/api/tickets/%d/comments/c-%d" % (t, rnd.randint(900, 999)), {"body": "(edited) see above"})
    t = rnd.choice(tickets)
    c.call("POST", "/api/tickets/%d/close" % t, {"resolution": "solved"})
    c.call("GET", "/api/tickets?status=closed&closed_since=2026-12-01")


def desk_lead():
    c = Client("desk.northwind.test", DESK_APP, token=TOK["lead.virtanen"])
    for page in (1, 2, 3):
        c.call("GET", "/api/tickets?page=%d&per_page=50&sort=-created" % page)
    for q in queues:
        c.call("GET", "/api/queues/%s/tickets" % q)
    c.call("GET", "/api/queues/escalations/tickets")              # queue name not in the rule -> no rule, 404
    c.call("POST", "/api/tickets", {"subject": "Bulk import failed for Harbor Freight", "requester": "cust-40917", "queue": "tier-2"})
    c.call("POST", "/api/tickets", {"subject": "SSO certificate expires 2027-01-03", "requester": "cust-51022", "queue": "onboarding"})
    c.call("DELETE", "/api/tickets/48227/comments/c-912")         # deny rule -> 403
    c.call("GET", "/api/admin/sla-policies")                      # deny rule -> 403
    c.call("PUT", "/api/admin/business-hours/emea", {"mon": "08:00-18:00"})  # 403
    c.call("DELETE", "/api/tickets/48231")                        # no rule for DELETE -> 404
    c.call("GET", "/api/reports/agent-load")                      # no rule -> 404
    for t in tickets[:6]:
        c.call("GET", "/api/tickets/%d" % t)


def support_portal():
    anon = Client("desk.northwind.test", SAFARI)
    for cat, slug in kb:
        anon.call("GET", "/kb/%s/%s" % (cat, slug), accept="text/html,application/xhtml+xml")
    for cat, slug in kb[:4]:
        anon.call("POST", "/kb/%s/%s/feedback" % (cat, slug), {"helpful": rnd.random() < 0.7})
    anon.call("POST", "/portal/requests", {"email": "ops@harborfreight.example", "subject": "Cannot export tickets", "body": "Export button greyed out."})
    anon.call("POST", "/portal/requests", {"email": "j.nakamura@example.jp", "subject": "請求書の再発行", "body": "Please resend the November invoice."})
    anon.call("GET", "/api/tickets")                              # no token -> 401
    anon.call("GET", "/api/tickets/48213")                        # 401
    anon.call("GET", "/kb/billing")                               # category page: no rule -> 404
    cust = Client("desk.northwind.test", EDGE, token=TOK["cust-40917"])
    for cat, slug in kb[2:7]:
        cust.call("GET", "/kb/%s/%s" % (cat, slug), accept="text/html,application/xhtml+xml")
    bad = Client("desk.northwind.test", DESK_APP, token="ndk_revoked_77aa01")
    bad.call("GET", "/api/tickets?assignee=me")                   # unknown token -> 401
    bad.call("GET", "/kb/integrations/slack")                     # bearer_token refuses a bad token (no anonymous fallback) -> 401
    mon = Client("desk.northwind.test", "UptimeRobot/2.0 (+http://www.uptimerobot.com/)")
    for _ in range(5):
        mon.call("GET", "/ping")


# ---- media library -------------------------------------------------------------------------------------------------
albums = {"lindqvist": ["lofoten-2026", "midsommar", "kids-school-play", "renovation_kitchen"],
          "marco_ferri": ["roma-weekend", "wedding-ferri-bianchi", "street-photography-bw"],
          "aino.virtanen": ["team-offsite-tallinn", "product-shots-q4"]}


def media_browser(handle, ua, rounds):
    c = Client("media.northwind.test", ua, cookie="nw_sid=%s; nw_theme=auto; _pk_id.3.1fff=8c21e0f5a3b4d9e1" % SID[handle])
    for f in ["/assets/app.9d41c2f7.js", "/assets/vendor.77b0e3a1.js", "/assets/app.3f8e11aa.css", "/assets/fonts/inter-var.woff2",
              "/assets/icons/sprite.svg"]:
        c.call("GET", f, accept="*/*")
    c.call("GET", "/albums?sort=recent&limit=24")
    for _ in range(rounds):
        a = rnd.choice(albums[handle])
        c.call("GET", "/albums/%s" % a)
        c.call("GET", "/albums/%s/photos?page=1&per_page=60" % a)
        ids = rnd.sample(range(1001, 1400), 3)
        for pid in ids:
            c.call("GET", "/thumbs/md/p_%d.webp" % pid, accept="image/webp,image/*")
        c.call("GET", "/albums/%s/photos/p_%d" % (a, ids[0]))
        if rnd.random() < 0.6:
            c.call("GET", "/albums/%s/photos/p_%d/download" % (a, ids[0]), accept="image/*")
        if rnd.random() < 0.4:
            c.call("PATCH", "/albums/%s/photos/p_%d" % (a, ids[1]), {"caption": "Golden hour", "tags": ["sunset", "coast"]})
    a = albums[handle][0]
    c.call("POST", "/albums/%s/photos" % a, b"--nwb\r\nContent-Disposition: form-data; name=\"file\"; filename=\"IMG_4471.HEIC\"\r\n\r\nx\r\n--nwb--\r\n",
           ctype="multipart/form-data; boundary=nwb")
    c.call("PATCH", "/albums/%s" % a, {"title": a.replace("-", " ").title(), "cover": "p_1042"})
    c.call("DELETE", "/albums/%s/photos/p_%d" % (a, rnd.randint(1001, 1400)))
    c.call("POST", "/albums", {"title": "Untitled album", "visibility": "private"})
    c.call("DELETE", "/albums/%s" % albums[handle][-1])         # deny rule -> 403
    c.call("GET", "/albums/%s/slideshow" % a)                     # no rule -> 404
    c.call("GET", "/albums")


def media_uploader():
    c = Client("media.northwind.test", ANDROID_UP, token=TOK["lindqvist"])
    c.call("GET", "/albums?fields=slug,count")
    for i in range(6):
        c.call("POST", "/albums/lofoten-2026/photos", b"\xff\xd8\xff\xe1" + bytes(120), ctype="image/jpeg",
               extra={"X-Upload-Name": "PXL_20261203_%06d.jpg" % (101522 + 37 * i)})
    for pid in (1377, 1381, 1390):
        c.call("HEAD", "/albums/lofoten-2026/photos/p_%d/download" % pid, accept="*/*")
    c.call("GET", "/albums/lofoten-2026/photos/p_1377")           # media.photo takes cookies only -> 401
    c.call("DELETE", "/albums/lofoten-2026/photos/p_1377")        # 401


def media_public():
    c = Client("media.northwind.test", FIREFOX)
    for tok in ["Xq7LpR2m", "bW4kZt9N", "Hh3vQe8s"]:
        c.call("GET", "/s/%s" % tok, accept="text/html")
        for pid in rnd.sample(range(1001, 1400), 4):
            c.call("GET", "/thumbs/%s/p_%d.webp" % (rnd.choice(["sm", "lg"]), pid), accept="image/webp,image/*")
    c.call("GET", "/thumbs/xl/p_1042.webp")                       # size not in the rule -> 404
    c.call("GET", "/albums")                                      # no session -> 401
    c.call("GET", "/albums/midsommar/photos")                     # 401
    old = Client("media.northwind.test", SAFARI, cookie="nw_sid=s2.expired0000000000")
    old.call("GET", "/albums?sort=recent")                        # expired session -> 401
    old.call("GET", "/albums/roma-weekend")                       # 401


# ---- project tracker -----------------------------------------------------------------------------------------------
teams = {"platform": {"atlas": ["sprint-48", "backlog"], "hermes-v2": ["kanban"]},
         "data-eng": {"ledger_migration": ["backlog", "sprint-48"]},
         "mobile": {"ios-app": ["bugs", "release-5.0"], "android-app": ["bugs"]},
         "growth": {"q1-okrs": ["okrs"]}}
ORIGIN = "https://app.track.northwind.test"


def tracker_spa(handle, ua, rounds):
    c = Client("track.northwind.test", ua, token=TOK[handle], origin=ORIGIN)
    pre = {"Access-Control-Request-Headers": "authorization,content-type,x-trk-client"}

    def preflight(path, method):
        h = dict(pre)
        h["Access-Control-Request-Method"] = method
        tok, c.token = c.token, None                              # a browser's preflight carries no credentials
        c.call("OPTIONS", path, extra=h, accept="*/*")
        c.token = tok

    preflight("/v3/teams", "GET")
    c.call("GET", "/v3/teams", extra={"X-Trk-Client": "web/5.3.2"})
    for _ in range(rounds):
        team = rnd.choice(list(teams))
        proj = rnd.choice(list(teams[team]))
        board = rnd.choice(teams[team][proj])
        base = "/v3/teams/%s/projects/%s" % (team, proj)
        c.call("GET", "/v3/teams/%s/projects" % team)
        c.call("GET", base)
        c.call("GET", base + "/boards")
        c.call("GET", base + "/boards/%s/cards?column=in-progress" % board)
        key = {"atlas": "ATL", "hermes-v2": "HRM", "ledger_migration": "LDG", "ios-app": "IOS", "android-app": "AND", "q1-okrs": "OKR"}[proj]
        card = "%s-%d" % (key, rnd.randint(100, 480))
        preflight(base + "/boards/%s/cards/%s" % (board, card), "PATCH")
        c.call("PATCH", base + "/boards/%s/cards/%s" % (board, card), {"column": rnd.choice(["review", "done", "in-progress"])})
        if rnd.random() < 0.5:
            preflight(base + "/boards/%s/cards" % board, "POST")
            c.call("POST", base + "/boards/%s/cards" % board, {"title": rnd.choice(["Flaky login test", "Rotate S3 keys", "Dark mode contrast",
                                                                                      "Migrate cron to k8s"]), "points": rnd.choice([1, 2, 3, 5])})
    c.call("POST", "/graphql", {"query": "query Me { viewer { handle teams { slug } } }"})
    c.call("GET", "/v3/teams/platform/projects/atlas/settings")   # no rule -> 404


def tracker_cli():
    c = Client("track.northwind.test", TRK_CLI, token=TOK["tobi-adeyemi"])
    c.call("GET", "/v3/teams")
    c.call("POST", "/v3/teams/platform/projects", {"slug": "zephyr", "name": "Zephyr", "visibility": "internal"})
    c.call("PUT", "/v3/teams/platform/projects/zephyr", {"name": "Zephyr", "lead": "tobi-adeyemi", "workflow": "scrum"})
    c.call("GET", "/v3/teams/platform/projects/zephyr/boards")
    for user in ["rkowalczyk", "maya-chen", "jbaptiste"]:
        c.call("PUT", "/v3/teams/platform/members/%s" % user, {"role": "member"})
    c.call("DELETE", "/v3/teams/growth/members/jbaptiste")
    c.call("PUT", "/v3/teams/platform/members/anna.berg", {"role": "viewer"})   # a dot in the name: no rule -> 404
    for board in ["sprint-48", "backlog"]:
        c.call("GET", "/v3/teams/platform/projects/atlas/boards/%s/cards?assignee=tobi-adeyemi" % board)
    c.call("DELETE", "/v3/teams/platform/projects/atlas/boards/sprint-48/cards/ATL-133")
    c.call("DELETE", "/v3/teams/growth/projects/q1-okrs")          # deny rule -> 403
    c.call("POST", "/v3/teams/platform/projects/zephyr/archive")   # no rule -> 404


def tracker_ci():
    c = Client("track.northwind.test", CI, token=TOK["ci-bot"])
    for n in range(8):
        card = rnd.choice(["ATL-412", "ATL-415", "HRM-77", "IOS-301", "LDG-18"])
        c.call("POST", "/graphql", {"query": "mutation Link($card: ID!, $sha: String!) { linkCommit(card: $card, sha: $sha) { id } }",
                                    "variables": {"card": card, "sha": "%040x" % rnd.getrandbits(160)}})
    hook = Client("track.northwind.test", "GitHub-Hookshot/4a1c9f2")
    for n in range(4):
        hook.call("POST", "/hooks/github", {"ref": "refs/heads/main", "commits": [{"id": "%040x" % rnd.getrandbits(160)}]},
                  extra={"X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=%064x" % rnd.getrandbits(256)})
    gl = Client("track.northwind.test", "GitLab/17.6.1")
    for n in range(3):
        gl.call("POST", "/hooks/gitlab", {"object_kind": "merge_request", "project": {"path_with_namespace": "platform/atlas"}},
                extra={"X-Gitlab-Event": "Merge Request Hook", "X-Gitlab-Token": "wh-4c7e"})
    Client("track.northwind.test", "Bitbucket-Webhooks/2.0").call("POST", "/hooks/bitbucket", {"push": {}})  # no rule -> 404
    anon = Client("track.northwind.test", "curl/8.11.1")
    anon.call("GET", "/v3/teams")                                  # 401
    anon.call("POST", "/graphql", {"query": "{ __schema { types { name } } }"})  # 401


# ---- reports (forward-auth) -----------------------------------------------------------------------------------------
def reports_bi():
    c = Client("reports.northwind.test", BI, token=TOK["svc-bi-sync"])
    for m in range(1, 12):
        c.call("GET", "/reports/2026/%02d/summary.csv" % m, accept="text/csv")
    for m in (9, 10, 11):
        c.call("GET", "/reports/2026/%02d/revenue-by-region.xlsx" % m, accept="*/*")
    for d in range(1, 8):
        c.call("GET", "/reports/2026/12/%02d/daily.json" % d)
    for q in ("q1", "q2", "q3"):
        c.call("GET", "/reports/2026/%s/board-pack.pdf" % q, accept="application/pdf")
    c.call("GET", "/reports/2025/12/summary.csv", accept="text/csv")
    c.call("GET", "/reports/2026/11/summary.json")                 # extension not in the rule -> 404
    c.call("GET", "/reports/latest")                               # no rule -> 404


def reports_browser():
    c = Client("reports.northwind.test", EDGE, cookie="nw_sid=%s" % SID["aino.virtanen"])
    for m in (10, 11):
        c.call("GET", "/reports/2026/%02d/summary.pdf" % m, accept="application/pdf")
    c.call("GET", "/reports/2026/q3/board-pack.pdf", accept="application/pdf")
    c.call("GET", "/reports/2026/12/06/daily.json")                # daily rule takes tokens only -> 401
    anon = Client("reports.northwind.test", FIREFOX)
    anon.call("GET", "/reports/2026/11/summary.csv")               # 401
    anon.call("GET", "/reports/2026/q4/board-pack.pdf")            # 401


def main():
    desk_agent("agent.hollis", 7)
    media_browser("lindqvist", SAFARI, 4)
    tracker_spa("rkowalczyk", EDGE, 5)
    support_portal()
    desk_agent("agent.mbeki", 6)
    reports_bi()
    media_uploader()
    tracker_cli()
    desk_lead()
    media_browser("marco_ferri", FIREFOX, 3)
    media_public()
    tracker_ci()
    reports_browser()
    # afternoon: the agents come back, another tracker tab, more photos
    desk_agent("agent.hollis", 3)
    tracker_spa("tobi-adeyemi", FIREFOX, 3)
    media_browser("aino.virtanen", EDGE, 2)
    desk_agent("agent.mbeki", 2)
    print("traffic.py: responses by status", dict(sorted(stats.items())), "total", sum(stats.values()), file=sys.stderr)


if __name__ == "__main__":
    main()
