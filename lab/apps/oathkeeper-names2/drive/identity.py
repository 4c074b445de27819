#!/usr/bin/env python3
"""Northwind's identity service, which Oathkeeper's authenticators ask (127.0.0.1:14481, not recorded).

GET /v1/sessions/current   cookie_session: Cookie nw_sid=... -> {"identity": {"handle": ..., "traits": {...}}}
GET /v1/tokens/self        bearer_token: Authorization: Bearer ... -> {"subject": ..., "extra": {...}}
Unknown credentials get 401, which Oathkeeper turns into its own 401.
"""
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from http.cookies import SimpleCookie

ACC = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "accounts.json")))


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
        if path == "/v1/sessions/current":
            c = SimpleCookie()
            try:
                c.load(self.headers.get("Cookie", ""))
            except Exception:
                pass
            sid = c["nw_sid"].value if "nw_sid" in c else ""
            who = ACC["sessions"].get(sid)
            if not who:
                return self.send_json(401, {"error": "session_inactive"})
            return self.send_json(200, {"session_id": sid[:6] + "...", "identity": {"handle": who["handle"],
                                        "traits": {"email": who["email"], "name": who["name"]}}})
        if path == "/v1/tokens/self":
            auth = self.headers.get("Authorization", "")
            tok = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
            t = ACC["tokens"].get(tok)
            if not t:
                return self.send_json(401, {"error": "invalid_token"})
            return self.send_json(200, {"subject": t["subject"], "extra": {"name": t["name"], "client": t["client"], "scopes": t["scopes"]}})
        self.send_json(404, {"error": "not_found"})

    def log_message(self, fmt, *a):
        sys.stderr.write("identity " + (fmt % a) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 14481), H).serve_forever()
