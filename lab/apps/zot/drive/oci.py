"""A small OCI distribution client on http.client, as the distribution spec describes the calls; every call is
written to $STATE/calls.log as `WHO STATUS METHOD PATH`."""
import base64, hashlib, http.client, json, os

REG = os.environ["REG"]
STATE = os.environ["STATE"]


class Client:
    def __init__(self, who, user=None, password=None, ua="lab-oci-client/1.0 python-http.client"):
        self.who, self.ua = who, ua
        self.auth = None
        if user is not None:
            self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.conn = None

    def req(self, method, path, body=None, headers=None, keep=True):
        h = {"User-Agent": self.ua}
        if self.auth:
            h["Authorization"] = self.auth
        h.update(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(REG, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close(); self.conn = None
                if attempt == 2:
                    raise
        with open(f"{STATE}/calls.log", "a") as f:
            f.write(f"{self.who} {r.status} {method} {path}\n")
        if not keep or r.getheader("Connection", "").lower() == "close":
            self.conn.close(); self.conn = None
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def json(self, method, path, body=None, headers=None):
        s, h, d = self.req(method, path, body, headers)
        try:
            return s, h, json.loads(d or b"null")
        except ValueError:
            return s, h, None


def digest(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()
