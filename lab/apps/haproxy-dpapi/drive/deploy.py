#!/usr/bin/env python3
"""A deploy tool on the Data Plane API (user deploy_bot): every release opens a transaction, adds backends with their
servers, frontends with binds, ACLs, http-request/response rules and switching rules, reads the transaction back and
commits it, then waits for the reload. Phases: release1 release2 canary tweaks scale rollout."""
import sys, time
from dp import DataPlane, API, CFG

E = __import__("os").environ
dp = DataPlane(E["DEPLOY_USER"], E["DEPLOY_PASS"], client="deploy", agent="shipit-deployer/2.4.1 (python http.client)")
HC = {"method": "GET", "uri": "/healthz", "version": "HTTP/1.1"}


def add_backend(t, name, servers, balance="roundrobin", extra=None):
    b = {"name": name, "mode": "http", "balance": {"algorithm": balance}, "httpchk": HC,
         "connect_timeout": 4000, "server_timeout": 30000}
    b.update(extra or {})
    dp.call("POST", CFG + "/backends", b, {"transaction_id": t})
    for s in servers:
        srv = {"name": s[0], "address": "127.0.0.1", "port": s[1], "check": "enabled", "weight": s[2] if len(s) > 2 else 100,
               "inter": 5000, "maxconn": 200}
        dp.call("POST", CFG + "/servers", srv, {"backend": name, "transaction_id": t})


def add_frontend(t, name, binds, default_backend, extra=None):
    f = {"name": name, "mode": "http", "default_backend": default_backend, "httplog": True,
         "http_connection_mode": "http-keep-alive", "maxconn": 1000}
    f.update(extra or {})
    dp.call("POST", CFG + "/frontends", f, {"transaction_id": t})
    for b in binds:
        dp.call("POST", CFG + "/binds", {"name": b[0], "address": "127.0.0.1", "port": b[1]}, {"frontend": name, "transaction_id": t})


def acl(t, ptype, pname, i, an, crit, val):
    dp.call("POST", CFG + "/acls", {"id": i, "acl_name": an, "criterion": crit, "value": val},
            {"parent_type": ptype, "parent_name": pname, "transaction_id": t})


def commit_and_wait(t):
    r = dp.commit(t)
    rid = dp.headers.getheader("Reload-ID")
    print(" commit", t, dp.status, r.get("status") if isinstance(r, dict) else r, "reload", rid)
    if rid:
        print(" reload", dp.wait_reload(rid))


def read_back(backends, frontends):
    dp.call("GET", CFG + "/backends")
    for b in backends:
        dp.call("GET", CFG + "/backends/" + b)
        srvs = dp.call("GET", CFG + "/servers", query={"backend": b})
        for s in (srvs or {}).get("data", [])[:2]:
            dp.call("GET", CFG + "/servers/" + s["name"], query={"backend": b})
    dp.call("GET", CFG + "/frontends")
    for f in frontends:
        dp.call("GET", CFG + "/frontends/" + f)
        binds = dp.call("GET", CFG + "/binds", query={"frontend": f})
        for b in (binds or {}).get("data", []):
            dp.call("GET", CFG + "/binds/" + b["name"], query={"frontend": f})
        dp.call("GET", CFG + "/acls", query={"parent_type": "frontend", "parent_name": f})
        bsr = dp.call("GET", CFG + "/backend_switching_rules", query={"frontend": f})
        for r in (bsr or {}).get("data", [])[:2]:
            dp.call("GET", CFG + "/backend_switching_rules/%d" % r["id"], query={"frontend": f})
        dp.call("GET", CFG + "/http_request_rules", query={"parent_type": "frontend", "parent_name": f})


def release1():
    print("== release 1: shop stack")
    t = dp.start_tx()
    add_backend(t, "checkout-api", [("checkout-1", 18661), ("checkout-2", 18662)], "leastconn")
    add_backend(t, "user_profiles", [("profiles_a", 18661), ("profiles_b", 18662, 50)], "source",
                {"stick_table": {"type": "ip", "size": 102400, "expire": 1800000}})
    add_backend(t, "searchIndex", [("searchNode01", 18661), ("searchNode02", 18662), ("searchNode03", 18663, 10)])
    add_backend(t, "static.assets", [("cdn.edge-a", 18661), ("cdn.edge-b", 18662)], "uri")
    dp.call("GET", API + "/services/haproxy/transactions/" + t)
    add_frontend(t, "api-gateway", [("api_http", 18641), ("api-alt.8080", 18643)], "checkout-api",
                 {"forwardfor": {"enabled": "enabled"}})
    acl(t, "frontend", "api-gateway", 0, "is_checkout", "path_beg", "/checkout /cart")
    acl(t, "frontend", "api-gateway", 1, "is_search", "path_beg", "/search")
    acl(t, "frontend", "api-gateway", 2, "is_static", "path_end", ".css .js .png .woff2")
    acl(t, "frontend", "api-gateway", 3, "is_profile", "path_reg", "^/users/[0-9]+")
    for i, (be, a) in enumerate([("searchIndex", "is_search"), ("static.assets", "is_static"), ("user_profiles", "is_profile")]):
        dp.call("POST", CFG + "/backend_switching_rules", {"id": i, "name": be, "cond": "if", "cond_test": a},
                {"frontend": "api-gateway", "transaction_id": t})
    dp.call("POST", CFG + "/http_request_rules", {"id": 0, "type": "set-header", "hdr_name": "X-Forwarded-Proto", "hdr_format": "http"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "transaction_id": t})
    dp.call("POST", CFG + "/http_request_rules", {"id": 1, "type": "add-header", "hdr_name": "X-Request-Start", "hdr_format": "t=%Ts"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "transaction_id": t})
    dp.call("POST", CFG + "/http_response_rules", {"id": 0, "type": "set-header", "hdr_name": "Strict-Transport-Security", "hdr_format": "max-age=63072000"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "transaction_id": t})
    dp.call("POST", CFG + "/stick_rules", {"id": 0, "type": "on", "pattern": "src"}, {"backend": "user_profiles", "transaction_id": t})
    dp.call("GET", CFG + "/backends", query={"transaction_id": t})
    dp.call("GET", API + "/services/haproxy/transactions", query={"status": "in_progress"})
    commit_and_wait(t)
    read_back(["checkout-api", "user_profiles", "searchIndex", "static.assets"], ["api-gateway", "www_main"])


def release2():
    print("== release 2: payments and admin")
    t = dp.start_tx()
    add_backend(t, "payments-v2", [("pay-eu-1", 18661), ("pay-eu-2", 18662), ("pay-us-1", 18663, 0)], "leastconn",
                {"retries": 2, "redispatch": {"enabled": "enabled"}})
    add_backend(t, "img_resizer03", [("resizer_a", 18661), ("resizer_b", 18662)])
    add_backend(t, "grpcGateway", [("grpcNodeA", 18661), ("grpcNodeB", 18662)], "roundrobin")
    add_backend(t, "auth.sso-eu1", [("sso1.eu", 18661), ("sso2.eu", 18662)], "source")
    add_frontend(t, "adminPanel", [("admin_8443", 18642)], "auth.sso-eu1")
    acl(t, "frontend", "adminPanel", 0, "office_net", "src", "127.0.0.0/8 10.20.0.0/16")
    acl(t, "frontend", "adminPanel", 1, "is_payments", "path_beg", "/payments")
    dp.call("POST", CFG + "/http_request_rules", {"id": 0, "type": "deny", "deny_status": 403, "cond": "unless", "cond_test": "office_net"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "transaction_id": t})
    dp.call("POST", CFG + "/http_request_rules", {"id": 1, "type": "set-header", "hdr_name": "X-Admin-Panel", "hdr_format": "1"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "transaction_id": t})
    dp.call("POST", CFG + "/backend_switching_rules", {"id": 0, "name": "payments-v2", "cond": "if", "cond_test": "is_payments"},
            {"frontend": "adminPanel", "transaction_id": t})
    acl(t, "frontend", "api-gateway", 4, "is_images", "path_beg", "/img /thumbs")
    dp.call("POST", CFG + "/backend_switching_rules", {"id": 3, "name": "img_resizer03", "cond": "if", "cond_test": "is_images"},
            {"frontend": "api-gateway", "transaction_id": t})
    dp.call("POST", CFG + "/log_targets", {"id": 0, "address": "127.0.0.1:5514", "facility": "local0", "level": "info"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "transaction_id": t})
    dp.call("POST", CFG + "/filters", {"id": 0, "type": "trace", "trace_name": "admin_trace"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "transaction_id": t})
    dp.call("POST", CFG + "/tcp_request_rules", {"id": 0, "type": "inspect-delay", "timeout": 5000},
            {"parent_type": "frontend", "parent_name": "adminPanel", "transaction_id": t})
    dp.call("POST", CFG + "/tcp_request_rules", {"id": 1, "type": "content", "action": "accept", "cond": "if", "cond_test": "office_net"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "transaction_id": t})
    dp.call("POST", CFG + "/tcp_response_rules", {"id": 0, "type": "inspect-delay", "timeout": 3000}, {"backend": "payments-v2", "transaction_id": t})
    dp.call("POST", CFG + "/server_switching_rules", {"id": 0, "target_server": "pay-eu-1", "cond": "if", "cond_test": "{ req.hdr(X-Region) eu }"},
            {"backend": "payments-v2", "transaction_id": t})
    dp.call("GET", API + "/services/haproxy/transactions/" + t)
    dp.call("GET", CFG + "/frontends", query={"transaction_id": t})
    dp.call("GET", CFG + "/servers", query={"backend": "payments-v2", "transaction_id": t})
    commit_and_wait(t)
    read_back(["payments-v2", "img_resizer03", "grpcGateway", "auth.sso-eu1"], ["adminPanel", "api-gateway"])
    for kind, q in [("log_targets", {"parent_type": "frontend", "parent_name": "adminPanel"}),
                    ("filters", {"parent_type": "frontend", "parent_name": "adminPanel"}),
                    ("tcp_request_rules", {"parent_type": "frontend", "parent_name": "adminPanel"}),
                    ("tcp_response_rules", {"backend": "payments-v2"}),
                    ("server_switching_rules", {"backend": "payments-v2"}),
                    ("stick_rules", {"backend": "user_profiles"}),
                    ("http_response_rules", {"parent_type": "frontend", "parent_name": "api-gateway"})]:
        lst = dp.call("GET", CFG + "/" + kind, query=q)
        for it in (lst or {}).get("data", []):
            dp.call("GET", CFG + "/%s/%d" % (kind, it["id"]), query=q)


def canary():
    print("== canary: a transaction that is abandoned, one that is committed")
    t = dp.start_tx()
    add_backend(t, "checkout-api_canary", [("checkout-canary-1", 18663)])
    dp.call("GET", API + "/services/haproxy/transactions/" + t)
    dp.call("GET", CFG + "/backends/checkout-api_canary", query={"transaction_id": t})
    dp.abort(t)
    dp.call("GET", API + "/services/haproxy/transactions/" + t)           # 404: gone
    dp.call("GET", CFG + "/backends/checkout-api_canary")                    # 404: never committed
    t = dp.start_tx()
    dp.call("POST", CFG + "/servers", {"name": "checkout-3", "address": "127.0.0.1", "port": 18663, "check": "enabled", "weight": 20},
            {"backend": "checkout-api", "transaction_id": t})
    dp.call("POST", CFG + "/http_request_rules", {"id": 2, "type": "set-header", "hdr_name": "X-Canary", "hdr_format": "checkout-3"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "transaction_id": t})
    commit_and_wait(t)


def tweaks():
    print("== tweaks: single changes with version=, some forced")
    for name, w in [("checkout-1", 80), ("checkout-2", 80), ("checkout-3", 40)]:
        v = dp.version()
        s = dp.call("GET", CFG + "/servers/" + name, query={"backend": "checkout-api"})["data"]
        s["weight"] = w
        dp.call("PUT", CFG + "/servers/" + name, s, {"backend": "checkout-api", "version": v})
    v = dp.version()
    b = dp.call("GET", CFG + "/backends/searchIndex")["data"]
    b["balance"] = {"algorithm": "leastconn"}
    dp.call("PUT", CFG + "/backends/searchIndex", b, {"version": v, "force_reload": "true"})
    v = dp.version()
    dp.call("PUT", CFG + "/acls/1", {"id": 1, "acl_name": "is_search", "criterion": "path_beg", "value": "/search /autocomplete"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/http_request_rules/1", {"id": 1, "type": "add-header", "hdr_name": "X-Request-Start", "hdr_format": "t=%Ts.%ms"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/binds/api-alt.8080", {"name": "api-alt.8080", "address": "127.0.0.1", "port": 18644},
            {"frontend": "api-gateway", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/frontends/adminPanel", {"name": "adminPanel", "mode": "http", "default_backend": "auth.sso-eu1",
            "httplog": True, "maxconn": 200, "client_timeout": 20000}, {"version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/backend_switching_rules/0", {"id": 0, "name": "searchIndex", "cond": "if", "cond_test": "is_search"},
            {"frontend": "api-gateway", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/stick_rules/0", {"id": 0, "type": "on", "pattern": "src", "table": "user_profiles"},
            {"backend": "user_profiles", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/server_switching_rules/0", {"id": 0, "target_server": "pay-eu-2", "cond": "if", "cond_test": "{ req.hdr(X-Region) eu }"},
            {"backend": "payments-v2", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/log_targets/0", {"id": 0, "address": "127.0.0.1:5514", "facility": "local1", "level": "notice"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/http_response_rules/0", {"id": 0, "type": "set-header", "hdr_name": "Strict-Transport-Security", "hdr_format": "max-age=31536000"},
            {"parent_type": "frontend", "parent_name": "api-gateway", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/tcp_request_rules/0", {"id": 0, "type": "inspect-delay", "timeout": 3000},
            {"parent_type": "frontend", "parent_name": "adminPanel", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/tcp_response_rules/0", {"id": 0, "type": "inspect-delay", "timeout": 2000}, {"backend": "payments-v2", "version": v})
    v = dp.version()
    dp.call("PUT", CFG + "/filters/0", {"id": 0, "type": "trace", "trace_name": "adminTrace2"},
            {"parent_type": "frontend", "parent_name": "adminPanel", "version": v})
    # a second writer raced us: the stale version is refused (409)
    dp.call("PUT", CFG + "/servers/checkout-1", {"name": "checkout-1", "address": "127.0.0.1", "port": 18661, "weight": 90},
            {"backend": "checkout-api", "version": v})
    dp.call("GET", API + "/services/haproxy/reloads")


def rollout():
    print("== rollout: drain, replace and re-enable servers of payments-v2 one at a time")
    for name in ["pay-eu-1", "pay-eu-2"]:
        v = dp.version()
        s = dp.call("GET", CFG + "/servers/" + name, query={"backend": "payments-v2"})["data"]
        s["maintenance"] = "enabled"
        dp.call("PUT", CFG + "/servers/" + name, s, {"backend": "payments-v2", "version": v, "force_reload": "true"})
        dp.call("GET", API + "/services/haproxy/stats/native", query={"type": "server", "parent": "payments-v2", "name": name})
        time.sleep(0.3)
        v = dp.version()
        s["maintenance"] = "disabled"
        dp.call("PUT", CFG + "/servers/" + name, s, {"backend": "payments-v2", "version": v, "force_reload": "true"})
        dp.call("GET", API + "/services/haproxy/stats/native", query={"type": "server", "parent": "payments-v2", "name": name})
    t = dp.start_tx()
    dp.call("DELETE", CFG + "/servers/pay-us-1", query={"backend": "payments-v2", "transaction_id": t})
    dp.call("POST", CFG + "/servers", {"name": "pay-us-2", "address": "127.0.0.1", "port": 18662, "check": "enabled", "weight": 100},
            {"backend": "payments-v2", "transaction_id": t})
    commit_and_wait(t)


def scale():
    print("== scale: the search cluster grows for a reindex, then shrinks")
    t = dp.start_tx()
    for n, port in [("searchNode04", 18661), ("searchNode05", 18662), ("search_node_06", 18661), ("search-node-07", 18662)]:
        dp.call("POST", CFG + "/servers", {"name": n, "address": "127.0.0.1", "port": port, "check": "enabled", "weight": 50},
                {"backend": "searchIndex", "transaction_id": t})
    dp.call("GET", CFG + "/servers", query={"backend": "searchIndex", "transaction_id": t})
    commit_and_wait(t)
    for n in ["searchNode01", "searchNode04", "search_node_06", "search-node-07"]:
        dp.call("GET", CFG + "/servers/" + n, query={"backend": "searchIndex"})
        dp.call("GET", API + "/services/haproxy/stats/native", query={"type": "server", "parent": "searchIndex", "name": n})
    time.sleep(1)
    t = dp.start_tx()
    for n in ["search_node_06", "search-node-07", "searchNode03"]:
        dp.call("DELETE", CFG + "/servers/" + n, query={"backend": "searchIndex", "transaction_id": t})
    dp.call("GET", CFG + "/servers", query={"backend": "searchIndex", "transaction_id": t})
    commit_and_wait(t)
    dp.call("GET", CFG + "/servers", query={"backend": "searchIndex"})


if __name__ == "__main__":
    for ph in sys.argv[1:]:
        globals()[ph]()
