#!/usr/bin/env python3
""""Tideboard", the studio's task board service, asking Keto over its REST API with python http.client (one
keep-alive connection to the read API, one to the write API), as the Keto docs show the calls: new tasks get their
project and assignee relations (PUT /admin/relation-tuples), every board request checks view / update / comment
permission (GET /relation-tuples/check, 403 when denied; some with max-depth), the nightly sync posts checks with a
JSON body (POST /relation-tuples/check), labels are checked before they are applied, the board lists a project's
tasks and a task's watchers (GET /relation-tuples, page_size / page_token), reassignments delete one relation and
create another, closed tasks lose all their relations (DELETE with namespace and object), and a new team member is
added with a patch."""
import http.client
import json
import os
import sys
import urllib.parse

READ_PORT = int(os.environ.get("READ_PORT", "14466"))
WRITE_PORT = int(os.environ.get("WRITE_PORT", "14467"))
STATE = os.environ.get("STATE", "/tmp/shadowtap-lab/keto/state")
UA = "tideboard/0.9.4 python-http.client/3.11"
conns = {}
log = open(os.path.join(STATE, "calls.log"), "a")
count = 0


def req(port, method, path, query=None, body=None):
    global count
    if port not in conns:
        conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c = conns[port]
    if query:
        path += "?" + urllib.parse.urlencode(query)
    headers = {"User-Agent": UA, "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    c.request(method, path, body=data, headers=headers)
    r = c.getresponse()
    raw = r.read()
    count += 1
    log.write(f"tasks {r.status} {method} {path}\n")
    try:
        return r.status, json.loads(raw) if raw else None
    except ValueError:
        return r.status, None


def subj(u):
    return {"subject_set.namespace": "User", "subject_set.object": u, "subject_set.relation": ""}


def user(u):
    return {"namespace": "User", "object": u, "relation": ""}


def put(ns, obj, rel, subject_set=None, subject_id=None):
    b = {"namespace": ns, "object": obj, "relation": rel}
    if subject_id is not None:
        b["subject_id"] = subject_id
    else:
        b["subject_set"] = subject_set
    return req(WRITE_PORT, "PUT", "/admin/relation-tuples", body=b)


def check(ns, obj, rel, u, depth=None):
    q = {"namespace": ns, "object": obj, "relation": rel, **subj(u)}
    if depth:
        q["max-depth"] = depth
    return req(READ_PORT, "GET", "/relation-tuples/check", q)


NEW_TASKS = [
    ("TASK-78", "website-redesign", "kim"), ("TASK-79", "website-redesign", "Lena Fischer"), ("TASK-80", "website-redesign-blog", "kim"),
    ("task-1843", "Mobile App v2", "ana.silva"), ("task-1844", "mobile-app-v2-ios", "kim"), ("task-1845", "mobile-app-v2-android", "bob.nguyen"),
    ("BUG-311", "ProjectAtlas", "bob.nguyen"), ("BUG-312", "ProjectAtlas", "t.yamamoto"), ("atlas-13", "ProjectAtlas", "alice"),
    ("atlas-14", "ProjectAtlas", "svc-ci"), ("update privacy policy", "website-redesign", "MarcoRossi"), ("Dark mode toggle", "Mobile App v2", "ana.silva"),
    ("q3-okr-review", "q3-roadmap", "alice"), ("Q3 budget sign-off", "q3-roadmap", "alice"), ("infra-k8s-upgrade-1.31", "infra_2026", "bob.nguyen"),
    ("infra_backup_restore_drill", "infra_2026", "svc-ci"), ("ACME-5", "acme-onboarding", "user-1042"), ("ACME-6", "acme-onboarding", "j.okafor"),
    ("3b7e1d2c-90aa-4f1e-b6c3-5d8e2a417f90", "infra_2026", "bob.nguyen"), ("onboardingChecklist", "acme-onboarding", "user-1042"),
    ("TASK-81", "website-redesign", "priya_nair"), ("task-1846", "Mobile App v2", "priya_nair"),
]
PEOPLE = ["alice", "bob.nguyen", "priya_nair", "MarcoRossi", "kim", "ana.silva", "Lena Fischer", "t.yamamoto", "j.okafor", "user-1042", "svc-ci"]


def main():
    # new tasks: project + assignee, a few watchers
    for t, p, u in NEW_TASKS:
        put("Task", t, "project", {"namespace": "Project", "object": p, "relation": ""})
        put("Task", t, "assignees", user(u))
    for t, ns, o, r in [("TASK-78", "Team", "qa", "members"), ("task-1843", "Team", "Mobile Squad", "members"), ("BUG-311", "User", "alice", ""),
                        ("ACME-5", "Team", "team42", "members"), ("Dark mode toggle", "User", "Lena Fischer", "")]:
        put("Task", t, "watchers", {"namespace": ns, "object": o, "relation": r})

    # board requests: view, then update or comment
    all_tasks = [t for t, _, _ in NEW_TASKS] + ["TASK-77", "task-1842", "fix login redirect", "BUG-310", "atlas-12", "9f1c2e7a-4b3d-4e8a-9a51-2d6f0c8b7e13"]
    for i, t in enumerate(all_tasks):
        for j, u in enumerate(PEOPLE[(i % 4):(i % 4) + 4]):
            st, _ = check("Task", t, "view", u, depth=5 if (i + j) % 7 == 0 else None)
            if st == 200:
                check("Task", t, "update" if j % 2 == 0 else "comment", u)

    # the nightly sync: checks with a JSON body
    for t, u, rel in [("TASK-78", "priya_nair", "view"), ("TASK-79", "kim", "update"), ("task-1844", "ana.silva", "view"), ("BUG-311", "alice", "comment"),
                      ("atlas-13", "bob.nguyen", "update"), ("ACME-6", "user-1042", "view"), ("q3-okr-review", "MarcoRossi", "view"),
                      ("infra-k8s-upgrade-1.31", "svc-ci", "update"), ("Dark mode toggle", "Lena Fischer", "comment"), ("onboardingChecklist", "alice", "view"),
                      ("TASK-81", "j.okafor", "view"), ("task-1846", "kim", "update"), ("Q3 budget sign-off", "t.yamamoto", "view"), ("BUG-312", "svc-ci", "update")]:
        req(READ_PORT, "POST", "/relation-tuples/check", body={"namespace": "Task", "object": t, "relation": rel, "subject_set": user(u)})
    for t, u in [("TASK-80", "kim"), ("ACME-5", "j.okafor"), ("atlas-14", "t.yamamoto"), ("update privacy policy", "MarcoRossi")]:
        req(READ_PORT, "POST", "/relation-tuples/check", {"max-depth": 3}, body={"namespace": "Task", "object": t, "relation": "view", "subject_set": user(u)})

    # labels: may this person apply the label?
    for lab, u in [("bug", "bob.nguyen"), ("bug", "Lena Fischer"), ("needs-review", "kim"), ("needs-review", "ana.silva"), ("P1", "ana.silva"), ("P1", "priya_nair"),
                   ("Frontend", "MarcoRossi"), ("good first issue", "user-1042"), ("good first issue", "alice")]:
        check("Label", lab, "apply", u)
    for lab, p in [("blocked", "ProjectAtlas"), ("design-debt", "website-redesign"), ("iOS", "Mobile App v2")]:
        put("Label", lab, "project", {"namespace": "Project", "object": p, "relation": ""})
        req(READ_PORT, "GET", "/relation-tuples", {"namespace": "Label", "object": lab})

    # project boards: the project's tasks, ten per page; a task's watchers and assignees
    for p in ["ProjectAtlas", "website-redesign", "Mobile App v2", "infra_2026", "acme-onboarding"]:
        token = None
        for _ in range(4):
            q = {"namespace": "Task", "relation": "project", "subject_set.namespace": "Project", "subject_set.object": p, "subject_set.relation": "", "page_size": 3}
            if token:
                q["page_token"] = token
            st, d = req(READ_PORT, "GET", "/relation-tuples", q)
            token = d.get("next_page_token") if d else None
            if not token:
                break
    for t in ["TASK-78", "task-1842", "BUG-311", "ACME-5", "Dark mode toggle", "task-1843"]:
        req(READ_PORT, "GET", "/relation-tuples", {"namespace": "Task", "object": t, "relation": "watchers"})
        req(READ_PORT, "GET", "/relation-tuples", {"namespace": "Task", "object": t, "relation": "assignees"})
    # "assigned to me"
    for u in ["kim", "bob.nguyen", "svc-ci", "alice"]:
        req(READ_PORT, "GET", "/relation-tuples", {"namespace": "Task", "relation": "assignees", **subj(u), "page_size": 20})

    # reassignments
    for t, old, new in [("TASK-79", "Lena Fischer", "kim"), ("BUG-312", "t.yamamoto", "bob.nguyen"), ("atlas-14", "svc-ci", "alice"),
                        ("ACME-6", "j.okafor", "user-1042"), ("task-1845", "bob.nguyen", "ana.silva"), ("fix login redirect", "bob.nguyen", "kim")]:
        req(WRITE_PORT, "DELETE", "/admin/relation-tuples", {"namespace": "Task", "object": t, "relation": "assignees", **subj(old)})
        put("Task", t, "assignees", user(new))
        check("Task", t, "update", old)
        check("Task", t, "update", new)

    # closed tasks lose every relation
    for t in ["TASK-77", "BUG-310", "atlas-12", "ACME-5", "Q3 budget sign-off", "3b7e1d2c-90aa-4f1e-b6c3-5d8e2a417f90"]:
        req(WRITE_PORT, "DELETE", "/admin/relation-tuples", {"namespace": "Task", "object": t})
        check("Task", t, "view", "alice")

    # a new designer joins: one patch for the team and two projects
    nu = user("r.haddad")
    patch = [{"action": "insert", "relation_tuple": {"namespace": "Team", "object": "Design Team", "relation": "members", "subject_set": nu}},
             {"action": "insert", "relation_tuple": {"namespace": "Task", "object": "TASK-81", "relation": "assignees", "subject_set": nu}},
             {"action": "delete", "relation_tuple": {"namespace": "Task", "object": "TASK-81", "relation": "assignees", "subject_set": user("priya_nair")}}]
    req(WRITE_PORT, "PATCH", "/admin/relation-tuples", body=patch)
    for t in ["TASK-81", "TASK-78", "task-1843"]:
        check("Task", t, "view", "r.haddad")
    print("tasks calls:", count)


if __name__ == "__main__":
    main()
    sys.exit(0)
