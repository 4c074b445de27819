"""Minimal Data Plane API client on python's http.client, calling the API as HAProxy's Data Plane API docs show:
Basic auth from the `controller` userlist, JSON bodies, `version=` or `transaction_id=` on every change.
Each call is written to $STATE/calls.log as `CLIENT STATUS METHOD PATH`."""
import base64, http.client, json, os, time, urllib.parse

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "18555"))
LOG = os.path.join(os.environ.get("STATE", "/tmp"), "calls.log")
API = "/v1"
CFG = API + "/services/haproxy/configuration"


class DataPlane:
    def __init__(self, user, password, client="py", agent="dataplane-py/0.3 python-http.client", keepalive=True):
        self.auth = None
        if user is not None:
            self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.client, self.agent, self.keepalive = client, agent, keepalive
        self.conn = None

    def _conn(self):
        if self.conn is None or not self.keepalive:
            if self.conn is not None:
                self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        return self.conn

    def call(self, method, path, body=None, query=None, raw=None, ctype=None, accept="application/json"):
        if query:
            q = {k: v for k, v in query.items() if v is not None}
            if q:
                path = path + ("&" if "?" in path else "?") + urllib.parse.urlencode(q)
        headers = {"User-Agent": self.agent, "Accept": accept}
        if self.auth:
            headers["Authorization"] = self.auth
        data = None
        if raw is not None:
            data = raw.encode() if isinstance(raw, str) else raw
            headers["Content-Type"] = ctype or "application/json"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            c = self._conn()
            try:
                c.request(method, path, body=data, headers=headers)
                r = c.getresponse()
                payload = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close(); self.conn = None
                if attempt:
                    raise
        if not self.keepalive or r.getheader("Connection", "").lower() == "close":
            c.close(); self.conn = None
        with open(LOG, "a") as f:
            f.write(f"{self.client} {r.status} {method} {path}\n")
        self.status, self.headers = r.status, r
        try:
            return json.loads(payload) if payload else None
        except ValueError:
            return payload.decode(errors="replace")

    # helpers
    def version(self):
        return self.call("GET", CFG + "/backends").get("_version")

    def start_tx(self):
        v = self.version()
        t = self.call("POST", API + "/services/haproxy/transactions", query={"version": v})
        return t["id"]

    def commit(self, tid, force=False):
        return self.call("PUT", API + "/services/haproxy/transactions/" + tid,
                         query={"force_reload": "true" if force else None})

    def abort(self, tid):
        return self.call("DELETE", API + "/services/haproxy/transactions/" + tid)

    def wait_reload(self, rid, tries=20):
        for _ in range(tries):
            r = self.call("GET", API + "/services/haproxy/reloads/" + rid)
            if isinstance(r, dict) and r.get("status") in ("succeeded", "failed"):
                return r
            time.sleep(0.6)
        return None
