#!/usr/bin/env python3
"""A Grafana-style dashboard (user grafana) polling process info, native stats (per type, per backend, per server),
reloads and open transactions. Usage: dashboard.py ROUNDS INTERVAL"""
import sys, time
from dp import DataPlane, API

E = __import__("os").environ
dp = DataPlane(E["DASH_USER"], E["DASH_PASS"], client="dashboard", agent="Grafana/10.4.2 (haproxy-dataplane datasource)")
rounds, interval = int(sys.argv[1]), float(sys.argv[2])
WATCH = ["checkout-api", "payments-v2", "searchIndex", "static.assets", "legacy_web", "user_profiles"]
for i in range(rounds):
    dp.call("GET", API + "/services/haproxy/info")
    dp.call("GET", API + "/services/haproxy/stats/native", query={"type": "frontend"})
    dp.call("GET", API + "/services/haproxy/stats/native", query={"type": "backend", "name": WATCH[i % len(WATCH)]})
    dp.call("GET", API + "/services/haproxy/stats/native", query={"type": "server", "parent": WATCH[(i + 2) % len(WATCH)]})
    if i % 4 == 0:
        dp.call("GET", API + "/services/haproxy/reloads")
        dp.call("GET", API + "/services/haproxy/transactions")
    if i % 6 == 3:
        dp.call("GET", API + "/info")
    if i % 10 == 5:
        dp.call("GET", API + "/services/haproxy/stats/native")
    time.sleep(interval)
