#!/usr/bin/env python3
"""PowerDNS Authoritative HTTP API client, as the API docs (doc.powerdns.com/authoritative/http-api) show it:
JSON over HTTP with the X-API-Key header, python3 standard library only (urllib).

An operator's day: zones in several naming styles (forward, IDN, internal, reverse, a secondary), record changes
with PATCH rrsets (many, as a provisioning script or external-dns would), zone settings, metadata kinds,
DNSSEC keys, export / rectify / notify / axfr-retrieve, TSIG keys, autoprimaries, statistics, search, config,
cache flushes, and the usual mistakes (missing zones, wrong names). Prints one line per call to stdout."""
import json, os, sys, time, urllib.request, urllib.error, urllib.parse

BASE = os.environ.get("PDNS_URL", "http://127.0.0.1:18081")
KEY = os.environ["PDNS_API_KEY"]
SRV = BASE + "/api/v1/servers/localhost"
count = 0

def call(method, url, body=None, key=KEY, expect=None):
    global count
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if key is not None:
        req.add_header("X-API-Key", key)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    count += 1
    print(f"{status} {method} {url[len(BASE):]}")
    if expect is not None and status not in (expect if isinstance(expect, tuple) else (expect,)):
        print(f"   unexpected: {raw[:200]!r}", file=sys.stderr)
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")

def zid(name):
    # zone ids are the canonical names (4.7 escapes only '/' as =2F)
    return urllib.parse.quote(name.replace("/", "=2F"), safe=".=")

def z(name, sub=""):
    return f"{SRV}/zones/{zid(name)}{sub}"

def rr(name, typ, ttl, contents, changetype="REPLACE", comments=None):
    r = {"name": name, "type": typ, "ttl": ttl, "changetype": changetype,
         "records": [{"content": c, "disabled": False} for c in contents]}
    if changetype == "DELETE":
        r.pop("records"); r.pop("ttl")
    if comments:
        r["comments"] = [{"content": c, "account": a, "modified_at": int(time.time())} for a, c in comments]
    return r

def patch(zone, *rrsets, expect=204):
    return call("PATCH", z(zone), {"rrsets": list(rrsets)}, expect=expect)

# --- discovery, as a client library does on start
call("GET", BASE + "/api", expect=200)
call("GET", BASE + "/api/v1", expect=200)
call("GET", BASE + "/api/v1/servers", expect=200)
call("GET", SRV, expect=200)
call("GET", SRV + "/zones", expect=200)

# --- zones
ZONES = [
    ("example.org.", "Master", ["ns1.example.org.", "ns2.example.net."], "ops"),
    ("shop.example.net.", "Master", ["ns1.example.org.", "ns2.example.net."], "webshop"),
    ("k8s-internal.corp.", "Native", ["ns-int1.corp.", "ns-int2.corp."], "platform-team"),
    ("xn--bcher-kva.example.", "Master", ["ns1.example.org."], "buecher-gmbh"),
    ("10.in-addr.arpa.", "Native", ["ns-int1.corp."], "netops"),
    ("2.0.192.in-addr.arpa.", "Master", ["ns1.example.org.", "ns2.example.net."], "netops"),
    ("acme-staging.example.com.", "Native", ["ns1.example.org."], "acme-dns01"),
]
for name, kind, ns, acct in ZONES:
    body = {"name": name, "kind": kind, "nameservers": ns, "account": acct, "soa_edit_api": "DEFAULT"}
    if name == "example.org.":
        body["rrsets"] = [rr("example.org.", "A", 3600, ["192.0.2.10"]),
                          rr("www.example.org.", "CNAME", 3600, ["example.org."]),
                          rr("example.org.", "MX", 3600, ["10 mx1.example.org.", "20 mx2.example.org."]),
                          rr("mx1.example.org.", "A", 3600, ["192.0.2.25"]),
                          rr("mx2.example.org.", "A", 3600, ["192.0.2.26"])]
    call("POST", SRV + "/zones", body, expect=201)
# a secondary zone for a partner's domain, transferred from the local primary (loopback)
call("POST", SRV + "/zones", {"name": "partner-dns.example.com.", "kind": "Slave", "masters": ["127.0.0.1:15353"],
                              "nameservers": []}, expect=201)
# the same zone twice: conflict
call("POST", SRV + "/zones", {"name": "example.org.", "kind": "Native", "nameservers": ["ns1.example.org."]}, expect=409)
# a zone name without the trailing dot: rejected
call("POST", SRV + "/zones", {"name": "intranet.example.org", "kind": "Native", "nameservers": []}, expect=422)
# listing and reading
call("GET", SRV + "/zones", expect=200)
call("GET", SRV + "/zones?zone=shop.example.net.", expect=200)
call("GET", SRV + "/zones?dnssec=false", expect=200)
for name, *_ in ZONES:
    call("GET", z(name), expect=200)
call("GET", z("example.org.") + "?rrsets=false", expect=200)

# --- record changes
patch("example.org.",
      rr("example.org.", "TXT", 3600, ['"v=spf1 mx -all"', '"google-site-verification=1k9Qx3vZr0dWbQ"']),
      rr("_dmarc.example.org.", "TXT", 3600, ['"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org"']),
      rr("example.org.", "AAAA", 3600, ["2001:db8::10"]),
      rr("example.org.", "CAA", 86400, ['0 issue "letsencrypt.org"']))
patch("example.org.", rr("_sip._tcp.example.org.", "SRV", 3600, ["10 60 5060 sip1.example.org.", "20 40 5060 sip2.example.org."]))
patch("example.org.", rr("sip1.example.org.", "A", 3600, ["192.0.2.41"]), rr("sip2.example.org.", "A", 3600, ["192.0.2.42"]))
patch("example.org.", rr("www.example.org.", "CNAME", 300, ["example.org."], comments=[("ops", "lower TTL before the CDN move")]))
patch("example.org.", rr("www.example.org.", "CNAME", 300, ["example-org.cdn.example.net."]))
patch("example.org.", rr("mx2.example.org.", "A", 0, [], "DELETE"))
patch("example.org.", rr("example.org.", "MX", 3600, ["10 mx1.example.org."]))
# a bad record: CNAME beside other data, rejected
patch("example.org.", rr("example.org.", "CNAME", 3600, ["other.example.net."]), expect=422)
# an out-of-zone name: rejected
patch("example.org.", rr("www.example.com.", "A", 3600, ["192.0.2.99"]), expect=422)
call("GET", z("example.org."), expect=200)

# webshop: store front, api, assets, per-region
for host, ip in [("www", "198.51.100.20"), ("api", "198.51.100.21"), ("checkout", "198.51.100.22"),
                 ("assets", "198.51.100.23"), ("eu", "198.51.100.30"), ("us", "198.51.100.40")]:
    patch("shop.example.net.", rr(f"{host}.shop.example.net.", "A", 600, [ip]))
patch("shop.example.net.", rr("shop.example.net.", "A", 600, ["198.51.100.20"]),
      rr("shop.example.net.", "TXT", 3600, ['"stripe-verification=8f3a1c"']))
patch("shop.example.net.", rr("_acme-challenge.shop.example.net.", "TXT", 60, ['"Zq3h1cW0-7b2sJkYc0r8n6mUVq3G3l8m1s9aE5tFjDk"']))
patch("shop.example.net.", rr("_acme-challenge.shop.example.net.", "TXT", 60, [], "DELETE"))
call("GET", z("shop.example.net."), expect=200)

# k8s-internal.corp.: an external-dns style controller adding services one by one, with ownership TXT records
services = ["grafana", "prometheus", "alertmanager", "loki", "argocd", "vault", "keycloak", "harbor",
            "gitea", "minio", "rabbitmq", "postgres-primary", "postgres-replica", "redis-cache", "kafka-0",
            "kafka-1", "kafka-2", "jaeger", "kibana", "elasticsearch"]
for i, svc in enumerate(services):
    ip = f"10.42.{i // 10}.{10 + i}"
    patch("k8s-internal.corp.",
          rr(f"{svc}.k8s-internal.corp.", "A", 300, [ip]),
          rr(f"externaldns-{svc}.k8s-internal.corp.", "TXT", 300,
             [f'"heritage=external-dns,external-dns/owner=prod-cluster,external-dns/resource=service/monitoring/{svc}"']))
    # the matching PTR in the reverse zone
    a, b, c = ip.split(".")[1:]
    patch("10.in-addr.arpa.", rr(f"{c}.{b}.{a}.10.in-addr.arpa.", "PTR", 300, [f"{svc}.k8s-internal.corp."]))
    if i % 5 == 4:
        call("GET", z("k8s-internal.corp."), expect=200)
# the controller's sync loop: reads then a few removals
for svc in ["kibana", "elasticsearch", "jaeger"]:
    patch("k8s-internal.corp.", rr(f"{svc}.k8s-internal.corp.", "A", 0, [], "DELETE"),
          rr(f"externaldns-{svc}.k8s-internal.corp.", "TXT", 0, [], "DELETE"))
call("GET", z("10.in-addr.arpa."), expect=200)
patch("10.in-addr.arpa.", rr("1.0.0.10.in-addr.arpa.", "PTR", 3600, ["gw.k8s-internal.corp."]))

# IDN zone (bücher.example)
patch("xn--bcher-kva.example.", rr("xn--bcher-kva.example.", "A", 3600, ["203.0.113.7"]),
      rr("www.xn--bcher-kva.example.", "CNAME", 3600, ["xn--bcher-kva.example."]),
      rr("xn--bcher-kva.example.", "MX", 3600, ["10 mail.xn--bcher-kva.example."]),
      rr("mail.xn--bcher-kva.example.", "A", 3600, ["203.0.113.8"]))
patch("2.0.192.in-addr.arpa.", *[rr(f"{n}.2.0.192.in-addr.arpa.", "PTR", 3600, [h]) for n, h in
                                 [(10, "example.org."), (25, "mx1.example.org."), (41, "sip1.example.org."), (42, "sip2.example.org.")]])
# dns-01 challenges for a staging ACME client: add, poll, remove
for d in ["app", "api", "auth", "status"]:
    patch("acme-staging.example.com.", rr(f"_acme-challenge.{d}.acme-staging.example.com.", "TXT", 60, [f'"tok-{d}-Xy2P9w0qLmN4"']))
    call("GET", z("acme-staging.example.com."), expect=200)
    patch("acme-staging.example.com.", rr(f"_acme-challenge.{d}.acme-staging.example.com.", "TXT", 0, [], "DELETE"))

# --- zone settings (PUT zone)
call("PUT", z("shop.example.net."), {"kind": "Master", "soa_edit_api": "INCEPTION-INCREMENT", "account": "webshop"}, expect=204)
call("PUT", z("k8s-internal.corp."), {"account": "platform-team", "api_rectify": True}, expect=204)
call("PUT", z("10.in-addr.arpa."), {"kind": "Master"}, expect=204)
call("PUT", z("partner-dns.example.com."), {"masters": ["127.0.0.1:15353", "127.0.0.2:15353"]}, expect=204)

# --- metadata
for name in ["example.org.", "shop.example.net.", "partner-dns.example.com."]:
    call("GET", z(name, "/metadata"), expect=200)
call("PUT", z("example.org.", "/metadata/ALLOW-AXFR-FROM"), {"metadata": ["127.0.0.1", "AUTO-NS"]}, expect=200)
call("PUT", z("example.org.", "/metadata/ALSO-NOTIFY"), {"metadata": ["127.0.0.1:15353"]}, expect=200)
call("PUT", z("example.org.", "/metadata/ALLOW-DNSUPDATE-FROM"), {"metadata": ["127.0.0.0/8"]}, expect=200)
call("PUT", z("example.org.", "/metadata/PUBLISH-CDS"), {"metadata": ["2", "4"]}, expect=200)
call("POST", z("shop.example.net.", "/metadata"), {"kind": "X-Webshop-Owner", "metadata": ["team-checkout"]}, expect=201)
call("POST", z("shop.example.net.", "/metadata"), {"kind": "X-Webshop-Owner", "metadata": ["oncall@shop.example.net"]}, expect=201)
call("PUT", z("shop.example.net.", "/metadata/ALLOW-AXFR-FROM"), {"metadata": ["127.0.0.0/8"]}, expect=200)
call("PUT", z("partner-dns.example.com.", "/metadata/X-Partner-Contract"), {"metadata": ["PX-2026-0117"]}, expect=200)
call("PUT", z("k8s-internal.corp.", "/metadata/X-Cluster"), {"metadata": ["prod-cluster"]}, expect=200)
for name, kind in [("example.org.", "ALLOW-AXFR-FROM"), ("example.org.", "ALSO-NOTIFY"), ("example.org.", "ALLOW-DNSUPDATE-FROM"), ("example.org.", "PUBLISH-CDS"),
                   ("shop.example.net.", "X-Webshop-Owner"), ("k8s-internal.corp.", "X-Cluster"),
                   ("partner-dns.example.com.", "X-Partner-Contract")]:
    call("GET", z(name, "/metadata/" + kind), expect=200)
# SOA-EDIT-API is managed through the zone, not as metadata: refused
call("PUT", z("example.org.", "/metadata/SOA-EDIT-API"), {"metadata": ["EPOCH"]}, expect=422)
call("DELETE", z("example.org.", "/metadata/ALSO-NOTIFY"), expect=204)
call("DELETE", z("shop.example.net.", "/metadata/X-Webshop-Owner"), expect=204)
call("GET", z("example.org.", "/metadata"), expect=200)
call("GET", z("shop.example.net.", "/metadata/X-Webshop-Owner"), expect=200)

# --- DNSSEC
keys = {}
for name, body in [("example.org.", {"keytype": "csk", "active": True, "algorithm": "ECDSAP256SHA256"}),
                   ("shop.example.net.", {"keytype": "ksk", "active": True, "algorithm": "ECDSAP256SHA256"}),
                   ("shop.example.net.", {"keytype": "zsk", "active": True, "algorithm": "ECDSAP256SHA256"}),
                   ("xn--bcher-kva.example.", {"keytype": "csk", "active": True, "algorithm": "ED25519"}),
                   ("example.org.", {"keytype": "zsk", "active": False, "algorithm": "ECDSAP256SHA256"})]:
    st, k = call("POST", z(name, "/cryptokeys"), body, expect=201)
    if isinstance(k, dict) and "id" in k:
        keys.setdefault(name, []).append(k["id"])
for name in ["example.org.", "shop.example.net.", "xn--bcher-kva.example.", "k8s-internal.corp."]:
    call("GET", z(name, "/cryptokeys"), expect=200)
for name, ids in keys.items():
    for i in ids:
        call("GET", z(name, f"/cryptokeys/{i}"), expect=200)
# key rollover on example.org.: activate the standby ZSK, then retire it again and remove it
if len(keys.get("example.org.", [])) == 2:
    csk, zsk = keys["example.org."]
    call("PUT", z("example.org.", f"/cryptokeys/{zsk}"), {"active": True}, expect=204)
    call("PUT", z("example.org.", f"/cryptokeys/{zsk}"), {"active": False}, expect=204)
    call("PUT", z("example.org.", f"/cryptokeys/{zsk}"), {"published": False}, expect=(204, 422))
    call("DELETE", z("example.org.", f"/cryptokeys/{zsk}"), expect=204)
    call("GET", z("example.org.", f"/cryptokeys/{zsk}"), expect=(404, 422))
call("GET", z("example.org.", "/cryptokeys/999"), expect=(404, 422))
# NSEC3 for the webshop zone, then rectify
call("PUT", z("shop.example.net."), {"nsec3param": "1 0 0 -", "nsec3narrow": False}, expect=204)
for name in ["example.org.", "shop.example.net.", "xn--bcher-kva.example."]:
    call("PUT", z(name, "/rectify"), expect=200)
call("PUT", z("k8s-internal.corp.", "/rectify"), expect=(200, 422))   # not DNSSEC-signed
call("GET", z("example.org."), expect=200)

# --- export, notify, transfers
for name in ["example.org.", "shop.example.net.", "k8s-internal.corp.", "10.in-addr.arpa.", "xn--bcher-kva.example."]:
    call("GET", z(name, "/export"), expect=200)
for name in ["example.org.", "shop.example.net.", "2.0.192.in-addr.arpa."]:
    call("PUT", z(name, "/notify"), expect=(200, 422))
call("PUT", z("k8s-internal.corp.", "/notify"), expect=(200, 422))   # Native zone: no notifies
call("PUT", z("partner-dns.example.com.", "/axfr-retrieve"), expect=(200, 422))
call("PUT", z("example.org.", "/axfr-retrieve"), expect=(200, 422))  # not a secondary
call("GET", z("partner-dns.example.com."), expect=200)

# --- TSIG keys
tsig = {}
for name, alg in [("transfer-key", "hmac-sha256"), ("ddns-updater.example.org", "hmac-sha512"),
                  ("partner-axfr", "hmac-sha256"), ("certbot-dns01", "hmac-sha256")]:
    st, k = call("POST", SRV + "/tsigkeys", {"name": name, "algorithm": alg}, expect=201)
    if isinstance(k, dict):
        tsig[name] = k["id"]
call("POST", SRV + "/tsigkeys", {"name": "transfer-key", "algorithm": "hmac-sha256"}, expect=409)
call("POST", SRV + "/tsigkeys", {"name": "bad-alg", "algorithm": "hmac-md4"}, expect=(400, 422))
call("GET", SRV + "/tsigkeys", expect=200)
for name, i in tsig.items():
    call("GET", f"{SRV}/tsigkeys/{urllib.parse.quote(i, safe='.=')}", expect=200)
if "certbot-dns01" in tsig:
    i = tsig["certbot-dns01"]
    call("PUT", f"{SRV}/tsigkeys/{i}", {"algorithm": "hmac-sha512"}, expect=200)
    call("PUT", f"{SRV}/tsigkeys/{i}", {"key": "Q2VydGJvdEtleVJvdGF0ZWQyMDI2MTIwN1pYWVoxMjM0NTY3ODkwYWJj"}, expect=200)
    call("DELETE", f"{SRV}/tsigkeys/{i}", expect=204)
    call("GET", f"{SRV}/tsigkeys/{i}", expect=404)
call("GET", f"{SRV}/tsigkeys/no-such-key.", expect=404)
call("GET", SRV + "/tsigkeys", expect=200)
# zone transfers signed with the transfer key
call("PUT", z("partner-dns.example.com."), {"master_tsig_key_ids": [tsig.get("transfer-key", "transfer-key.")]}, expect=204)
call("PUT", z("example.org."), {"slave_tsig_key_ids": [tsig.get("transfer-key", "transfer-key.")]}, expect=204)

# --- autoprimaries (4.7)
call("GET", SRV + "/autoprimaries", expect=200)
for ip, ns, acct in [("127.0.0.2", "ns1.partner-dns.example.com.", "partner"),
                     ("127.0.0.3", "ns2.partner-dns.example.com.", "partner"),
                     ("127.0.0.4", "ns.hoster.example.", "hoster")]:
    call("POST", SRV + "/autoprimaries", {"ip": ip, "nameserver": ns, "account": acct}, expect=201)
call("GET", SRV + "/autoprimaries", expect=200)
call("DELETE", SRV + "/autoprimaries/127.0.0.4/ns.hoster.example.", expect=204)
call("DELETE", SRV + "/autoprimaries/127.0.0.9/ns.unknown.example.", expect=(404, 422, 500))
call("GET", SRV + "/autoprimaries", expect=200)

# --- server information, statistics, search, config, cache
call("GET", SRV + "/config", expect=200)
for q in ["uptime", "udp-queries", "corrupt-packets", "latency", "query-cache-hit", "no-such-statistic"]:
    call("GET", SRV + "/statistics?statistic=" + q, expect=(200, 422))
call("GET", SRV + "/statistics", expect=200)
call("GET", SRV + "/statistics?includerings=false", expect=200)
for q, extra in [("*.k8s-internal.corp", "&max=50"), ("grafana*", ""), ("example.org", "&object_type=zone"),
                 ("192.0.2.*", "&object_type=record&max=20"), ("lower TTL*", "&object_type=comment"),
                 ("postgres-*", "&max=5"), ("xn--bcher-kva.example", "")]:
    call("GET", SRV + "/search-data?q=" + urllib.parse.quote(q) + extra, expect=200)
for d in ["example.org.", "www.example.org.", "shop.example.net.", "grafana.k8s-internal.corp."]:
    call("PUT", SRV + "/cache/flush?domain=" + d, expect=200)

# --- mistakes: missing zones and objects
call("GET", z("exmaple.org."), expect=404)
call("GET", z("example.org"), expect=(404, 422))
call("PATCH", z("missing.example."), {"rrsets": [rr("www.missing.example.", "A", 300, ["192.0.2.1"])]}, expect=404)
call("GET", z("missing.example.", "/export"), expect=404)
call("GET", z("missing.example.", "/metadata"), expect=404)
call("GET", z("missing.example.", "/cryptokeys"), expect=404)
call("DELETE", z("missing.example."), expect=404)

# --- a monitoring poller (every few seconds in real life)
for i in range(25):
    call("GET", SRV + "/statistics", expect=200)
    if i % 5 == 0:
        call("GET", SRV + "/zones", expect=200)

# --- a second cluster namespace rolled out: more services with PTRs
for i, svc in enumerate(["checkout-api", "cart-service", "payment-gateway", "inventory", "search-indexer",
                         "recommendations", "email-worker", "image-resizer", "session-store", "feature-flags",
                         "auth-proxy", "ledger", "invoice-pdf", "webhook-relay", "audit-log"]):
    ip = f"10.43.1.{20 + i}"
    patch("k8s-internal.corp.", rr(f"{svc}.shop.k8s-internal.corp.", "A", 300, [ip]),
          rr(f"externaldns-{svc}.shop.k8s-internal.corp.", "TXT", 300,
             [f'"heritage=external-dns,external-dns/owner=prod-cluster,external-dns/resource=service/shop/{svc}"']))
    patch("10.in-addr.arpa.", rr(f"{20 + i}.1.43.10.in-addr.arpa.", "PTR", 300, [f"{svc}.shop.k8s-internal.corp."]))
call("GET", z("k8s-internal.corp."), expect=200)
call("GET", z("k8s-internal.corp.", "/export"), expect=200)

# --- a home router's dynamic DNS updates through the API (new address every reconnect)
for i in range(12):
    patch("example.org.", rr("home.example.org.", "A", 60, [f"203.0.113.{100 + i}"]),
          rr("home.example.org.", "AAAA", 60, [f"2001:db8:4006:81{i:02x}::1"]))
    if i % 4 == 3:
        call("GET", SRV + "/search-data?q=home.example.org&object_type=record", expect=200)

# --- an admin UI's dashboard (PowerDNS-Admin style): zone list, each zone, statistics, several refreshes
for r in range(3):
    st, zl = call("GET", SRV + "/zones", expect=200)
    for zz in (zl if isinstance(zl, list) else []):
        call("GET", z(zz["name"]), expect=200)
    call("GET", SRV + "/statistics", expect=200)
    call("GET", SRV, expect=200)

# --- short-lived developer sandbox zones: created, filled, read, exported, removed
for dev in ["ana-silva", "marco", "li.wei", "okoro42"]:
    zn = f"{dev.replace('.', '-')}.sandbox.example.net."
    call("POST", SRV + "/zones", {"name": zn, "kind": "Native", "nameservers": ["ns1.example.org."], "account": dev}, expect=201)
    patch(zn, rr(f"app.{zn}", "A", 60, ["10.99.0.10"]), rr(f"db.{zn}", "A", 60, ["10.99.0.11"]))
    patch(zn, rr(f"api.{zn}", "CNAME", 60, [f"app.{zn}"]))
    call("GET", z(zn), expect=200)
    call("GET", z(zn, "/export"), expect=200)
    if dev != "okoro42":
        call("DELETE", z(zn), expect=204)

# --- the nightly backup job: every zone's export, metadata and DNSSEC keys, and the TSIG keys
st, zl = call("GET", SRV + "/zones", expect=200)
for zz in (zl if isinstance(zl, list) else []):
    call("GET", z(zz["name"], "/export"), expect=200)
    call("GET", z(zz["name"], "/metadata"), expect=200)
    if zz.get("dnssec"):
        call("GET", z(zz["name"], "/cryptokeys"), expect=200)
call("GET", SRV + "/tsigkeys", expect=200)
for i in tsig.values():
    call("GET", f"{SRV}/tsigkeys/{i}", expect=(200, 404))
call("GET", SRV + "/autoprimaries", expect=200)

# --- clean-up: the staging zone is retired, one PTR zone rebuilt
call("DELETE", z("acme-staging.example.com."), expect=204)
call("GET", z("acme-staging.example.com."), expect=404)
call("DELETE", z("2.0.192.in-addr.arpa."), expect=204)
call("POST", SRV + "/zones", {"name": "2.0.192.in-addr.arpa.", "kind": "Native", "nameservers": ["ns1.example.org."],
                              "rrsets": [rr("10.2.0.192.in-addr.arpa.", "PTR", 3600, ["example.org."])]}, expect=201)
call("GET", SRV + "/zones", expect=200)
print(f"api.py: {count} requests", file=sys.stderr)
