"""A small client of Headscale's REST API (/api/v1, grpc-gateway JSON) with python http.client, as the Headscale
docs show it: `Authorization: Bearer <api key>`, JSON bodies, one keep-alive connection per client. Shared by the
drive scripts; every call is appended to $STATE/calls.log."""
import http.client
import json
import os
import urllib.parse

HOST = "127.0.0.1"
PORT = int(os.environ.get("HTTP_PORT", "18085"))
STATE = os.environ.get("STATE", "/tmp/shadowtap-lab/headscale/state")


def load_state():
    p = os.path.join(STATE, "state.json")
    if os.path.exists(p):
        with open(p) as f:
            return json.load(f)
    return {}


def save_state(st):
    with open(os.path.join(STATE, "state.json"), "w") as f:
        json.dump(st, f, indent=1, sort_keys=True)


class Client:
    def __init__(self, who, ua, key=None, port=PORT):
        self.who, self.ua, self.key, self.port = who, ua, key, port
        self.conn = None
        self.log = open(os.path.join(STATE, "calls.log"), "a")
        self.count = 0

    def call(self, method, path, query=None, body=None, key=..., headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=15)
        if query:
            path += "?" + urllib.parse.urlencode(query, doseq=True)
        h = {"User-Agent": self.ua, "Accept": "application/json"}
        k = self.key if key is ... else key
        if k:
            h["Authorization"] = "Bearer " + k
        data = None
        if body is not None:
            data = json.dumps(body)
            h["Content-Type"] = "application/json"
        if headers:
            h.update(headers)
        try:
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
            raw = r.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=15)
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
            raw = r.read()
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        self.count += 1
        self.log.write(f"{self.who} {r.status} {method} {path}\n")
        self.log.flush()
        try:
            return r.status, json.loads(raw) if raw else None
        except ValueError:
            return r.status, raw.decode("utf-8", "replace")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
