#!/usr/bin/env python3
"""The three services behind the gateway (accounts, billing, shop, plus a file store), one process on 127.0.0.1:14482
(not recorded). They answer plausible JSON, a PDF for invoice downloads, images and files. Requests that carry
Oathkeeper's id_token (Authorization: Bearer <JWT>) make the service check the token's key id against the gateway's
JWKS, which it fetches from Oathkeeper's API (GET http://127.0.0.1:14456/.well-known/jwks.json) when it sees an unknown
kid and again after every 40 tokens (a cache refresh), as a JWT-verifying service does.
"""
import base64, json, re, sys, threading, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

JWKS_URL = "http://127.0.0.1:14456/.well-known/jwks.json"
lock = threading.Lock()
state = {"kids": set(), "seen": 0}


def kid_of(jwt):
    try:
        h = jwt.split(".")[0]
        return json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4))).get("kid")
    except Exception:
        return None


def check_jwt(jwt):
    kid = kid_of(jwt)
    with lock:
        state["seen"] += 1
        if kid not in state["kids"] or state["seen"] % 40 == 0:
            req = urllib.request.Request(JWKS_URL, headers={"User-Agent": "acme-jwt-verifier/2.3 (+python-urllib)", "Accept": "application/json"})
            with urllib.request.urlopen(req, timeout=5) as r:
                state["kids"] = {k.get("kid") for k in json.load(r).get("keys", [])}
        return kid in state["kids"]


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, code, body, ctype="application/json"):
        if not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n else b""
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer ey") and not check_jwt(auth[7:]):
            return self.reply(401, {"error": "id_token signed with an unknown key"})
        path = self.path.split("?")[0]
        user = self.headers.get("X-User", "")
        host = (self.headers.get("Host") or "").split(":")[0]
        if path.endswith("/pdf"):
            return self.reply(200, b"%PDF-1.4\n% acme invoice " + path.encode() + b"\n%%EOF\n", "application/pdf")
        if re.search(r"\.(png|jpg|webp)$", path):
            return self.reply(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        if path.startswith("/static/"):
            ctype = "text/css" if path.endswith(".css") else "application/javascript"
            return self.reply(200, ("/* " + path + " */\n").encode(), ctype)
        if path.startswith(("/downloads/", "/public/")):
            return self.reply(200, ("file " + path + "\n").encode() * 4, "application/octet-stream")
        if self.command == "POST":
            obj = {}
            try:
                obj = json.loads(data or b"{}")
            except Exception:
                pass
            obj.update({"id": abs(hash(path + str(len(data)))) % 90000 + 10000, "created_by": user or None})
            return self.reply(201, obj)
        if self.command == "DELETE":
            return self.reply(204, b"")
        return self.reply(200, {"host": host, "path": path, "method": self.command, "subject": user or None, "ok": True})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

    def log_message(self, fmt, *a):
        sys.stderr.write("upstream " + (fmt % a) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 14482), H).serve_forever()
