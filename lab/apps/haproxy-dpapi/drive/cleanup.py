#!/usr/bin/env python3
"""A cleanup job (admin): removes the canary, retired backends and their rules, debugging filters and log targets,
in one transaction and then with single version= deletes; lists what is left."""
from dp import DataPlane, API, CFG

E = __import__("os").environ
dp = DataPlane(E["ADMIN_USER"], E["ADMIN_PASS"], client="cleanup", agent="haproxy-janitor/1.0 python-http.client")

t = dp.start_tx()
fe = {"parent_type": "frontend", "parent_name": "api-gateway", "transaction_id": t}
rules = dp.call("GET", CFG + "/http_request_rules", query=fe)["data"]
canary = [r for r in rules if r.get("hdr_name") == "X-Canary"]
for r in canary:
    dp.call("DELETE", CFG + "/http_request_rules/%d" % r["id"], query=fe)
dp.call("DELETE", CFG + "/servers/checkout-3", query={"backend": "checkout-api", "transaction_id": t})
bsr = dp.call("GET", CFG + "/backend_switching_rules", query={"frontend": "api-gateway", "transaction_id": t})["data"]
for r in sorted(bsr, key=lambda r: -r["id"]):
    if r["name"] == "img_resizer03":
        dp.call("DELETE", CFG + "/backend_switching_rules/%d" % r["id"], query={"frontend": "api-gateway", "transaction_id": t})
acls = dp.call("GET", CFG + "/acls", query=fe)["data"]
for a in sorted(acls, key=lambda a: -a["id"]):
    if a["acl_name"] == "is_images":
        dp.call("DELETE", CFG + "/acls/%d" % a["id"], query=fe)
dp.call("DELETE", CFG + "/backends/img_resizer03", query={"transaction_id": t})
dp.call("DELETE", CFG + "/backends/grpcGateway", query={"transaction_id": t})
dp.call("GET", API + "/services/haproxy/transactions/" + t)
r = dp.commit(t)
rid = dp.headers.getheader("Reload-ID")
if rid:
    dp.wait_reload(rid)

ad = {"parent_type": "frontend", "parent_name": "adminPanel"}
for kind, q in [("filters", ad), ("log_targets", ad), ("tcp_request_rules", ad), ("tcp_request_rules", ad),
                ("tcp_response_rules", {"backend": "payments-v2"}), ("server_switching_rules", {"backend": "payments-v2"}),
                ("http_response_rules", {"parent_type": "frontend", "parent_name": "api-gateway"}),
                ("stick_rules", {"backend": "user_profiles"})]:
    v = dp.version()
    dp.call("DELETE", CFG + "/%s/0" % kind, query=dict(q, version=v))
v = dp.version()
dp.call("DELETE", CFG + "/binds/api-alt.8080", query={"frontend": "api-gateway", "version": v})
v = dp.version()
dp.call("DELETE", CFG + "/backends/maintenance_page", query={"version": v, "force_reload": "true"})
v = dp.version()
dp.call("DELETE", CFG + "/backends/img_resizer03", query={"version": v})   # already gone: 404
v = dp.version()
dp.call("DELETE", API + "/services/haproxy/sites/blog_site", query={"version": v})
for p in ["/backends", "/frontends", "/servers?backend=checkout-api", "/binds?frontend=api-gateway"]:
    dp.call("GET", CFG + p)
dp.call("GET", API + "/services/haproxy/sites")
dp.call("GET", API + "/services/haproxy/reloads")
