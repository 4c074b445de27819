#!/usr/bin/env python3
"""The network team's wall dashboard ("tailnet-dashboard/2.1"), polling Headscale's REST API with its own read API key
over one keep-alive connection (python http.client through hs.py): the node list every 3 s, the users every other
poll, the API health every fourth, until $STATE/stop-dashboard exists."""
import os
import time

from hs import Client, STATE, load_state

st = load_state()
c = Client("dashboard", "tailnet-dashboard/2.1 python-http.client/3.11", st["dashboard_key"])
i = 0
while not os.path.exists(os.path.join(STATE, "stop-dashboard")):
    c.call("GET", "/api/v1/node")
    if i % 2 == 0:
        c.call("GET", "/api/v1/user")
    if i % 4 == 0:
        c.call("GET", "/api/v1/health")
    i += 1
    for _ in range(6):
        if os.path.exists(os.path.join(STATE, "stop-dashboard")):
            break
        time.sleep(0.5)
c.close()
print(f"dashboard: {c.count} calls")
