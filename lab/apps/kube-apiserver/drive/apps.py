#!/usr/bin/env python3
"""Programs that call the API as controllers and dashboards do (python http.client, drive/kube.py), through the
credential-less kubectl proxy with their own bearer tokens:
  dashboard  [N|light] a read-only web dashboard (grafana-dashboard's static token, group viewers -> ClusterRole view):
             namespace overview, paginated pod lists, label and field selectors, events, logs, a short watch,
             access reviews, and the writes and secret reads RBAC refuses (403)
  operator   the ledger-operator in payments-eu with its service-account token (TokenRequest through the admin
             proxy): leader election on a Lease, list+watch of its ConfigMaps from a resourceVersion, state
             ConfigMaps created, replaced and patched, events.k8s.io Events, a standby replica, refused calls
  scraper    Prometheus' service account scraping /metrics/slis (and once /metrics)
Usage: apps.py dashboard|operator|scraper ..."""
import json, os, sys, time, urllib.parse
sys.path.insert(0, os.path.dirname(__file__))
from kube import Kube, PORT, ANON_PORT, now, micro, log

E = os.environ


def sa_token(ns, name, audiences=None, seconds=3600):
    admin = Kube("admin-tokenrequest", PORT, ua="kubectl/v1.37.2 (linux/amd64) kubernetes/a1b2c3d")
    spec = {"expirationSeconds": seconds}
    if audiences:
        spec["audiences"] = audiences
    st, doc, _ = admin.post("/api/v1/namespaces/%s/serviceaccounts/%s/token" % (ns, name),
                            {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": spec})
    admin.close()
    return doc["status"]["token"] if st == 201 else None


def dashboard(rounds="2"):
    k = Kube("dashboard", ANON_PORT, token=E["DASH_TOKEN"], ua="Headlamp/0.26.0 (linux; x64) grafana-dashboard")
    k.get("/version")
    k.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"})
    for verb, res, ns in (("list", "pods", "team-a"), ("delete", "pods", "team-a"), ("get", "secrets", "payments-eu"), ("list", "nodes", "")):
        attrs = {"verb": verb, "resource": res}
        if ns:
            attrs["namespace"] = ns
        k.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
               {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": {"resourceAttributes": attrs}})
    k.post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
           {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview", "spec": {"namespace": "team-a"}})
    if rounds == "light":  # a later visit: the overview pages only
        k.get("/api/v1/namespaces")
        k.get("/apis/apps/v1/deployments", query={"labelSelector": "team in (storefront,payments)"})
        k.get("/api/v1/namespaces/team-a/events", query={"fieldSelector": "type=Warning", "limit": "20"})
        k.get("/apis/batch/v1/jobs", query={"limit": "20"})
        k.close()
        return
    for r in range(int(rounds)):
        k.get("/api/v1/namespaces")
        # paginated pod list across namespaces
        cont = None
        for page in range(4):
            q = {"limit": "6"}
            if cont:
                q["continue"] = cont
            st, doc, _ = k.get("/api/v1/pods", query=q)
            cont = (doc or {}).get("metadata", {}).get("continue") if st == 200 else None
            if not cont:
                break
        for ns in (["team-a", "payments-eu"] if r == 0 else ["ml-research", "web-platform", "default"]):
            k.get("/api/v1/namespaces/" + ns)
            k.get("/apis/apps/v1/namespaces/%s/deployments" % ns)
            k.get("/api/v1/namespaces/%s/pods" % ns, query={"labelSelector": "app", "limit": "50"})
            k.get("/api/v1/namespaces/%s/services" % ns)
            k.get("/api/v1/namespaces/%s/events" % ns, query={"fieldSelector": "type=Warning", "limit": "20"})
            k.get("/api/v1/namespaces/%s/resourcequotas" % ns)
        k.get("/apis/apps/v1/deployments", query={"labelSelector": "team in (storefront,payments)"})
        k.get("/apis/apps/v1/namespaces/payments-eu/deployments/payments-gateway")
        k.get("/apis/apps/v1/namespaces/team-a/replicasets", query={"labelSelector": "app=web-frontend"})
        k.get("/apis/batch/v1/jobs", query={"limit": "20"})
        k.get("/apis/batch/v1/namespaces/team-a/cronjobs")
        k.get("/apis/networking.k8s.io/v1/ingresses")
        k.get("/apis/autoscaling/v2/namespaces/team-a/horizontalpodautoscalers")
        k.get("/apis/policy/v1/poddisruptionbudgets")
        k.get("/apis/events.k8s.io/v1/namespaces/team-a/events", query={"limit": "30"})
        k.get("/api/v1/namespaces/team-a/events", query={"fieldSelector": "involvedObject.kind=Deployment,involvedObject.name=web-frontend"})
        k.get("/api/v1/namespaces/team-a/configmaps/web-frontend-config")
        k.get("/api/v1/pods", query={"fieldSelector": "status.phase!=Running", "limit": "100"})
        st, pods, _ = k.get("/api/v1/namespaces/team-a/pods", query={"labelSelector": "app=web-frontend"})
        if st == 200 and pods["items"]:
            p = pods["items"][0]["metadata"]["name"]
            k.get("/api/v1/namespaces/team-a/pods/" + p)
            k.get("/api/v1/namespaces/team-a/pods/%s/log" % p, query={"container": "nginx", "tailLines": "50", "timestamps": "true"}, accept="*/*")
            k.delete("/api/v1/namespaces/team-a/pods/" + p)                     # 403
        k.get("/api/v1/nodes")                                                   # 403: view has no nodes
        k.get("/api/v1/namespaces/payments-eu/secrets")                          # 403
        k.get("/apis/apps/v1/namespaces/team-a/deployments/web-frontend/scale")
        k.call("PUT", "/apis/apps/v1/namespaces/team-a/deployments/web-frontend/scale",
               body={"apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": {"name": "web-frontend", "namespace": "team-a"}, "spec": {"replicas": 1}})  # 403
        st, lst, _ = k.get("/api/v1/namespaces/team-a/pods", query={"limit": "1"})
        if st == 200:
            k.watch("/api/v1/namespaces/team-a/pods", {"resourceVersion": lst["metadata"]["resourceVersion"], "allowWatchBookmarks": "true"}, seconds=2)
        k.get("/apis/platform.example.com/v1alpha1/namespaces/team-a/backupschedules")   # 403: not aggregated into view
        k.get("/apis/apps/v1/namespaces/team-a/deployments/web-frontnd")         # 404 typo
        time.sleep(1)
    k.close()


def operator():
    tok = sa_token("payments-eu", "ledger-operator")
    ua = "ledger-operator/1.8.0 (linux/amd64) client-go/v0.37.2"
    k = Kube("ledger-operator", ANON_PORT, token=tok, ua=ua)
    ns = "/api/v1/namespaces/payments-eu"
    lease = "/apis/coordination.k8s.io/v1/namespaces/payments-eu/leases/ledger-operator-leader"
    me = "ledger-worker-6d8f9b7c4-x2kq9_" + "4f1c2a9e-7b3d-4e51-9a0f-2c8d6e1b5a77"
    st, cur, _ = k.get(lease)
    if st == 404:
        st, cur, _ = k.post("/apis/coordination.k8s.io/v1/namespaces/payments-eu/leases",
                            {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                             "metadata": {"name": "ledger-operator-leader", "namespace": "payments-eu"},
                             "spec": {"holderIdentity": me, "leaseDurationSeconds": 15, "acquireTime": micro(),
                                      "renewTime": micro(), "leaseTransitions": 0}})
    # informer: list then watch from the list's resourceVersion
    st, cms, _ = k.get(ns + "/configmaps", query={"labelSelector": "app=ledger", "limit": "500", "resourceVersion": "0"})
    rv = cms["metadata"]["resourceVersion"] if st == 200 else "0"
    k.watch(ns + "/configmaps", {"labelSelector": "app=ledger", "resourceVersion": rv, "allowWatchBookmarks": "true"}, seconds=2)
    # reconcile: a state ConfigMap per settlement day
    for day in ("2026-12-05", "2026-12-06", "2026-12-07"):
        name = "ledger-state-" + day
        st, doc, _ = k.get(ns + "/configmaps/" + name)
        if st == 404:
            st, doc, _ = k.post(ns + "/configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                "metadata": {"name": name, "labels": {"app": "ledger", "ledger.example.com/day": day}},
                                "data": {"status": "open", "entries": "0"}})
        if st in (200, 201):
            doc["data"]["status"] = "settled" if day != "2026-12-07" else "open"
            doc["data"]["entries"] = str(1000 + len(day) * 37)
            k.put(ns + "/configmaps/" + name, doc)
            k.put(ns + "/configmaps/" + name, doc)                          # stale resourceVersion: 409
        k.merge(ns + "/configmaps/" + name, {"metadata": {"annotations": {"ledger.example.com/reconciled-at": now()}}})
        k.post("/apis/events.k8s.io/v1/namespaces/payments-eu/events",
               {"apiVersion": "events.k8s.io/v1", "kind": "Event",
                "metadata": {"name": "ledger-worker.%x" % time.time_ns(), "namespace": "payments-eu"},
                "eventTime": micro(), "reportingController": "ledger.example.com/operator", "reportingInstance": me,
                "action": "Settle", "reason": "DaySettled", "type": "Normal", "note": "settled ledger day " + day,
                "regarding": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "payments-eu", "name": "ledger-worker"}})
        # leader lease renewal
        st, cur, _ = k.get(lease)
        if st == 200:
            cur["spec"]["renewTime"] = micro()
            k.put(lease, cur)
        time.sleep(0.5)
    k.merge(ns + "/configmaps/ledger-settings", {"data": {"last-run": now()}})
    k.get(ns + "/secrets/db-credentials.payments")                                  # 403
    k.get("/apis/apps/v1/namespaces/payments-eu/deployments/ledger-worker")          # 403
    k.post(ns + "/configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "Ledger_State"}, "data": {}})  # 422 bad name
    k.get(ns + "/configmaps", query={"labelSelector": "ledger.example.com/day in (2026-12-06,2026-12-07)"})
    k.call("DELETE", ns + "/configmaps/ledger-state-2026-12-05")                     # 403 (no delete verb)
    k.close()
    # a standby replica sees the lease held and backs off
    s = Kube("ledger-operator-standby", ANON_PORT, token=tok, ua=ua)
    for _ in range(2):
        s.get(lease)
    s.close()
    # the token of a deleted pod's service account after rotation: a stale JWT
    b = Kube("ledger-operator-stale", ANON_PORT, token=tok[:-6] + "AAAAAA", ua=ua)
    b.get(lease)                                                                     # 401
    b.close()


def scraper(full="0"):
    tok = sa_token("observability", "prometheus-scraper")
    k = Kube("prometheus", ANON_PORT, token=tok, ua="Prometheus/3.1.0")
    acc = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
    for _ in range(2):
        k.get("/metrics/slis", accept=acc, headers={"Accept-Encoding": "gzip"})
        time.sleep(1)
    if full == "1":
        k.get("/metrics", accept=acc, headers={"Accept-Encoding": "gzip"})
    k.close()
    n = Kube("prometheus-misconfigured", ANON_PORT, ua="Prometheus/3.1.0")
    n.get("/metrics", accept=acc)                                                    # 403 anonymous
    n.close()


if __name__ == "__main__":
    fn = globals()[sys.argv[1]]
    fn(*sys.argv[2:])
