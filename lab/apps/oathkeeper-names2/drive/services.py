#!/usr/bin/env python3
"""The four Northwind services behind the gateway, one process on 127.0.0.1:14482 (not recorded): the helpdesk
(desk.northwind.test), the media library (media.northwind.test), the project tracker (track.northwind.test) and the
reports service (reports.northwind.test). They answer plausible JSON, files, images, CSV and PDF.
Requests that carry Oathkeeper's id_token (Authorization: Bearer <JWT>) are verified against the gateway's JWKS, which
the services' JWT library fetches from Oathkeeper's API (GET http://127.0.0.1:14456/.well-known/jwks.json) when a
token names an unknown key id, and again after every 25 tokens (its cache lifetime).
"""
import base64, json, sys, threading, urllib.request, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

JWKS_URL = "http://127.0.0.1:14456/.well-known/jwks.json"
lock = threading.Lock()
cache = {"kids": set(), "uses": 0}


def kid_of(jwt):
    try:
        h = jwt.split(".")[0]
        return json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4))).get("kid")
    except Exception:
        return None


def verify(jwt):
    kid = kid_of(jwt)
    with lock:
        cache["uses"] += 1
        if kid not in cache["kids"] or cache["uses"] % 25 == 0:
            req = urllib.request.Request(JWKS_URL, headers={"User-Agent": "northwind-jwt/0.9 (PyJWT-style; python-urllib)",
                                                            "Accept": "application/json, application/jwk-set+json"})
            with urllib.request.urlopen(req, timeout=5) as r:
                cache["kids"] = {k.get("kid") for k in json.load(r).get("keys", [])}
        return kid in cache["kids"]


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
        if auth.startswith("Bearer ey") and not verify(auth[7:]):
            return self.reply(401, {"error": "token signed by an unknown key"})
        path = self.path.split("?")[0]
        who = self.headers.get("X-Northwind-Subject") or None
        host = (self.headers.get("Host") or "").split(":")[0].split(".")[0]
        if self.command == "OPTIONS":
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
            self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Trk-Client")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.endswith((".pdf",)):
            return self.reply(200, b"%PDF-1.7\n% northwind " + path.encode() + b"\n%%EOF\n", "application/pdf")
        if path.endswith(".csv"):
            return self.reply(200, b"date,region,orders,revenue\n2026-11-01,north,412,18220.50\n2026-11-01,south,388,17004.10\n", "text/csv")
        if path.endswith((".webp", ".png", ".jpg")) or path.endswith("/download"):
            return self.reply(200, b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(48), "image/webp")
        if path.endswith((".js", ".css", ".woff2", ".svg")):
            return self.reply(200, ("/* " + path + " */\n").encode(), "text/css" if path.endswith(".css") else "application/javascript")
        if "/attachments/" in path or path.endswith(".xlsx"):
            return self.reply(200, b"PK\x03\x04" + bytes(60), "application/octet-stream")
        if self.command == "POST":
            obj = {}
            try:
                obj = json.loads(data or b"{}")
            except Exception:
                pass
            if not isinstance(obj, dict):
                obj = {"items": obj}
            obj.update({"id": zlib.crc32((path + str(len(data))).encode()) % 900000 + 100000, "created_by": who, "service": host})
            return self.reply(201, obj)
        if self.command == "DELETE":
            return self.reply(204, b"")
        return self.reply(200, {"service": host, "path": path, "method": self.command, "subject": who})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any

    def log_message(self, fmt, *a):
        sys.stderr.write("services " + (fmt % a) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 14482), H).serve_forever()
