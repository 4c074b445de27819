#!/usr/bin/env python3
"""Writes routes.txt from the route dump (routes.sh): raw.tsv of drive/_k8s/routedump, the running server's
/openapi/v2 (for the CRD's routes) and its `GET /` listing (checked against the dump). See routes.sh for the rules."""
import json, re, sys

raw, oapi, root = sys.argv[1:4]
lines = [l.rstrip("\n").split("\t") for l in open(raw) if l.count("\t") == 3]
listed = set(json.load(open(root))["paths"])
out, seen = [], set()


def add(method, tmpl, note):
    key = (method, tmpl.rstrip("/") or "/")
    if key in seen:
        return
    seen.add(key)
    out.append((note, "%s %s" % (method, tmpl)))


delegation = []
for server, kind, method, path in lines:
    if kind == "listed":
        continue
    if kind == "restful":
        add(method, re.sub(r"\{(\w+):\*\}", r"{\1*}", path), server + ": go-restful")
        continue
    # NonGoRestfulMux entries
    if server == "aggregator" and (path in ("/api", "/api/") or re.fullmatch(r"/apis/[^/]+/[^/]+/?", path)):
        delegation.append("%s %s %s" % (server, kind, path))   # per-APIService proxy to the local delegate
        continue
    if server == "apiextensions-apiserver" and kind == "prefix" and path == "/apis/":
        delegation.append("%s %s %s" % (server, kind, path))   # crdHandler: CRD resources, else not found
        continue
    if kind == "path":
        add("*", path, server + ": NonGoRestfulMux path")
    else:
        base = path.rstrip("/")
        add("*", base, server + ": NonGoRestfulMux prefix")
        add("*", base + "/{path*}", server + ": NonGoRestfulMux prefix")

# the CRD's routes, as the running server publishes them at /openapi/v2 (served by apiextensions' crdHandler)
crd = []
doc = json.load(open(oapi))
gvs = set()
for p, item in sorted(doc["paths"].items()):
    if not p.startswith("/apis/platform.example.com/"):
        continue
    gvs.add("/".join(p.split("/")[:4]))
    for m in ("get", "put", "post", "delete", "patch"):
        if m in item:
            crd.append((m.upper(), p, "crdHandler: from /openapi/v2"))
for gv in sorted(gvs):
    crd.append(("GET", gv, "crdHandler: version discovery"))
    # the deprecated watch paths, which the RequestInfo rules the crdHandler routes by accept for every resource
    for p, item in sorted(doc["paths"].items()):
        if p.startswith(gv + "/") and "/watch/" not in p and not p.endswith("/status"):
            crd.append(("GET", gv + "/watch" + p[len(gv):], "crdHandler: watch path (RequestInfo)"))

print("# kube-apiserver v1.37.2 route table, read at run time by routes.sh (drive/_k8s/routedump: the go-restful")
print("# containers and NonGoRestfulMux path/prefix maps of the aggregator, kube-apiserver and apiextensions-apiserver")
print("# in delegation order; the server started with record.sh's flags, the platform team's CRD installed).")
print("# Served to the lab's clients through `kubectl proxy` (no --www: it adds no routes; it refuses /api/.*/pods/.*/exec")
print("# and /attach and foreign Host headers with its own 403 before the API server sees them).")
print("# `*` = any method: a NonGoRestfulMux handler is chosen by path alone. {path*} = go-restful's {path:*}, or below")
print("# a mux prefix. Trailing slashes as registered (the labeller ignores them).")
print("# Left out as delegation (each passes every request on to the next server in the chain):")
for d in delegation:
    print("#   " + d)
last = None
for note, l in out:   # grouped as read: a comment line names the server and kind of the routes below it
    if note != last:
        print("# -- " + note)
        last = note
    print(l)
print("# the CRD backupschedules.platform.example.com (drive/manifests/crd-backup.yaml), served by the crdHandler")
last = None
for m, p, note in crd:
    if (m, p.rstrip("/")) not in seen:
        seen.add((m, p.rstrip("/")))
        if note != last:
            print("# -- " + note)
            last = note
        print("%s %s" % (m, p))
missing = [p for p in sorted(listed) if not any(t.rstrip("/") == p.rstrip("/") for _, t in seen)]
if missing:
    print("# listed at GET / but matched by no exact entry above: " + " ".join(missing))
