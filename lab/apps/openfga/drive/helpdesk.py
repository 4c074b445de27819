#!/usr/bin/env python3
"""The helpdesk portal's authorization calls, python http.client as the API docs show (preshared key of the
helpdesk service): its teams, queues and tickets written as tuples, the AuthZEN discovery document, AuthZEN
evaluations for ticket views and the ticket page's buttons (batch evaluations with a semantic), the "who can see
this ticket" panel (subject search), an agent's ticket list (resource search, paged), the actions menu (action
search), plain checks with the model id pinned, reassignments and closed tickets (write/delete), the ticket's
stored relations (read), a queue's tickets (list-objects) and agents (list-users), and the mistakes it makes
(an action the model lacks, a ticket of another store's type). Ids from $STATE/ids.env."""
import http.client
import json
import os

L = os.environ.get("L", "/tmp/shadowtap-lab/openfga")
STATE = os.environ.get("STATE", L + "/state")
PORT = int(os.environ["HTTP_PORT"])
KEY = os.environ["KEY_HELPDESK"]
ids = dict(l.strip().split("=", 1) for l in open(STATE + "/ids.env") if "=" in l)
STORE, MODEL = ids["HELP"], ids["HELP_M1"]
UA = "helpdesk-portal/2.3 (python http.client)"

conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
count = 0


def call(method, path, body=None, headers=None, key=KEY):
    global conn, count
    h = {"User-Agent": UA, "Accept": "application/json"}
    if key:
        h["Authorization"] = "Bearer " + key
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    data = json.dumps(body) if body is not None else None
    for attempt in range(2):
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            raw = r.read()
            break
        except (http.client.HTTPException, ConnectionError):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    count += 1
    with open(STATE + "/calls.log", "a") as f:
        f.write(f"helpdesk {r.status} {method} {path}\n")
    try:
        return r.status, json.loads(raw or b"{}")
    except ValueError:
        return r.status, {}


S = f"/stores/{STORE}"
AZ = f"{S}/access/v1"
PIN = {"Openfga-Authorization-Model-Id": MODEL}

TEAMS = {
    "tier1-support": {"lead": ["noor.haddad"], "member": ["carlos_m", "JinPark", "agent007", "emma.wright"]},
    "billing_escalations": {"lead": ["JinPark"], "member": ["fatima-z", "olu.ade"]},
    "NetworkOps": {"lead": ["r.kowalski"], "member": ["sven_l", "agent007"]},
}
QUEUES = {"general-inbox": "tier1-support", "refunds_2026": "billing_escalations", "VPNAccess": "NetworkOps",
          "outage-hotline": "NetworkOps"}
TICKETS = [
    ("HD-1001", "general-inbox", "alice.customer", "carlos_m"),
    ("HD-1002", "general-inbox", "bob_buyer", "JinPark"),
    ("HD-1003", "refunds_2026", "alice.customer", "fatima-z"),
    ("HD-1004", "refunds_2026", "Chen.Wei", "olu.ade"),
    ("HD-1005", "VPNAccess", "dana-k", "sven_l"),
    ("HD-1006", "outage-hotline", "ops-pager", "agent007"),
    ("HD-1007", "general-inbox", "eve77", None),
    ("HD-1008", "VPNAccess", "Chen.Wei", None),
    ("refund-req-88", "refunds_2026", "bob_buyer", None),
    ("vpn_reset_2026_12", "VPNAccess", "dana-k", "sven_l"),
]


def write(writes=(), deletes=()):
    body = {"authorization_model_id": MODEL}
    if writes:
        body["writes"] = {"tuple_keys": [dict(user=u, relation=r, object=o) for u, r, o in writes]}
    if deletes:
        body["deletes"] = {"tuple_keys": [dict(user=u, relation=r, object=o) for u, r, o in deletes]}
    return call("POST", f"{S}/write", body)


def evaluation(user, action, ticket, pin=True):
    return call("POST", f"{AZ}/evaluation", {"subject": {"type": "user", "id": user}, "action": {"name": action},
                                             "resource": {"type": "ticket", "id": ticket}}, PIN if pin else None)


def main():
    # discovery, then the org chart
    print("config", call("GET", f"/.well-known/authzen-configuration/{STORE}")[0])
    for team, roles in TEAMS.items():
        write([(f"user:{u}", rel, f"team:{team}") for rel, us in roles.items() for u in us])
    write([(f"team:{t}", "team", f"queue:{q}") for q, t in QUEUES.items()])
    for tid, q, req, asg in TICKETS:
        w = [(f"queue:{q}", "queue", f"ticket:{tid}"), (f"user:{req}", "requester", f"ticket:{tid}")]
        if asg:
            w.append((f"user:{asg}", "assignee", f"ticket:{tid}"))
        write(w)
    write([("user:noor.haddad", "watcher", "ticket:HD-1004"), ("user:dana-k", "watcher", "ticket:HD-1006")])

    # ticket views: one evaluation per page load
    viewers = ["carlos_m", "JinPark", "fatima-z", "sven_l", "alice.customer", "bob_buyer", "eve77", "noor.haddad",
               "agent007", "dana-k"]
    for i, (tid, *_rest) in enumerate(TICKETS):
        for u in viewers[i % 3::3]:
            evaluation(u, "can_view", tid, pin=(i % 2 == 0))
    # the ticket page's buttons: one batch per page, defaults from the request
    for tid, _q, _req, asg in TICKETS[:8]:
        user = asg or "noor.haddad"
        call("POST", f"{AZ}/evaluations", {
            "subject": {"type": "user", "id": user}, "resource": {"type": "ticket", "id": tid},
            "evaluations": [{"action": {"name": a}} for a in ("can_view", "can_reply", "can_close", "can_reassign")]},
            PIN)
    # the dashboard: can any of these be closed by me (stop at the first permit)
    call("POST", f"{AZ}/evaluations", {
        "subject": {"type": "user", "id": "r.kowalski"}, "action": {"name": "can_close"},
        "evaluations": [{"resource": {"type": "ticket", "id": t}} for t in ("HD-1005", "HD-1006", "HD-1008")],
        "options": {"evaluations_semantic": "permit_on_first_permit"}})
    call("POST", f"{AZ}/evaluations", {
        "subject": {"type": "user", "id": "eve77"}, "action": {"name": "can_view"},
        "evaluations": [{"resource": {"type": "ticket", "id": t}} for t in ("HD-1007", "HD-1001")],
        "options": {"evaluations_semantic": "deny_on_first_deny"}})
    # who can see this ticket
    for tid in ("HD-1001", "HD-1004", "HD-1006", "refund-req-88", "vpn_reset_2026_12"):
        call("POST", f"{AZ}/search/subject", {"resource": {"type": "ticket", "id": tid}, "action": {"name": "can_view"},
                                               "subject": {"type": "user"}})
    # an agent's ticket list, five per page
    for agent in ("agent007", "JinPark", "sven_l", "fatima-z"):
        token = None
        for _ in range(5):
            page = {"limit": 3}
            if token:
                page["token"] = token
            st, r = call("POST", f"{AZ}/search/resource", {"subject": {"type": "user", "id": agent},
                                                            "action": {"name": "can_reply"},
                                                            "resource": {"type": "ticket"}, "page": page})
            token = (r.get("page") or {}).get("next_token")
            if st != 200 or not token:
                break
    # the actions menu
    for u, tid in (("noor.haddad", "HD-1002"), ("alice.customer", "HD-1003"), ("r.kowalski", "HD-1005"),
                   ("emma.wright", "HD-1007"), ("olu.ade", "refund-req-88")):
        call("POST", f"{AZ}/search/action", {"subject": {"type": "user", "id": u},
                                              "resource": {"type": "ticket", "id": tid}})
    # plain checks (the mail bridge: may this sender reply by e-mail)
    for u, tid in (("alice.customer", "HD-1001"), ("alice.customer", "HD-1002"), ("Chen.Wei", "HD-1004"),
                   ("Chen.Wei", "HD-1008"), ("eve77", "HD-1007"), ("bob_buyer", "refund-req-88"),
                   ("dana-k", "vpn_reset_2026_12"), ("mallory", "HD-1003")):
        call("POST", f"{S}/check", {"tuple_key": {"user": f"user:{u}", "relation": "can_reply", "object": f"ticket:{tid}"},
                                    "authorization_model_id": MODEL})
    # reassignments: unassigned tickets get an agent, one moves queue
    write([("user:emma.wright", "assignee", "ticket:HD-1007"), ("user:sven_l", "assignee", "ticket:HD-1008"),
           ("user:olu.ade", "assignee", "ticket:refund-req-88")])
    write([("user:agent007", "assignee", "ticket:HD-1002")], [("user:JinPark", "assignee", "ticket:HD-1002")])
    write([("queue:outage-hotline", "queue", "ticket:HD-1005")], [("queue:VPNAccess", "queue", "ticket:HD-1005")])
    evaluation("JinPark", "can_close", "HD-1002")
    evaluation("agent007", "can_close", "HD-1002")
    # a ticket's stored relations, a queue's tickets, the queue's agents
    for tid in ("HD-1002", "HD-1005", "refund-req-88"):
        call("POST", f"{S}/read", {"tuple_key": {"object": f"ticket:{tid}"}})
    call("POST", f"{S}/read", {"tuple_key": {"user": "user:alice.customer", "relation": "requester", "object": "ticket:"},
                               "page_size": 2})
    for q in QUEUES:
        call("POST", f"{S}/read", {"tuple_key": {"user": f"queue:{q}", "relation": "queue", "object": "ticket:"}})
    for u in ("agent007", "noor.haddad", "olu.ade"):
        call("POST", f"{S}/list-objects", {"authorization_model_id": MODEL, "type": "ticket", "relation": "can_view",
                                           "user": f"user:{u}"})
    for q in ("general-inbox", "VPNAccess"):
        call("POST", f"{S}/list-users", {"authorization_model_id": MODEL, "object": {"type": "queue", "id": q},
                                         "relation": "agent", "user_filters": [{"type": "user"}]})
    call("POST", f"{S}/expand", {"tuple_key": {"object": "ticket:HD-1004", "relation": "can_view"}})
    # closed tickets lose requester, assignee and watchers
    for tid, q, req, asg in (TICKETS[0], TICKETS[3]):
        st, r = call("POST", f"{S}/read", {"tuple_key": {"object": f"ticket:{tid}"}})
        keys = [(t["key"]["user"], t["key"]["relation"], t["key"]["object"]) for t in r.get("tuples", [])
                if t["key"]["relation"] != "queue"]
        if keys:
            write(deletes=keys)
    evaluation("alice.customer", "can_view", "HD-1001")
    # the afternoon shift: ticket pages and reply boxes
    shift = ["carlos_m", "emma.wright", "agent007", "olu.ade", "sven_l", "JinPark"]
    for i, u in enumerate(shift):
        for tid in ("HD-1002", "HD-1005", "HD-1007", "HD-1008", "refund-req-88"):
            evaluation(u, "can_view" if (i + len(tid)) % 2 else "can_reply", tid, pin=(i % 3 != 0))
    # mistakes: an action the model lacks, a resource type it lacks, a duplicate assignment
    evaluation("carlos_m", "can_merge", "HD-1002")
    call("POST", f"{AZ}/evaluation", {"subject": {"type": "user", "id": "carlos_m"}, "action": {"name": "can_view"},
                                      "resource": {"type": "invoice", "id": "INV-2026-0042"}})
    write([("user:agent007", "assignee", "ticket:HD-1002")])
    call("POST", f"{S}/check", {"tuple_key": {"user": "user:carlos_m", "relation": "can_view", "object": "ticket:HD-1002"},
                                "authorization_model_id": "01HXXXXXXXXXXXXXXXXXXXXXXX"})
    print("helpdesk calls", count)


if __name__ == "__main__":
    main()
