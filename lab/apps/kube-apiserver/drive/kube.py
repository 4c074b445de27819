"""A small Kubernetes REST client (python http.client, as the API docs' "without a client library" examples call it)
for the lab's scripts. It talks plain HTTP/1.1 to the recorded `kubectl proxy` ports: the admin proxy adds the
platform admin's token; through the credential-less proxy a client sends its own `Authorization: Bearer` header,
which the proxy forwards unchanged (client-go's bearer round tripper keeps a header already set), or none."""
import http.client, json, os, sys, time, urllib.parse

PORT = int(os.environ["PORT"]); ANON_PORT = int(os.environ["ANON_PORT"])
STATE = os.environ["STATE"]


class Kube:
    def __init__(self, who, port, token=None, ua=None):
        self.who, self.port, self.token = who, port, token
        self.ua = ua or "python-requests/2.32.3"
        self.conn = None

    def _c(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self.conn

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def call(self, method, path, body=None, query=None, ctype=None, accept="application/json", headers=None, stream=False):
        if query:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode(query)
        h = {"User-Agent": self.ua, "Accept": accept}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            h["Content-Type"] = ctype or "application/json"
        if headers:
            h.update(headers)
        for attempt in (0, 1):
            try:
                c = self._c()
                c.request(method, path, body=data, headers=h)
                r = c.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    raise
        if r.getheader("Connection", "").lower() == "close":
            self.close()
        with open(os.path.join(STATE, "calls.log"), "a") as f:
            f.write("%s %d %s %s\n" % (self.who, r.status, method, path))
        doc = None
        if raw[:1] in (b"{", b"["):
            try:
                doc = json.loads(raw)
            except ValueError:
                doc = None
        return r.status, doc, raw

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.call("POST", path, body=body, **kw)

    def put(self, path, body, **kw):
        return self.call("PUT", path, body=body, **kw)

    def merge(self, path, body, **kw):
        return self.call("PATCH", path, body=body, ctype="application/merge-patch+json", **kw)

    def smp(self, path, body, **kw):
        return self.call("PATCH", path, body=body, ctype="application/strategic-merge-patch+json", **kw)

    def jsonpatch(self, path, body, **kw):
        return self.call("PATCH", path, body=body, ctype="application/json-patch+json", **kw)

    def apply(self, path, body, manager, force=False, **kw):
        q = {"fieldManager": manager}
        if force:
            q["force"] = "true"
        return self.call("PATCH", path, body=body, ctype="application/apply-patch+yaml", query=q, **kw)

    def delete(self, path, body=None, **kw):
        return self.call("DELETE", path, body=body, **kw)

    def watch(self, path, query, seconds=3):
        """A short watch (timeoutSeconds): the server ends the stream; returns the events."""
        q = dict(query)
        q["watch"] = "true"
        q["timeoutSeconds"] = str(seconds)
        st, _, raw = self.call("GET", path, query=q)
        evs = []
        for line in raw.splitlines():
            try:
                evs.append(json.loads(line))
            except ValueError:
                pass
        return st, evs


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def micro():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%06dZ" % int((t % 1) * 1e6)


def log(*a):
    print(*a, file=sys.stderr, flush=True)
