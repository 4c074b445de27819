#!/usr/bin/env python3
"""Northwind's IT automation on Headscale's REST API (python http.client through hs.py, Bearer API key, as the
Headscale docs show the API), in phases that record.sh runs in order:

  users    the onboarding script (northwind-onboard/1.2): users in the company's several naming styles, the ACL
           policy (PUT /api/v1/policy, HuJSON), a pre-auth key per team (reusable / ephemeral / tagged), lookups
           by name, email and id, mistakes the server refuses (a duplicate user, a name starting with a digit).
  pending  devices waiting for approval: each ran `tailscale up --login-server ...` and got a registration id;
           no Tailscale client runs here, so the pending registration is made as headscale's own
           `headscale debug create-node` does it, with POST /api/v1/debug/node (user, registration id, hostname,
           advertised routes). The ids are written to state.json for the browser, which opens their /register
           pages as the users do.
  enroll   the admin approves them: POST /api/v1/node/register?user=NAME&key=ID, reads each node back, names it by
           the naming convention (POST /api/v1/node/{id}/rename/{newName}), tags it and approves its routes.
  fleet    the platform team's fleet tool (tailnet-fleet/0.8): nodes per user, node details, re-tagging, route
           changes, a moved laptop, a lost phone expired, IP backfill, and refused calls.
  offboard a leaver's nodes, keys and user removed; users renamed; a kiosk replaced (its name given to another
           node); a CI runner rebuilt under the same name; users made by mistake deleted.
  review   the quarterly access review (access-review/1.0): every user's nodes and keys, every node read; stale
           nodes expired, a forgotten one deleted.
  helpdesk the help desk's ticket tool (northwind-helpdesk/3.4): users found by e-mail (or name), their devices,
           re-logins forced, names fixed, tags changed.
"""
import os
import random
import sys

from hs import Client, load_state, save_state

ST = load_state()
KEY = ST.get("admin_key") or os.environ.get("HS_KEY")
rng = random.Random("northwind-%s-%s" % (sys.argv[1:2], sys.argv[2:3]))  # a different stream per phase and batch
ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

USERS = [
    # name, display name, email
    ("platform-eng", "Platform Engineering", "platform@northwind.io"),
    ("priya_nair", "Priya Nair", "priya.nair@northwind.io"),
    ("MarcoRossi", "Marco Rossi", "marco.rossi@northwind.io"),
    ("ana.silva", "Ana Silva", "ana.silva@northwind.io"),
    ("kim", "Kim Jisoo", ""),
    ("j.okafor@northwind.io", "Joseph Okafor", "j.okafor@northwind.io"),
    ("data_science", "Data Science", "data-science@northwind.io"),
    ("ci-runners", "CI runners", ""),
    ("intern2026", "Summer intern 2026", ""),
    ("SupportEMEA", "Support EMEA", "support-emea@northwind.io"),
    ("lena.fischer", "Lena Fischer", "lena.fischer@northwind.io"),
    ("tomoko-y", "Tomoko Yamamoto", "tomoko.y@northwind.io"),
]

# device hostname, owner, advertised routes
BATCH1 = [
    ("priya-mbp-2026", "priya_nair", []), ("marco-thinkpad", "MarcoRossi", []), ("ana-desktop", "ana.silva", []),
    ("kim-laptop", "kim", []), ("okafor-surface", "j.okafor@northwind.io", []), ("db-primary-eu1", "platform-eng", []),
    ("db-replica-eu1", "platform-eng", []), ("grafana", "platform-eng", []),
    ("subnet-router-fra", "platform-eng", ["10.20.0.0/16"]),
    ("subnet-router-nyc", "platform-eng", ["10.30.0.0/16", "192.168.50.0/24"]),
    ("exit-node-ams", "platform-eng", ["0.0.0.0/0", "::/0"]), ("build-runner-01", "ci-runners", []),
    ("build-runner-02", "ci-runners", []), ("build-runner-03", "ci-runners", []), ("tomoko-laptop", "tomoko-y", []),
]
BATCH2 = [
    ("priya-pixel8", "priya_nair", []), ("marco-iphone", "MarcoRossi", []), ("ana-ipad", "ana.silva", []),
    ("jupyter-gpu-01", "data_science", []), ("jupyter-gpu-02", "data_science", []), ("feature-store", "data_science", ["10.40.8.0/24"]),
    ("build-runner-04", "ci-runners", []), ("arm64-runner", "ci-runners", []), ("k8s-ingress-1", "platform-eng", ["10.96.0.0/12"]),
    ("intern-laptop", "intern2026", []), ("kiosk-lobby", "SupportEMEA", []), ("support-desk-3", "SupportEMEA", []),
    ("lena-macbook", "lena.fischer", []), ("tomoko-pixel", "tomoko-y", []), ("wiki-server", "platform-eng", []),
    ("backup-nas", "platform-eng", ["192.168.77.0/24"]), ("ana-laptop-old", "ana.silva", []),
]
TAGS = {
    "db-primary-eu1": ["tag:db"], "db-replica-eu1": ["tag:db"], "grafana": ["tag:monitoring"],
    "subnet-router-fra": ["tag:subnet-router"], "subnet-router-nyc": ["tag:subnet-router"],
    "exit-node-ams": ["tag:exit-node"], "build-runner-01": ["tag:ci"], "build-runner-02": ["tag:ci"],
    "build-runner-03": ["tag:ci"], "build-runner-04": ["tag:ci"], "arm64-runner": ["tag:ci", "tag:arm64"],
    "jupyter-gpu-01": ["tag:gpu"], "jupyter-gpu-02": ["tag:gpu"], "feature-store": ["tag:db", "tag:data"],
    "k8s-ingress-1": ["tag:k8s"], "kiosk-lobby": ["tag:kiosk"], "support-desk-3": ["tag:kiosk"],
    "wiki-server": ["tag:web"], "backup-nas": ["tag:backup"],
}
# the naming convention (some keep their name)
RENAME = {
    "priya-mbp-2026": "priya-macbook", "marco-thinkpad": "marco-x1-carbon", "okafor-surface": "jokafor-surface",
    "build-runner-01": "ci-amd64-01", "build-runner-02": "ci-amd64-02", "build-runner-03": "ci-amd64-03",
    "jupyter-gpu-01": "gpu-notebook-a", "jupyter-gpu-02": "gpu-notebook-b", "arm64-runner": "ci-arm64-01",
    "kim-laptop": "kim-xps13", "lena-macbook": "lena-mbp-14", "intern-laptop": "loaner-07",
}

POLICY = """// Northwind tailnet policy (HuJSON), managed by the onboarding script
{
  "groups": {
    "group:platform": ["platform-eng@", "priya_nair@", "MarcoRossi@"],
    "group:data": ["data_science@", "ana.silva@", "kim@"],
    "group:support": ["SupportEMEA@", "lena.fischer@"],
  },
  "tagOwners": {
    "tag:ci": ["group:platform"], "tag:arm64": ["group:platform"], "tag:db": ["group:platform"],
    "tag:monitoring": ["group:platform"], "tag:subnet-router": ["group:platform"],
    "tag:exit-node": ["group:platform"], "tag:k8s": ["group:platform"], "tag:web": ["group:platform"],
    "tag:backup": ["group:platform"], "tag:gpu": ["group:data"], "tag:data": ["group:data"],
    "tag:kiosk": ["group:support"],
  },
  "autoApprovers": {
    "routes": {"10.20.0.0/16": ["tag:subnet-router"], "10.30.0.0/16": ["tag:subnet-router"]},
    "exitNode": ["tag:exit-node"],
  },
  "acls": [
    {"action": "accept", "src": ["group:platform"], "dst": ["*:*"]},
    {"action": "accept", "src": ["group:data"], "dst": ["tag:gpu:*", "tag:data:5432,8888", "tag:monitoring:3000"]},
    {"action": "accept", "src": ["group:support"], "dst": ["tag:kiosk:*", "tag:web:443"]},
    {"action": "accept", "src": ["tag:ci"], "dst": ["tag:db:5432", "tag:k8s:443,6443", "tag:backup:22"]},
    {"action": "accept", "src": ["autogroup:member"], "dst": ["autogroup:self:*", "tag:web:80,443"]},
  ],
  "ssh": [
    {"action": "accept", "src": ["group:platform"], "dst": ["tag:db", "tag:ci", "tag:k8s"], "users": ["root", "ubuntu"]},
  ],
}
"""


def regid():
    return "".join(rng.choice(ALPHA) for _ in range(24))


def uid(name):
    return ST["users"][name]


def phase_users():
    c = Client("onboard", "northwind-onboard/1.2 python-http.client/3.11", KEY)
    c.call("GET", "/api/v1/health")
    c.call("GET", "/api/v1/user")
    c.call("GET", "/api/v1/policy")  # none yet: 500
    ST["users"] = {}
    for name, disp, email in USERS:
        body = {"name": name}
        if disp:
            body["displayName"] = disp
        if email:
            body["email"] = email
        s, r = c.call("POST", "/api/v1/user", body=body)
        if s == 200:
            ST["users"][name] = int(r["user"]["id"])
    c.call("POST", "/api/v1/user", body={"name": "priya_nair", "displayName": "Priya N."})      # duplicate: 500
    c.call("POST", "/api/v1/user", body={"name": "9lives", "email": "nine@northwind.io"})       # starts with a digit: 500
    c.call("POST", "/api/v1/user", body={"name": "raj kumar"})                                   # a space: 500
    s, r = c.call("GET", "/api/v1/user")
    for name in ["priya_nair", "MarcoRossi", "j.okafor@northwind.io", "ci-runners", "no-such-user"]:
        c.call("GET", "/api/v1/user", query={"name": name})
    for email in ["ana.silva@northwind.io", "support-emea@northwind.io"]:
        c.call("GET", "/api/v1/user", query={"email": email})
    for name in ["kim", "intern2026"]:
        c.call("GET", "/api/v1/user", query={"id": uid(name)})
    # the policy
    s, r = c.call("PUT", "/api/v1/policy", body={"policy": POLICY.replace('"tag:kiosk": ["group:support"],', '"tag:kiosk": ["group:helpdesk"],')})  # unknown group: refused
    c.call("PUT", "/api/v1/policy", body={"policy": POLICY})
    c.call("GET", "/api/v1/policy")
    # pre-auth keys: one per team, as `tailscale up --authkey` uses them
    ST["preauth"] = {}
    specs = [
        ("ci-runners", {"reusable": True, "ephemeral": True, "aclTags": ["tag:ci"], "expiration": "2027-03-31T00:00:00Z"}),
        ("data_science", {"reusable": True, "expiration": "2027-01-31T00:00:00Z"}),
        ("platform-eng", {"reusable": False, "aclTags": ["tag:k8s"], "expiration": "2026-12-14T00:00:00Z"}),
        ("SupportEMEA", {"reusable": False, "aclTags": ["tag:kiosk"], "expiration": "2026-12-21T00:00:00Z"}),
        ("SupportEMEA", {"reusable": False, "aclTags": ["tag:kiosk"], "expiration": "2026-12-21T00:00:00Z"}),
        ("intern2026", {"reusable": False, "expiration": "2026-12-10T00:00:00Z"}),
        ("tomoko-y", {"reusable": True, "expiration": "2027-06-30T00:00:00Z"}),
        ("MarcoRossi", {"reusable": False, "ephemeral": True, "expiration": "2026-12-08T12:00:00Z"}),
    ]
    for user, spec in specs:
        body = {"user": str(uid(user))}
        body.update(spec)
        s, r = c.call("POST", "/api/v1/preauthkey", body=body)
        if s == 200:
            ST["preauth"].setdefault(user, []).append(r["preAuthKey"]["key"])
    c.call("POST", "/api/v1/preauthkey", body={"user": "4242", "reusable": True})               # no such user
    c.call("POST", "/api/v1/preauthkey", body={"user": str(uid("ci-runners")), "aclTags": ["ci"]})  # tag without tag: prefix
    for user in ["ci-runners", "data_science", "platform-eng", "SupportEMEA", "intern2026", "tomoko-y", "MarcoRossi", "kim"]:
        c.call("GET", "/api/v1/preauthkey", query={"user": uid(user)})
    c.close()
    save_state(ST)
    print(f"users: {c.count} calls")


def phase_pending(batch):
    devs = BATCH1 if batch == "1" else BATCH2
    c = Client("onboard", "northwind-onboard/1.2 python-http.client/3.11", KEY)
    ST.setdefault("pending", {})
    for host, owner, routes in devs:
        rid = regid()
        body = {"user": owner, "key": rid, "name": host}
        if routes:
            body["routes"] = routes
        s, r = c.call("POST", "/api/v1/debug/node", body=body)
        if s == 200:
            ST["pending"][host] = [rid, owner]
    ST["batch"] = batch
    c.close()
    save_state(ST)
    print(f"pending {batch}: {c.count} calls")


def phase_enroll():
    c = Client("onboard", "northwind-onboard/1.2 python-http.client/3.11", KEY)
    ST.setdefault("nodes", {})
    c.call("POST", "/api/v1/node/register", query={"user": "kim", "key": "AAAAAAAAAAAAAAAAAAAAAAAA"})  # no such registration
    for host, (rid, owner) in list(ST["pending"].items()):
        s, r = c.call("POST", "/api/v1/node/register", query={"user": owner, "key": rid})
        if s != 200:
            continue
        nid = int(r["node"]["id"])
        ST["nodes"][host] = nid
        del ST["pending"][host]
        c.call("GET", f"/api/v1/node/{nid}")
        if host in RENAME:
            c.call("POST", f"/api/v1/node/{nid}/rename/{RENAME[host]}")
        if host in TAGS:
            c.call("POST", f"/api/v1/node/{nid}/tags", body={"tags": TAGS[host]})
        routes = {"subnet-router-fra": ["10.20.0.0/16"], "subnet-router-nyc": ["10.30.0.0/16"],
                  "exit-node-ams": ["0.0.0.0/0", "::/0"], "k8s-ingress-1": ["10.96.0.0/12"],
                  "backup-nas": ["192.168.77.0/24"]}.get(host)
        if routes:
            c.call("POST", f"/api/v1/node/{nid}/approve_routes", body={"routes": routes})
    c.call("POST", "/api/v1/node/register", query={"user": "priya_nair", "key": "short"})  # malformed id
    c.close()
    save_state(ST)
    print(f"enroll: {c.count} calls")


def phase_fleet():
    c = Client("fleet", "tailnet-fleet/0.8 (python-http.client/3.11)", KEY)
    n = ST["nodes"]
    c.call("GET", "/api/v1/node")
    for name, _, _ in USERS:
        c.call("GET", "/api/v1/node", query={"user": name})
    for host in ["db-primary-eu1", "subnet-router-nyc", "exit-node-ams", "ci-amd64-02", "feature-store", "k8s-ingress-1",
                 "kiosk-lobby", "lena-macbook", "marco-iphone", "backup-nas"]:
        if host in n:
            c.call("GET", f"/api/v1/node/{n[host]}")
    # the NYC office adds its guest VLAN, FRA drops nothing; the feature store's route is approved after review
    c.call("POST", f"/api/v1/node/{n['subnet-router-nyc']}/approve_routes", body={"routes": ["10.30.0.0/16", "192.168.50.0/24"]})
    c.call("POST", f"/api/v1/node/{n['feature-store']}/approve_routes", body={"routes": ["10.40.8.0/24"]})
    c.call("POST", f"/api/v1/node/{n['backup-nas']}/approve_routes", body={"routes": []})       # withdrawn
    c.call("POST", f"/api/v1/node/{n['grafana']}/approve_routes", body={"routes": ["10.0.0.0/33"]})  # invalid prefix
    # re-tagging: grafana also serves the wiki; the arm runner loses its arch tag
    c.call("POST", f"/api/v1/node/{n['grafana']}/tags", body={"tags": ["tag:monitoring", "tag:web"]})
    c.call("POST", f"/api/v1/node/{n['arm64-runner']}/tags", body={"tags": ["tag:ci"]})
    c.call("POST", f"/api/v1/node/{n['kim-laptop']}/tags", body={"tags": ["laptop"]})              # no tag: prefix: refused
    # the intern's loaner goes to Ana; a laptop moves to the data science team
    c.call("POST", f"/api/v1/node/{n['intern-laptop']}/user", body={"user": uid("ana.silva")})
    c.call("POST", f"/api/v1/node/{n['ana-laptop-old']}/user", body={"user": uid("data_science")})
    c.call("POST", f"/api/v1/node/{n['ana-laptop-old']}/rename/ds-shared-laptop")
    c.call("POST", f"/api/v1/node/{n['ana-ipad']}/user", body={"user": 4242})                    # no such user
    # Marco lost his phone: expire it now; Priya's phone is expired at the end of her leave
    c.call("POST", f"/api/v1/node/{n['marco-iphone']}/expire")
    c.call("POST", f"/api/v1/node/{n['priya-pixel8']}/expire", query={"expiry": "2027-01-15T00:00:00Z"})
    # renames that follow the convention, and two the server refuses
    c.call("POST", f"/api/v1/node/{n['ana-desktop']}/rename/ana-workstation")
    c.call("POST", f"/api/v1/node/{n['wiki-server']}/rename/wiki")
    c.call("POST", f"/api/v1/node/{n['marco-iphone']}/rename/Marco_Phone")                        # not a DNS label
    c.call("POST", f"/api/v1/node/{n['db-replica-eu1']}/rename/db-primary-eu1")                    # taken
    c.call("GET", "/api/v1/node/9999")                                                              # 404
    c.call("GET", "/api/v1/node/ci-amd64-02")                                                       # a name, not an id: 400
    c.call("DELETE", "/api/v1/node/9999")
    # IP backfill after the v6 prefix change: dry run refused, then confirmed
    c.call("POST", "/api/v1/node/backfillips", query={"confirmed": "false"})
    c.call("POST", "/api/v1/node/backfillips", query={"confirmed": "true"})
    for user in ["platform-eng", "ci-runners", "data_science", "ana.silva"]:
        c.call("GET", "/api/v1/node", query={"user": user})
    c.close()
    print(f"fleet: {c.count} calls")


def phase_offboard():
    c = Client("fleet", "tailnet-fleet/0.8 (python-http.client/3.11)", KEY)
    n = ST["nodes"]
    # Tomoko leaves: her nodes, her keys, her user
    s, r = c.call("GET", "/api/v1/node", query={"user": "tomoko-y"})
    for node in (r or {}).get("nodes", []) if s == 200 else []:
        c.call("DELETE", f"/api/v1/node/{node['id']}")
    c.call("GET", "/api/v1/preauthkey", query={"user": uid("tomoko-y")})
    for k in ST["preauth"].get("tomoko-y", []):
        c.call("POST", "/api/v1/preauthkey/expire", body={"user": str(uid("tomoko-y")), "key": k})
    c.call("DELETE", f"/api/v1/user/{uid('tomoko-y')}")
    c.call("GET", "/api/v1/user", query={"name": "tomoko-y"})
    # the intern is hired; support's user follows the naming rules now
    c.call("POST", f"/api/v1/user/{uid('intern2026')}/rename/w.kowalski")
    c.call("POST", f"/api/v1/user/{uid('SupportEMEA')}/rename/support-emea")
    c.call("POST", f"/api/v1/user/{uid('kim')}/rename/ana.silva")                                   # taken: refused
    c.call("POST", "/api/v1/user/4242/rename/ghost")                                                # no such user
    # the lobby kiosk is replaced: the old one is deleted, the desk machine takes its name
    c.call("DELETE", f"/api/v1/node/{n['kiosk-lobby']}")
    c.call("POST", f"/api/v1/node/{n['support-desk-3']}/rename/kiosk-lobby")
    c.call("GET", f"/api/v1/node/{n['support-desk-3']}")
    # a CI runner is rebuilt: deleted, registered again, given the same name
    c.call("DELETE", f"/api/v1/node/{n['build-runner-03']}")
    rid = regid()
    c.call("POST", "/api/v1/debug/node", body={"user": "ci-runners", "key": rid, "name": "build-runner-03"})
    s, r = c.call("POST", "/api/v1/node/register", query={"user": "ci-runners", "key": rid})
    if s == 200:
        nid = int(r["node"]["id"])
        n["build-runner-03#2"] = nid
        c.call("POST", f"/api/v1/node/{nid}/rename/ci-amd64-03")
        c.call("POST", f"/api/v1/node/{nid}/tags", body={"tags": ["tag:ci"]})
        c.call("GET", f"/api/v1/node/{nid}")
    # the CI keys: the single-use kiosk keys are spent by hand, the intern's key expired
    for k in ST["preauth"].get("SupportEMEA", [])[:1]:
        c.call("POST", "/api/v1/preauthkey/expire", body={"user": str(uid("SupportEMEA")), "key": k})
    for k in ST["preauth"].get("intern2026", []):
        c.call("POST", "/api/v1/preauthkey/expire", body={"user": str(uid("intern2026")), "key": k})
    c.call("POST", "/api/v1/preauthkey/expire", body={"user": str(uid("kim")), "key": "0" * 48})   # unknown key
    for user in ["SupportEMEA", "intern2026", "ci-runners"]:
        c.call("GET", "/api/v1/preauthkey", query={"user": uid(user)})
    # users created by mistake (the server took the onboarding script's bad names) and a test user: found, deleted
    c.call("POST", "/api/v1/user", body={"name": "test_user_tmp"})
    for bad in ["test_user_tmp", "9lives", "raj kumar"]:
        s, r = c.call("GET", "/api/v1/user", query={"name": bad})
        if s == 200 and r.get("users"):
            c.call("DELETE", f"/api/v1/user/{r['users'][0]['id']}")
    c.call("DELETE", f"/api/v1/user/{uid('platform-eng')}")                                          # still owns nodes: refused
    c.call("GET", "/api/v1/user")
    c.call("GET", "/api/v1/node")
    c.close()
    save_state(ST)
    print(f"offboard: {c.count} calls")


def phase_review():
    """The quarterly access review (access-review/1.0): every user looked up by name, their nodes and pre-auth keys
    listed, every node read; stale nodes expired, one forgotten test node deleted."""
    c = Client("review", "access-review/1.0 python-http.client/3.11", KEY)
    s, r = c.call("GET", "/api/v1/user")
    users = r.get("users", []) if s == 200 else []
    seen = []
    for u in users:
        c.call("GET", "/api/v1/user", query={"name": u["name"]})
        s, r = c.call("GET", "/api/v1/node", query={"user": u["name"]})
        for node in (r or {}).get("nodes", []) if s == 200 else []:
            seen.append(node)
        c.call("GET", "/api/v1/preauthkey", query={"user": u["id"]})
    for node in seen:
        c.call("GET", f"/api/v1/node/{node['id']}")
    n = ST["nodes"]
    for host in ["okafor-surface", "ana-ipad"]:
        c.call("POST", f"/api/v1/node/{n[host]}/expire", query={"expiry": "2026-12-31T23:59:59Z"})
    c.call("DELETE", f"/api/v1/node/{n['backup-nas']}")
    c.call("GET", "/api/v1/node", query={"user": "platform-eng"})
    c.call("GET", "/api/v1/policy")
    c.close()
    print(f"review: {c.count} calls")


def phase_helpdesk():
    """The help desk's ticket tool (northwind-helpdesk/3.4): a ticket names a person by e-mail; the agent finds the
    user, their devices and the device in question, then forces a re-login (expire), fixes a name, or re-tags."""
    c = Client("helpdesk", "northwind-helpdesk/3.4 python-http.client/3.11", KEY)
    n = ST["nodes"]
    tickets = [
        ("priya.nair@northwind.io", "priya_nair", "priya-macbook", "expire"),
        ("marco.rossi@northwind.io", "MarcoRossi", "marco-x1-carbon", None),
        ("ana.silva@northwind.io", "ana.silva", "ana-workstation", "rename:ana-ws-berlin"),
        ("lena.fischer@northwind.io", "lena.fischer", "lena-mbp-14", "expire"),
        ("data-science@northwind.io", "data_science", "gpu-notebook-b", "tags:tag:gpu,tag:data"),
        ("support-emea@northwind.io", "support-emea", "kiosk-lobby", None),
        ("j.okafor@northwind.io", "j.okafor@northwind.io", "jokafor-surface", "rename:jokafor-surface-pro"),
        ("platform@northwind.io", "platform-eng", "grafana", None),
        ("w.kowalski@northwind.io", "w.kowalski", None, None),
        ("kim.jisoo@northwind.io", "kim", "kim-xps13", "expire"),
    ]
    for email, name, given, action in tickets:
        s, r = c.call("GET", "/api/v1/user", query={"email": email})
        if s != 200 or not r.get("users"):
            s, r = c.call("GET", "/api/v1/user", query={"name": name})
        s, r = c.call("GET", "/api/v1/node", query={"user": name})
        nodes = (r or {}).get("nodes", []) if s == 200 else []
        node = next((x for x in nodes if x["givenName"] == given), None)
        if node is None:
            continue
        c.call("GET", f"/api/v1/node/{node['id']}")
        if action == "expire":
            c.call("POST", f"/api/v1/node/{node['id']}/expire")
        elif action and action.startswith("rename:"):
            c.call("POST", f"/api/v1/node/{node['id']}/rename/{action[7:]}")
        elif action and action.startswith("tags:"):
            c.call("POST", f"/api/v1/node/{node['id']}/tags", body={"tags": action[5:].split(",")})
        if action:
            c.call("GET", f"/api/v1/node/{node['id']}")
    c.close()
    print(f"helpdesk: {c.count} calls")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "users":
        phase_users()
    elif what == "pending":
        phase_pending(sys.argv[2])
    elif what == "enroll":
        phase_enroll()
    elif what == "fleet":
        phase_fleet()
    elif what == "offboard":
        phase_offboard()
    elif what == "review":
        phase_review()
    elif what == "helpdesk":
        phase_helpdesk()
