#!/usr/bin/env python3
"""The application backends that call Centrifugo's server HTTP API as its docs show (POST /api/<method> with a JSON
body and the API key in X-API-Key or `Authorization: apikey <key>`), with python3's http.client, one keep-alive
connection per backend (as an HTTP client pool would hold it):

  shop      - an order service pushing status changes to user-limited channels orders:<region>#<user>
  chat      - a chat backend relaying messages into chat:* rooms, reading presence and history, moderating
  newsroom  - a CMS broadcasting headlines to news and news:<section>, trimming history
  dashboard - an ops dashboard polling channels, presence_stats and history for its live tiles
  ops       - an operator's scripts: info, channels, batch, refresh, disconnect, server-side subscribe/unsubscribe,
              the legacy single endpoint POST /api with {"method": ..., "params": ...}, calls the OSS build does not
              serve (PRO methods: the router has no route for them), calls without or with a wrong key (401)

usage: backend.py API_BASE API_KEY PHASE   (PHASE: comma-separated of shop chat newsroom dashboard ops, or all)
"""
import http.client
import json
import sys
import time
import urllib.parse

BASE, KEY, PHASE = sys.argv[1], sys.argv[2], sys.argv[3]
U = urllib.parse.urlsplit(BASE)
CALLS = []
CONNS = {}
SERVICE = "backend"


def conn(service):
    c = CONNS.get(service)
    if c is None:
        c = CONNS[service] = http.client.HTTPConnection(U.hostname, U.port, timeout=10)
    return c


def call(method, params, key=KEY, style="x-api-key", http_method="POST", path=None, ua=None):
    url = U.path + (path if path is not None else "/" + method)
    data = None if http_method == "GET" else json.dumps(params, separators=(",", ":")).encode()
    headers = {"User-Agent": ua or f"{SERVICE}-service/2.4 (python http.client)", "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if key is not None:
        if style == "x-api-key":
            headers["X-API-Key"] = key
        else:
            headers["Authorization"] = "apikey " + key
    for attempt in (1, 2):
        c = conn(SERVICE)
        try:
            c.request(http_method, url, body=data, headers=headers)
            r = c.getresponse()
            code, body = r.status, r.read()
            break
        except (http.client.HTTPException, OSError):
            c.close()
            CONNS.pop(SERVICE, None)
            if attempt == 2:
                raise
    CALLS.append((http_method, url, code))
    try:
        return code, json.loads(body) if body else None
    except ValueError:
        return code, body


def shop():
    users = [("eu-west", "alice"), ("eu-west", "bob.nguyen"), ("us-east", "carla_m"), ("ap-south", "42017"),
             ("eu-central", "jonas.weber"), ("us-west", "priya-k"), ("eu-west", "mila.novak"),
             ("eu-central", "t_kowalski"), ("sa-east", "joao.pereira"), ("us-east", "OliviaChen")]
    steps = ["created", "paid", "picking", "shipped", "out_for_delivery", "delivered"]
    oid = 558120
    for rnd, st in enumerate(steps):
        for i, (region, user) in enumerate(users):
            if rnd == 5 and i % 2:
                continue
            oid_i = oid + i
            body = {"channel": f"orders:{region}#{user}",
                    "data": {"order_id": f"SO-{oid_i}", "status": st, "eta_minutes": max(0, 90 - 15 * rnd)},
                    "idempotency_key": f"SO-{oid_i}-{st}"}
            if st == "delivered":
                body["tags"] = {"final": "true"}
            call("publish", body, style="x-api-key" if i % 3 else "authorization")
        time.sleep(0.1)
    # a customer's order feed read back, one cancelled order, one retried publish (same idempotency key)
    for region, user in users:
        call("history", {"channel": f"orders:{region}#{user}", "limit": 5, "reverse": True})
    call("publish", {"channel": "orders:eu-west#alice", "data": {"order_id": "SO-558199", "status": "cancelled"},
                     "idempotency_key": "SO-558199-cancelled"})
    call("publish", {"channel": "orders:eu-west#alice", "data": {"order_id": "SO-558199", "status": "cancelled"},
                     "idempotency_key": "SO-558199-cancelled"})
    call("presence_stats", {"channel": "orders:eu-west#alice"})
    call("history", {"channel": "orders:eu-west#alice", "since": {"offset": 2, "epoch": "wrong-epoch"}, "limit": 3})


def chat():
    rooms = ["room-lobby", "room-support", "room-incidents", "standup-2026-12-07", "team-payments", "proj_apollo"]
    lines = [("support-bot", "Welcome! A human will be with you shortly."),
             ("moderation", "Reminder: be kind, no customer PII in chat."),
             ("github", "PR #4411 merged: retry webhooks with backoff"),
             ("pagerduty", "INC-2291 acknowledged by eve-ops"),
             ("calendar", "Standup starts in 5 minutes"),
             ("jira", "APOLLO-73 moved to In Review")]
    for rnd in range(8):
        for room, (who, text) in zip(rooms, lines):
            call("publish", {"channel": f"chat:{room}", "data": {"from": who, "text": f"{text} ({rnd + 1})"}})
        time.sleep(0.1)
    for room in rooms:
        call("presence", {"channel": f"chat:{room}"})
        call("presence_stats", {"channel": f"chat:{room}"})
        call("history", {"channel": f"chat:{room}", "limit": 20})
    call("history", {"channel": "chat:room-lobby", "limit": 2, "reverse": True})
    call("history", {"channel": "chat:room-lobby", "limit": 0})
    # a message with a delta-friendly payload, and skip_history for a typing indicator
    call("publish", {"channel": "chat:room-support", "data": {"typing": "bob.nguyen"}, "skip_history": True})
    call("publish", {"channel": "chat:room-support", "data": {"from": "bob.nguyen", "text": "found it: the cron ran twice"}})
    # moderation: wipe the incidents room after the postmortem, kick a spammer out of the lobby
    call("history_remove", {"channel": "chat:room-incidents"})
    call("history", {"channel": "chat:room-incidents", "limit": 10})
    call("unsubscribe", {"channel": "chat:room-lobby", "user": "spam_bot_77"})
    call("disconnect", {"user": "spam_bot_77", "disconnect": {"code": 4501, "reason": "spam"}})
    # a channel in a namespace the config does not have, and one without history
    call("publish", {"channel": "support:room-1", "data": {"text": "x"}})
    call("history", {"channel": "metrics:nonexistent-gauge", "limit": 5})


def newsroom():
    heads = [("news", "Central bank holds rates at 3.25%"),
             ("news", "Storm warning for the North Sea coast"),
             ("news:sports", "Derby ends 2-2 after late equaliser"),
             ("news:tech", "Open-source maintainers summit opens in Lisbon"),
             ("news:markets", "DAX closes 0.8% higher"),
             ("news", "Rail strike called off after overnight talks"),
             ("news:tech", "Browser vendors agree on new storage quota rules"),
             ("news:sports", "Marathon record falls in Valencia")]
    for i, (ch, title) in enumerate(heads):
        call("publish", {"channel": ch, "data": {"id": 90311 + i, "title": title, "section": ch.split(":")[-1]}})
    # breaking news to every section at once
    call("broadcast", {"channels": ["news", "news:sports", "news:tech", "news:markets"],
                       "data": {"id": 90400, "title": "BREAKING: power restored across the city", "breaking": True}})
    call("broadcast", {"channels": ["metrics:cpu-eu1", "metrics:latency-api"], "data": {"window": "1m", "ok": True}})
    call("broadcast", {"channels": [], "data": {}})
    for ch in ["news", "news:sports", "news:tech"]:
        call("history", {"channel": ch, "limit": 5})
    call("history_remove", {"channel": "news:markets"})
    call("presence_stats", {"channel": "news"})
    # live gauge channel, a dashboard feed every few seconds
    for v in [41.5, 44.0, 39.2, 57.8, 62.1, 48.3]:
        call("publish", {"channel": "metrics:cpu-eu1", "data": {"cpu": v}})
        call("publish", {"channel": "metrics:latency-api", "data": {"p95_ms": int(v * 4)}})


def dashboard(rounds=28):
    tiles = ["chat:room-lobby", "chat:room-support", "news", "metrics:cpu-eu1"]
    for rnd in range(rounds):
        call("presence_stats", {"channel": tiles[rnd % 2]})
        call("history", {"channel": tiles[2 + rnd % 2], "limit": 1, "reverse": True})
        if rnd % 3 == 0:
            call("channels", {"pattern": "chat:*"})
        if rnd % 4 == 0:
            call("presence", {"channel": "chat:room-support"})
        time.sleep(0.25)


def ops():
    call("info", {})
    call("channels", {})
    call("channels", {"pattern": "chat:*"})
    call("channels", {"pattern": "orders:eu-west#*"})
    # server-side subscriptions: put a user into a room without the client asking
    call("subscribe", {"user": "carla_m", "channel": "chat:team-payments"})
    call("subscribe", {"user": "dmitri", "channel": "chat:proj_apollo", "client": ""})
    call("publish", {"channel": "chat:team-payments", "data": {"from": "ops", "text": "carla joined via ops"}})
    call("unsubscribe", {"user": "carla_m", "channel": "chat:team-payments"})
    # refresh a user's connections (expire in an hour), disconnect a user with reconnect advice
    call("refresh", {"user": "42017", "expire_at": int(time.time()) + 3600})
    call("refresh", {"user": "alice", "expired": False})
    call("disconnect", {"user": "jonas.weber"})
    call("disconnect", {"user": "priya-k", "disconnect": {"code": 4100, "reason": "password changed"}})
    # batch, sequential and parallel
    call("batch", {"commands": [
        {"publish": {"channel": "news", "data": {"id": 90501, "title": "Weekend edition is out"}}},
        {"publish": {"channel": "chat:room-lobby", "data": {"from": "ops", "text": "maintenance window tonight 23:00 UTC"}}},
        {"presence_stats": {"channel": "chat:room-lobby"}},
        {"history": {"channel": "news", "limit": 1}},
        {"channels": {"pattern": "news*"}}]})
    call("batch", {"parallel": True, "commands": [
        {"publish": {"channel": f"orders:eu-west#{u}", "data": {"notice": "prices update at midnight"}}}
        for u in ["alice", "bob.nguyen", "mila.novak", "t_kowalski"]]})
    call("batch", {"commands": [{"info": {}}, {"unknown_thing": {}}]})
    # rpc (no RPC extensions in OSS: "method not found"), map broker, shared polls
    call("rpc", {"method": "getUserStatus", "params": {"users": ["alice"]}})
    call("rpc", {"method": "", "params": {}})
    call("map_publish", {"channel": "chat:room-lobby", "key": "alice", "data": {"status": "online"}})
    call("map_read_state", {"channel": "chat:room-lobby", "limit": 10})
    call("map_read_stream", {"channel": "chat:room-lobby", "limit": 10})
    call("map_stats", {"channel": "chat:room-lobby"})
    call("map_remove", {"channel": "chat:room-lobby", "key": "alice"})
    call("map_clear", {"channel": "chat:room-lobby"})
    call("shared_poll_publish", {"channel": "metrics:cpu-eu1", "key": "node-1", "data": {"cpu": 12}})
    # the legacy single endpoint: {"method": ..., "params": ...} to POST /api
    call("publish", {"method": "publish", "params": {"channel": "news", "data": {"id": 90502, "title": "Legacy feed ping"}}}, path="")
    call("presence", {"method": "presence", "params": {"channel": "chat:room-lobby"}}, path="")
    call("history", {"method": "history", "params": {"channel": "chat:room-support", "limit": 3}}, path="")
    call("channels", {"method": "channels", "params": {}}, path="")
    call("info", {"method": "info", "params": {}}, path="", style="authorization")
    # methods of the PRO build and of the spec's push/user-status/token sections: the OSS router has no route
    for m, p in [("block_user", {"user": "spam_bot_77"}), ("unblock_user", {"user": "spam_bot_77"}),
                 ("revoke_token", {"uid": "7f2c1d7e-0b1a-4f3e-9d55-2a1f8e6c4b90"}),
                 ("invalidate_user_tokens", {"user": "priya-k", "issued_before": int(time.time())}),
                 ("connections", {"user": "alice"}), ("update_user_status", {"users": ["alice"]}),
                 ("get_user_status", {"users": ["alice", "bob.nguyen"]}),
                 ("device_register", {"provider": "fcm", "token": "fcm-tok-1", "platform": "android", "user": "alice"}),
                 ("device_list", {"filter": {"users": ["alice"]}}),
                 ("send_push_notification", {"recipient": {"filter": {"users": ["alice"]}},
                                             "notification": {"fcm": {"message": {"notification": {"title": "Order shipped"}}}}})]:
        call(m, p)
    # without credentials, with a wrong key, with the wrong method
    call("publish", {"channel": "news", "data": {"title": "unauthorised"}}, key=None)
    call("info", {}, key=None)
    call("channels", {}, key=None)
    call("history", {"channel": "chat:room-lobby"}, key="wrong-key-123")
    call("presence", {"channel": "chat:room-lobby"}, key="lab-api-key-old", style="authorization")
    call("publish", {}, key=None, path="")
    call("info", {}, http_method="GET")
    call("channels", {}, http_method="GET", key=None)
    # malformed bodies
    call("publish", {"channel": ""})
    call("publish", {"data": {"x": 1}})
    call("history", {"channel": "chat:room-lobby", "limit": -5})
    call("subscribe", {"channel": "chat:room-lobby"})
    call("info", {})


if __name__ == "__main__":
    for ph in (["shop", "chat", "newsroom", "dashboard", "ops"] if PHASE == "all" else PHASE.split(",")):
        SERVICE = ph
        globals()[ph]()
    codes = {}
    for _, _, c in CALLS:
        codes[c] = codes.get(c, 0) + 1
    print(f"backend {PHASE}: {len(CALLS)} calls, status codes {codes}")
