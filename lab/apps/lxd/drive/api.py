#!/usr/bin/env python3
"""Scripts on LXD's REST API as its docs (doc/rest-api.md, rest-api.yaml) show it: JSON over HTTP, background
operations waited for with GET /1.0/operations/{id}/wait, recursion, filters, PATCH/PUT on objects, files with the
X-LXD-* headers, and the usual mistakes (missing names: 404, bad input: 400). python3 http.client to the TCP bridge
(127.0.0.1:18443, plain HTTP/1.1), one connection per script as a small service keeps it (keep-alive).
Phase argv[1]: inventory (a CMDB sync), provision (a deploy tool), monitor (a dashboard's polling), housekeeping,
probes (a scanner: paths no route has)."""
import http.client, json, os, sys, time, urllib.parse

HOST, PORT = "127.0.0.1", int(os.environ.get("PORT", "18443"))
IMG = os.environ.get("IMG", "/tmp/shadowtap-lab/lxd/images")
conn = None
UA = "lab-script/1.0"

def call(method, path, body=None, headers=None, raw=False, expect=None):
    global conn
    if conn is None:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
    h = {"User-Agent": UA, "Accept": "application/json"}
    data = None
    if body is not None:
        if isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        else:
            data = json.dumps(body).encode(); h["Content-Type"] = "application/json"
    if headers:
        h.update(headers)
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse(); payload = r.read()
    except (http.client.HTTPException, ConnectionError) as e:
        print(f"ERR {method} {path}: {e!r}")
        conn.close(); conn = None
        return 0, None
    print(f"{r.status} {method} {path}")
    if expect and r.status not in (expect if isinstance(expect, tuple) else (expect,)):
        print(f"   unexpected: {payload[:200]!r}", file=sys.stderr)
    if raw:
        return r.status, payload
    try:
        return r.status, json.loads(payload) if payload else None
    except ValueError:
        return r.status, payload

def wait(resp, timeout=30):
    """Waits for a background operation as the docs show: GET /1.0/operations/{id}/wait?timeout=N."""
    st, doc = resp
    if isinstance(doc, dict) and doc.get("type") == "async":
        op = doc["operation"]
        return call("GET", f"{op}/wait?timeout={timeout}")
    return resp

def q(s):
    return urllib.parse.quote(s, safe="")

def inventory():
    global UA
    UA = "cmdb-sync/2.3 (python http.client)"
    call("GET", "/")
    call("GET", "/1.0")
    call("GET", "/1.0/resources")
    st, doc = call("GET", "/1.0/instances?recursion=1")
    names = [i["name"] for i in (doc or {}).get("metadata") or []]
    for n in names:
        call("GET", f"/1.0/instances/{n}")
        call("GET", f"/1.0/instances/{n}/state")
        call("GET", f"/1.0/instances/{n}/snapshots?recursion=1")
    call("GET", "/1.0/instances?recursion=2&all-projects=true")
    call("GET", "/1.0/instances?filter=" + q("status eq Running"))
    call("GET", "/1.0/instances?recursion=1&project=ml-research")
    call("GET", "/1.0/profiles?recursion=1")
    for p in ("default", "web-tier", "db-tier"):
        call("GET", f"/1.0/profiles/{p}")
    call("GET", "/1.0/projects?recursion=1")
    call("GET", "/1.0/projects/default/state")
    call("GET", "/1.0/storage-pools?recursion=1")
    for pool in ("default", "fast-ssd"):
        call("GET", f"/1.0/storage-pools/{pool}")
        call("GET", f"/1.0/storage-pools/{pool}/resources")
        call("GET", f"/1.0/storage-pools/{pool}/volumes?recursion=1")
    call("GET", "/1.0/storage-pools/default/volumes/custom?recursion=1")
    call("GET", "/1.0/storage-pools/default/volumes/custom/pgdata-01")
    call("GET", "/1.0/storage-pools/default/volumes/custom/pgdata-01/state")
    call("GET", "/1.0/storage-pools/default/volumes/custom/pgdata-01/snapshots?recursion=1")
    call("GET", "/1.0/storage-pools/default/volumes/custom/pgdata-01/snapshots/pre-migration")
    call("GET", "/1.0/storage-pools/default/volumes/container")
    call("GET", "/1.0/storage-pools/default/volumes/image")
    call("GET", "/1.0/networks?recursion=1")
    call("GET", "/1.0/networks/lxdbr0")
    call("GET", "/1.0/networks/lxdbr0/state")
    call("GET", "/1.0/networks/lxdbr0/leases")
    call("GET", "/1.0/networks/lxdbr0/forwards?recursion=1")
    call("GET", "/1.0/network-acls?recursion=1")
    call("GET", "/1.0/network-acls/web-ingress")
    call("GET", "/1.0/network-acls/web-ingress/log")
    call("GET", "/1.0/network-zones?recursion=1")
    call("GET", "/1.0/network-zones/internal.example.net")
    call("GET", "/1.0/network-zones/internal.example.net/records?recursion=1")
    call("GET", "/1.0/network-zones/internal.example.net/records/www")
    call("GET", "/1.0/images?recursion=1")
    call("GET", "/1.0/images/aliases?recursion=1")
    call("GET", "/1.0/images/aliases/alpine/3.18")          # alias names with slashes, unescaped as curl sends them
    call("GET", "/1.0/images/aliases/debian/12/cloud")
    call("GET", "/1.0/certificates?recursion=1")
    call("GET", "/1.0/warnings?recursion=1")
    call("GET", "/1.0/operations?recursion=1")
    call("GET", "/1.0/cluster")
    call("GET", "/1.0/cluster/members")
    call("GET", "/1.0/cluster/groups")
    call("GET", "/1.0/metrics")

def provision():
    global UA
    UA = "deploy-tool/0.9"
    call("GET", "/1.0")
    # upload an image as the docs show (the tarball as the body, with X-LXD-* headers), then alias it
    with open(os.path.join(IMG, "busybox-edge.tar.gz"), "rb") as f:
        tar = f.read()
    st, op = wait(call("POST", "/1.0/images", tar, headers={"Content-Type": "application/octet-stream",
                  "X-LXD-public": "false", "X-LXD-properties": "os=busybox&release=edge"}))
    fp = ((op or {}).get("metadata") or {}).get("metadata", {}) or {}
    fp = fp.get("fingerprint", "")
    call("POST", "/1.0/images/aliases", {"name": "busybox/edge", "target": fp, "description": "tiny debug image"}, expect=200)
    call("POST", "/1.0/images/aliases", {"name": "tools/debug", "target": fp}, expect=200)
    call("GET", f"/1.0/images/{fp}")
    call("PATCH", f"/1.0/images/{fp}", {"properties": {"os": "busybox", "release": "edge", "owner": "sre"}})
    call("PUT", "/1.0/images/aliases/tools/debug", {"target": fp, "description": "debug toolbox (sre)"})
    call("PATCH", "/1.0/images/aliases/busybox/edge", {"description": "BusyBox edge, lab build"})
    call("POST", "/1.0/images/aliases/tools/debug", {"name": "sre/toolbox"})
    call("GET", "/1.0/images/aliases/sre/toolbox")
    wait(call("POST", f"/1.0/images/{fp}/secret", {}))
    call("GET", f"/1.0/images/{fp}/export", raw=True)
    call("POST", "/1.0/images/aliases", {"name": "busybox/edge", "target": fp}, expect=409)
    call("POST", "/1.0/images/aliases", {"name": "broken", "target": "0000"}, expect=404)
    # instances from it
    for name, prof in (("debug-shell-01", ["default"]), ("debug-shell-02", ["default", "limits-small"]),
                       ("metrics-agent-01", ["default"])):
        wait(call("POST", "/1.0/instances", {"name": name, "profiles": prof, "type": "container",
             "source": {"type": "image", "alias": "busybox/edge"},
             "config": {"user.owner": "sre"}}))
    wait(call("POST", "/1.0/instances", {"name": "debug-shell-01", "source": {"type": "image", "alias": "busybox/edge"}}), 5)
    wait(call("POST", "/1.0/instances", {"name": "bad_name!", "source": {"type": "image", "alias": "busybox/edge"}}))
    wait(call("POST", "/1.0/instances", {"name": "no-image-01", "source": {"type": "image", "alias": "centos/9-stream"}}))
    call("POST", "/1.0/instances", b"{not json", headers={"Content-Type": "application/json"}, expect=400)
    call("PATCH", "/1.0/instances/debug-shell-01", {"config": {"user.ticket": "SRE-1204", "limits.memory": "128MiB"}})
    st, doc = call("GET", "/1.0/instances/debug-shell-02")
    inst = (doc or {}).get("metadata") or {}
    cfg = {k: v for k, v in (inst.get("config") or {}).items() if not k.startswith("volatile.") and not k.startswith("image.")}
    cfg["user.owner"] = "observability"
    call("PUT", "/1.0/instances/debug-shell-02", {"config": cfg, "devices": inst.get("devices") or {},
         "profiles": inst.get("profiles") or ["default"], "ephemeral": False, "description": "debug shell for on-call"})
    wait(call("PUT", "/1.0/instances/metrics-agent-01/state", {"action": "start", "timeout": 30}))
    call("GET", "/1.0/instances/metrics-agent-01/state")
    # files API
    call("POST", "/1.0/instances/metrics-agent-01/files?path=/srv/app/agent.yaml", b"scrape_interval: 15s\ntargets: [web-frontend-01]\n",
         headers={"Content-Type": "application/octet-stream", "X-LXD-type": "file", "X-LXD-mode": "0644", "X-LXD-uid": "0", "X-LXD-gid": "0", "X-LXD-write": "overwrite"})
    call("GET", "/1.0/instances/metrics-agent-01/files?path=/srv/app/agent.yaml", raw=True)
    call("GET", "/1.0/instances/metrics-agent-01/files?path=/srv/app", raw=True)
    call("POST", "/1.0/instances/metrics-agent-01/files?path=/srv/app/spool", b"", headers={"X-LXD-type": "directory", "X-LXD-mode": "0755"})
    call("DELETE", "/1.0/instances/metrics-agent-01/files?path=/srv/app/spool")
    call("GET", "/1.0/instances/metrics-agent-01/files?path=/etc/missing.conf", raw=True)
    # exec as the docs show (record-output, no websockets), then the output log
    st, op = wait(call("POST", "/1.0/instances/metrics-agent-01/exec", {"command": ["/bin/healthcheck"],
                  "environment": {"HOME": "/root"}, "wait-for-websocket": False, "record-output": True, "interactive": False}))
    outs = ((((op or {}).get("metadata") or {}).get("metadata") or {}).get("output") or {})
    for k, v in outs.items():
        call("GET", v, raw=True)
    call("GET", "/1.0/instances/metrics-agent-01/logs")
    st, doc = call("GET", "/1.0/instances/metrics-agent-01/logs")
    for u in ((doc or {}).get("metadata") or [])[:2]:
        call("GET", u, raw=True)
    call("GET", "/1.0/instances/metrics-agent-01/console", raw=True)
    # metadata and templates
    call("GET", "/1.0/instances/debug-shell-01/metadata")
    call("PATCH", "/1.0/instances/debug-shell-01/metadata", {"properties": {"description": "debug shell (sre)"}})
    call("GET", "/1.0/instances/debug-shell-01/metadata/templates")
    call("POST", "/1.0/instances/debug-shell-01/metadata/templates?path=motd.tpl", b"Welcome to {{ container.name }}\n",
         headers={"Content-Type": "application/octet-stream"})
    call("GET", "/1.0/instances/debug-shell-01/metadata/templates?path=motd.tpl", raw=True)
    call("DELETE", "/1.0/instances/debug-shell-01/metadata/templates?path=motd.tpl")
    # snapshots and backups
    wait(call("POST", "/1.0/instances/debug-shell-01/snapshots", {"name": "before-oncall", "stateful": False}))
    wait(call("POST", "/1.0/instances/debug-shell-01/snapshots", {"name": "after-oncall"}))
    call("GET", "/1.0/instances/debug-shell-01/snapshots")
    call("GET", "/1.0/instances/debug-shell-01/snapshots/before-oncall")
    call("PATCH", "/1.0/instances/debug-shell-01/snapshots/before-oncall", {"expires_at": "2030-01-01T00:00:00Z"})
    wait(call("POST", "/1.0/instances/debug-shell-01/snapshots/after-oncall", {"name": "oncall-2023-12-07"}))
    wait(call("PUT", "/1.0/instances/debug-shell-01", {"restore": "before-oncall"}))
    wait(call("DELETE", "/1.0/instances/debug-shell-01/snapshots/oncall-2023-12-07"))
    call("GET", "/1.0/instances/debug-shell-01/snapshots/never-taken")
    wait(call("POST", "/1.0/instances/debug-shell-02/backups", {"name": "weekly-2023-49", "instance_only": True,
         "optimized_storage": False, "compression_algorithm": "gzip"}))
    call("GET", "/1.0/instances/debug-shell-02/backups?recursion=1")
    call("GET", "/1.0/instances/debug-shell-02/backups/weekly-2023-49")
    call("GET", "/1.0/instances/debug-shell-02/backups/weekly-2023-49/export", raw=True)
    wait(call("POST", "/1.0/instances/debug-shell-02/backups/weekly-2023-49", {"name": "weekly-2023-49-kept"}))
    wait(call("DELETE", "/1.0/instances/debug-shell-02/backups/weekly-2023-49-kept"))
    # the legacy /1.0/containers names that older tools still use
    call("GET", "/1.0/containers")
    call("GET", "/1.0/containers/debug-shell-01")
    call("GET", "/1.0/containers/debug-shell-01/state")
    call("GET", "/1.0/containers/debug-shell-01/snapshots")
    # profiles, projects, storage, networks by PUT/PATCH
    call("PATCH", "/1.0/profiles/ci-ephemeral", {"config": {"user.team": "ci"}, "description": "ephemeral CI runners"})
    call("POST", "/1.0/profiles", {"name": "observability", "config": {"limits.cpu": "1"}, "devices": {}}, expect=201)
    call("PUT", "/1.0/profiles/observability", {"config": {"limits.cpu": "1", "limits.memory": "256MiB"}, "devices": {}, "description": "agents"})
    call("POST", "/1.0/profiles/observability", {"name": "observability-agents"})
    call("POST", "/1.0/profiles", {"name": "default"}, expect=409)
    call("DELETE", "/1.0/profiles/default", expect=403)
    call("POST", "/1.0/projects", {"name": "sre-tools", "config": {"features.images": "false", "features.profiles": "false"}, "description": "SRE tooling"})
    call("PATCH", "/1.0/projects/sre-tools", {"config": {"limits.instances": "3"}})
    call("GET", "/1.0/projects/sre-tools/state")
    call("POST", "/1.0/storage-pools/default/volumes/custom", {"name": "prom-tsdb", "type": "custom", "config": {}, "content_type": "filesystem"})
    call("PATCH", "/1.0/storage-pools/default/volumes/custom/prom-tsdb", {"config": {"user.retention": "15d"}})
    wait(call("POST", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/snapshots", {"name": "before-compaction"}))
    call("PUT", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/snapshots/before-compaction", {"description": "kept 30d"})
    wait(call("POST", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/backups", {"name": "tsdb-nightly", "volume_only": True}))
    call("GET", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/backups")
    call("GET", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/backups/tsdb-nightly")
    call("GET", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/backups/tsdb-nightly/export", raw=True)
    wait(call("DELETE", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/backups/tsdb-nightly"))
    call("PATCH", "/1.0/storage-pools/fast-ssd", {"description": "NVMe scratch pool (ml, ci)"})
    call("PATCH", "/1.0/networks/lxdbr0", {"config": {"dns.domain": "lab.internal"}})
    call("POST", "/1.0/network-acls", {"name": "metrics-scrape", "ingress": [{"action": "allow", "protocol": "tcp", "destination_port": "9100", "state": "enabled"}]})
    call("PATCH", "/1.0/network-acls/metrics-scrape", {"description": "prometheus scrapes node exporters"})
    call("PUT", "/1.0/network-acls/db-allow-app", {"ingress": [{"action": "allow", "protocol": "tcp", "destination_port": "5432", "state": "enabled"}], "egress": [], "description": "postgres from the app tier"})
    call("POST", "/1.0/network-zones/internal.example.net/records", {"name": "metrics", "entries": [{"type": "A", "value": "10.118.40.30"}]})
    call("PATCH", "/1.0/network-zones/internal.example.net/records/metrics", {"entries": [{"type": "A", "value": "10.118.40.31", "ttl": 300}]})
    call("PUT", "/1.0/network-zones/internal.example.net", {"config": {"dns.nameservers": "ns1.internal.example.net,ns2.internal.example.net"}, "description": "internal names"})
    # errors
    call("GET", "/1.0/instances/web-frontend-99", expect=404)
    call("GET", "/1.0/profiles/gpu-passthrough", expect=404)
    call("GET", "/1.0/storage-pools/ceph-pool", expect=404)
    call("GET", "/1.0/networks/br-legacy", expect=404)
    call("PUT", "/1.0/instances/debug-shell-01/state", {"action": "reboot"}, expect=400)
    call("PATCH", "/1.0/instances/debug-shell-01", {"config": {"limits.cpu": "lots"}}, expect=400)
    call("POST", "/1.0/projects", {"name": "Bad Project"}, expect=400)

def monitor(rounds=6):
    global UA
    UA = "lxd-dashboard/1.4 (grafana-style poller)"
    for i in range(rounds):
        call("GET", "/1.0/instances?recursion=2")
        call("GET", "/1.0/resources") if i % 3 == 0 else None
        call("GET", "/1.0/metrics") if i % 2 == 0 else None
        for n in ("web-frontend-01", "db-postgres-01", "metrics-agent-01"):
            call("GET", f"/1.0/instances/{n}/state")
        call("GET", "/1.0/storage-pools/default/resources")
        call("GET", "/1.0/operations")
        call("GET", "/1.0/warnings")
        time.sleep(0.5)

def housekeeping():
    global UA
    UA = "lxd-janitor/0.3"
    st, doc = call("GET", "/1.0/operations?recursion=1")
    call("GET", "/1.0/warnings?recursion=1")
    st, doc = call("GET", "/1.0/warnings")
    for u in ((doc or {}).get("metadata") or [])[:2]:
        call("GET", u)
        call("PATCH", u, {"status": "acknowledged"})
    wait(call("PUT", "/1.0/instances/metrics-agent-01/state", {"action": "stop", "force": True, "timeout": 30}))
    for n in ("debug-shell-01", "debug-shell-02", "metrics-agent-01"):
        wait(call("DELETE", f"/1.0/instances/{n}"))
    st, doc = call("GET", "/1.0/images/aliases/busybox/edge")
    fp = ((doc or {}).get("metadata") or {}).get("target", "")
    call("DELETE", "/1.0/images/aliases/sre/toolbox")
    call("DELETE", "/1.0/images/aliases/busybox/edge")
    wait(call("DELETE", f"/1.0/images/{fp}"))
    call("DELETE", "/1.0/profiles/observability-agents")
    call("DELETE", "/1.0/projects/sre-tools")
    wait(call("DELETE", "/1.0/storage-pools/default/volumes/custom/prom-tsdb/snapshots/before-compaction"))
    call("DELETE", "/1.0/storage-pools/default/volumes/custom/prom-tsdb")
    call("DELETE", "/1.0/network-acls/metrics-scrape")
    call("DELETE", "/1.0/network-zones/internal.example.net/records/metrics")
    call("DELETE", "/1.0/instances/ghost-instance", expect=404)
    call("GET", "/1.0/operations/6d0c8e1e-3f5b-4a8e-9c1a-000000000000", expect=404)
    call("GET", "/1.0/operations/6d0c8e1e-3f5b-4a8e-9c1a-000000000000/wait?timeout=1", expect=404)

def probes():
    global UA
    UA = "Mozilla/5.0 (compatible; scanner/2.1)"
    for m, p in (("GET", "/.env"), ("GET", "/wp-login.php"), ("POST", "/wp-login.php"), ("GET", "/admin/"),
                 ("GET", "/.git/config"), ("GET", "/server-status"), ("GET", "/actuator/health"), ("GET", "/1.0/nonexistent"),
                 ("GET", "/2.0"), ("GET", "/api/v1/pods"), ("GET", "/1.0/Instances"), ("GET", "/1.0/Profiles/default"),
                 ("GET", "/1.0/instance"), ("GET", "/1.0/images/latest")):
        call(m, p)

if __name__ == "__main__":
    for phase in sys.argv[1:]:
        globals()[phase]()
