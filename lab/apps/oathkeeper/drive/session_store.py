#!/usr/bin/env python3
"""The identity service Oathkeeper asks about sessions and tokens (127.0.0.1:14481, not recorded).

GET /sessions/whoami      cookie_session authenticator: Cookie shop_session=... -> {"identity": {...}, "extra": {...}}
GET /tokens/introspect    bearer_token authenticator: Authorization: Bearer ... -> {"sub": ..., "ext": {...}}
Unknown or revoked credentials get 401, which Oathkeeper turns into its own 401.
"""
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from http.cookies import SimpleCookie

PEOPLE = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "people.json")))
REVOKED = {"mob_2b8e61d0c7f94a35b9e2"} if os.environ.get("REVOKE_TOMAS") else set()


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, code, obj):
        b = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/sessions/whoami":
            c = SimpleCookie(self.headers.get("Cookie", ""))
            sid = c["shop_session"].value if "shop_session" in c else ""
            ident = PEOPLE["sessions"].get(sid)
            if not ident:
                return self.send_json(401, {"error": {"code": 401, "message": "no active session"}})
            return self.send_json(200, {"id": sid, "active": True, "identity": {"id": ident["id"], "traits": {"email": ident["email"], "name": ident["name"]}},
                                        "extra": {"email": ident["email"], "aal": "aal1"}})
        if path == "/tokens/introspect":
            auth = self.headers.get("Authorization", "")
            tok = auth[7:] if auth.lower().startswith("bearer ") else ""
            t = PEOPLE["tokens"].get(tok)
            if not t or tok in REVOKED:
                return self.send_json(401, {"active": False})
            return self.send_json(200, {"active": True, "sub": t["sub"], "client_id": t["client"], "ext": {"name": t["name"], "scope": t["scope"]}})
        self.send_json(404, {"error": "not found"})

    def log_message(self, fmt, *a):
        sys.stderr.write("session-store " + (fmt % a) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 14481), H).serve_forever()
