#!/usr/bin/env python3
"""Scripts on Podman's REST API with python's http.client, calling it as the API docs show
(https://docs.podman.io/en/v4.3.1/_static/api.html; pkg/api/server/docs.go: `/v4.0.0/libpod/info`,
`/v4.0.0/libpod/images/json`, `/v4.0.0/images/create?fromImage=...`): libpod endpoints under a version prefix, the
Docker-compatible ones versioned (/v1.41, /v1.40) and bare.

  ci          a CI job: ping, build an image from a tar context, run the test container, read its logs, tag the
              image with the build number, clean up (three projects)
  dashboard   a dashboard polling lists, stats and details
  cleanup     a janitor: stale containers by label, exited ones, old tags, dangling images, prunes
  mistakes    what users get wrong: bad JSON, missing fields, typos in names, wrong methods
"""
import http.client, io, json, os, sys, tarfile, time, urllib.parse

PORT = int(os.environ.get("PORT", "18920"))
V = "/v4.3.1/libpod"
DOCS_V = "/v4.0.0/libpod"


class API:
    def __init__(self, agent):
        self.c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.agent = agent

    def call(self, method, path, body=None, ctype="application/json", query=None, quiet=False):
        if query:
            path += "?" + urllib.parse.urlencode(query, doseq=True)
        headers = {"User-Agent": self.agent, "Accept": "application/json"}
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            headers["Content-Type"] = ctype
        for attempt in range(2):
            try:
                self.c.request(method, path, body=body, headers=headers)
                r = self.c.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.c.close()
                self.c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        if r.getheader("Connection", "").lower() == "close":
            self.c.close()
            self.c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        if not quiet:
            print(f"{method} {path} -> {r.status} ({len(data)} bytes)")
        try:
            return r.status, json.loads(data) if data else None
        except ValueError:
            return r.status, data


def q(name):
    return urllib.parse.quote(name, safe="")


def tar_context(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, text in files.items():
            b = text.encode()
            ti = tarfile.TarInfo(name)
            ti.size = len(b)
            ti.mtime = 1767225600
            t.addfile(ti, io.BytesIO(b))
    return buf.getvalue()


def ci():
    a = API("ci-runner/3.2 (python http.client)")
    a.call("GET", "/libpod/_ping")
    a.call("GET", V + "/version")
    builds = [
        ("checkout-service", 4711, "localhost/shop/checkout-service", "main"),
        ("invoice_renderer", 982, "localhost/finance/invoice_renderer", "release-2.4"),
        ("geoIndexer", 77, "registry.example.com/maps/geoIndexer".lower(), "feature.tiles-v2"),
    ]
    for project, build, repo, branch in builds:
        tag = f"{repo}:build-{build}"
        ctx = tar_context({
            "Containerfile": "FROM localhost/team-a/web:1.2\n"
                             f"LABEL ci.project=\"{project}\" ci.build=\"{build}\" ci.branch=\"{branch}\"\n"
                             "COPY version.txt /etc/version.txt\n",
            "version.txt": f"{project} {branch} #{build}\n",
        })
        st, body = a.call("POST", V + "/build", body=ctx, ctype="application/x-tar",
                          query={"t": tag, "dockerfile": "Containerfile", "rm": "true", "labels": json.dumps({"ci.runner": "runner-07"})})
        a.call("GET", V + f"/images/{q(tag)}/exists")
        st, img = a.call("GET", V + f"/images/{q(tag)}/json")
        name = f"ci-{project}-{build}-test"
        st, cr = a.call("POST", V + "/containers/create", body={
            "name": name, "image": "docker.io/library/busybox:1.36",
            "command": ["sh", "-c", f"echo running tests for {project}; echo 42 passed, 0 failed"],
            "labels": {"ci.project": project, "ci.build": str(build)}, "env": {"CI": "true", "BRANCH": branch},
            "stop_timeout": 1})
        cid = (cr or {}).get("Id", name) if isinstance(cr, dict) else name
        a.call("POST", V + f"/containers/{name}/start")
        a.call("POST", V + f"/containers/{name}/wait", query={"condition": "stopped"})
        a.call("GET", V + f"/containers/{name}/logs", query={"stdout": "true", "stderr": "true"})
        a.call("GET", V + f"/containers/{cid}/json")
        a.call("POST", V + f"/images/{q(tag)}/tag", query={"repo": repo, "tag": branch.replace("/", "-")})
        a.call("POST", V + f"/images/{q(tag)}/tag", query={"repo": repo, "tag": "latest"})
        a.call("DELETE", V + f"/containers/{name}", query={"force": "true", "v": "true"})
        a.call("GET", V + "/images/json", query={"filters": json.dumps({"reference": [repo]})})
    # a deploy step on the compat API, as docker-py scripts do
    a.call("GET", "/v1.41/version")
    a.call("POST", "/v1.41/containers/create", query={"name": "checkout-service-canary"}, body={
        "Image": "localhost/shop/checkout-service:main", "Labels": {"ci.project": "checkout-service", "stage": "canary"},
        "Env": ["PORT=8080"], "StopTimeout": 1})
    a.call("POST", "/v1.41/containers/checkout-service-canary/start")
    a.call("GET", "/v1.41/containers/checkout-service-canary/json")
    a.call("POST", "/v1.41/containers/checkout-service-canary/stop", query={"t": "1"})
    a.call("DELETE", "/v1.41/containers/checkout-service-canary")
    a.call("DELETE", V + f"/images/{q('localhost/finance/invoice_renderer:build-982')}")


def dashboard(rounds=4):
    a = API("podman-dash/0.9 (python http.client)")
    a.call("GET", DOCS_V + "/info")
    for i in range(rounds):
        st, ctrs = a.call("GET", V + "/containers/json", query={"all": "true"})
        a.call("GET", V + "/pods/json")
        a.call("GET", V + "/images/json")
        a.call("GET", V + "/volumes/json")
        a.call("GET", V + "/networks/json")
        running = [c["Names"][0] for c in (ctrs or []) if isinstance(c, dict) and c.get("State") == "running"]
        if running:
            a.call("GET", V + "/containers/stats", query={"stream": "false", "containers": running[:3]})
        for n in running[:2]:
            a.call("GET", V + f"/containers/{n}/json")
            if i % 3 == 0:
                a.call("GET", V + f"/containers/{n}/top", query={"ps_args": "-ef"} if i == 0 else None)
        if i % 2 == 0:
            a.call("GET", V + "/pods/stats", query={"all": "true"})
            a.call("GET", V + "/containers/json", query={"all": "true", "filters": json.dumps({"label": ["team=team-a"]})})
        if i % 4 == 1:
            a.call("GET", V + "/system/df")
            a.call("GET", V + "/events", query={"stream": "false", "since": "2m"})
        if i == 3:
            a.call("GET", V + "/pods/billing-api/json")
            a.call("GET", V + "/pods/billing-api/top")
            a.call("GET", V + "/volumes/redis_cache/json")
            a.call("GET", V + "/networks/payments_backend/json")
            a.call("GET", V + "/secrets/json")
        time.sleep(0.3)
    # the compat half of the dashboard (a Docker-API widget, bare paths and /v1.40)
    a.call("GET", "/containers/json", query={"all": "1"})
    a.call("GET", "/images/json")
    a.call("GET", "/v1.40/volumes")
    a.call("GET", "/v1.40/networks")
    a.call("GET", "/v1.40/info")
    a.call("GET", "/v1.41/system/df")


def cleanup():
    a = API("podman-janitor/1.4 (python http.client)")
    a.call("GET", V + "/_ping")
    st, ctrs = a.call("GET", V + "/containers/json", query={"all": "true", "filters": json.dumps({"status": ["exited"]})})
    for c in (ctrs or [])[:6]:
        if isinstance(c, dict) and (c.get("Labels") or {}).get("keep") != "true":
            a.call("GET", V + f"/containers/{c['Id']}/exists")
            a.call("DELETE", V + f"/containers/{c['Id']}")
    st, imgs = a.call("GET", V + "/images/json", query={"all": "false"})
    for img in imgs or []:
        for t in (img.get("Names") or img.get("RepoTags") or []):
            if ":build-" in t:
                repo, tag = t.rsplit(":", 1)
                a.call("POST", V + f"/images/{t}/untag", query={"repo": repo, "tag": tag})
    a.call("DELETE", V + "/images/localhost/shop/checkout-service:main")     # unescaped slashes, as a shell script writes it
    a.call("GET", V + "/images/localhost/team-a/web:1.2/history")
    a.call("GET", V + "/images/quay.io/acme/worker:0.9/exists")
    a.call("POST", V + "/images/prune")
    a.call("POST", V + "/containers/prune", query={"filters": json.dumps({"label": ["ci.project"]})})
    a.call("GET", V + "/volumes/json", query={"filters": json.dumps({"dangling": ["true"]})})
    a.call("DELETE", V + "/volumes/backups.2026-12")
    a.call("GET", V + "/volumes/backups.2026-12/exists")
    a.call("POST", V + "/volumes/prune", query={"filters": json.dumps({"label": ["tier=db"]})})
    a.call("GET", V + "/networks/json", query={"filters": json.dumps({"label": ["env=staging"]})})
    a.call("GET", V + "/networks/metricsInternal/exists")
    a.call("POST", V + "/networks/prune", query={"filters": json.dumps({"until": ["1h"]})})
    a.call("GET", V + "/pods/json", query={"filters": json.dumps({"status": ["exited", "stopped"]})})
    a.call("POST", V + "/pods/prune")
    a.call("GET", "/v1.41/images/json", query={"filters": json.dumps({"dangling": ["true"]})})
    a.call("POST", "/v1.41/images/prune")
    a.call("POST", "/v1.41/networks/prune")


def workflows():
    """pods, volumes, networks, secrets, exec and archives on the libpod API, as an internal platform tool does"""
    a = API("platformctl/2.1 (python http.client)")
    a.call("POST", V + "/volumes/create", body={"Name": "minio_data", "Label": {"app": "minio", "backup": "nightly"}})
    a.call("POST", V + "/volumes/create", body={"Name": "tsdb.prometheus-0", "Driver": "local", "Options": {"type": "tmpfs", "device": "tmpfs", "o": "size=256m"}})
    a.call("GET", V + "/volumes/minio_data/json")
    a.call("POST", V + "/networks/create", body={"name": "storage_tier", "labels": {"app": "minio"}, "internal": True})
    a.call("GET", V + "/networks/storage_tier/json")
    a.call("POST", V + "/pods/create", body={"name": "minio-cluster", "labels": {"app": "minio"}})
    a.call("POST", V + "/containers/create", body={
        "name": "minio-node1", "image": "docker.io/library/busybox:1.36", "pod": "minio-cluster",
        "command": ["sleep", "3600"], "stop_timeout": 1,
        "volumes": [{"Name": "minio_data", "Dest": "/data"}], "labels": {"app": "minio"}})
    a.call("POST", V + "/containers/create", body={
        "name": "minioConsole", "image": "localhost/team-a/web:1.2", "pod": "minio-cluster", "stop_timeout": 1})
    a.call("POST", V + "/pods/minio-cluster/start")
    a.call("GET", V + "/pods/minio-cluster/json")
    a.call("GET", V + "/pods/minio-cluster/exists")
    st, ex = a.call("POST", V + "/containers/minio-node1/exec", body={
        "Cmd": ["sh", "-c", "ls /data; cat /etc/hostname"], "AttachStdout": True, "AttachStderr": True})
    if isinstance(ex, dict) and ex.get("Id"):
        a.call("POST", V + f"/exec/{ex['Id']}/start", body={"Detach": False, "Tty": False})
        a.call("GET", V + f"/exec/{ex['Id']}/json")
    a.call("PUT", V + "/containers/minio-node1/archive", query={"path": "/tmp"},
           body=tar_context({"policy.json": '{"Version":"2012-10-17","Statement":[]}\n'}), ctype="application/x-tar")
    a.call("GET", V + "/containers/minio-node1/archive", query={"path": "/tmp/policy.json"})
    a.call("GET", V + "/containers/minio-node1/changes")
    a.call("POST", V + "/containers/minio-node1/rename", query={"name": "minio-node-01"})
    a.call("GET", V + "/containers/minio-node-01/json")
    a.call("POST", V + "/containers/minioConsole/restart", query={"t": "1"})
    a.call("GET", V + "/containers/minioConsole/logs", query={"stdout": "true", "tail": "10"})
    a.call("GET", V + "/generate/minio-cluster/systemd", query={"useName": "true", "new": "true"})
    a.call("GET", V + "/generate/kube", query={"names": ["minio-cluster"]})
    a.call("POST", V + "/secrets/create", query={"name": "minio-root-password"}, body="hunter2-but-longer", ctype="text/plain")
    a.call("GET", V + "/secrets/minio-root-password/json")
    a.call("GET", V + "/secrets/json", query={"filters": json.dumps({"name": ["minio-root-password"]})})
    a.call("POST", V + "/pods/minio-cluster/stop", query={"t": "1"})
    a.call("DELETE", V + "/pods/minio-cluster", query={"force": "true"})
    a.call("DELETE", V + "/networks/storage_tier")
    a.call("DELETE", V + "/volumes/tsdb.prometheus-0")
    a.call("DELETE", V + "/volumes/minio_data", query={"force": "true"})
    a.call("DELETE", V + "/secrets/minio-root-password")
    # the docs' own examples, with the docs' version prefix
    a.call("GET", DOCS_V + "/images/json")
    a.call("GET", DOCS_V + "/containers/json", query={"all": "true"})
    a.call("GET", DOCS_V + "/version")


def mistakes():
    a = API("curl-like/1.0 (python http.client)")
    a.call("POST", V + "/containers/create", body="{name: web, image: 'localhost/team-a/web:1.2'")   # not JSON
    a.call("POST", V + "/containers/create", body={"name": "no-image-given"})
    a.call("POST", V + "/pods/create", body=["billing-api"])                                           # wrong shape
    a.call("POST", V + "/volumes/create", body={"Name": "bad/volume/name"})
    a.call("POST", "/v1.41/containers/create", body={"Image": "localhost/team-a/web:1.2"}, query={"name": "bad name!"})
    a.call("GET", V + "/containers/webfrontend/json")
    a.call("GET", V + "/pods/biling-api/json")
    a.call("GET", V + "/images/localhost/team-a/web:12/json")
    a.call("DELETE", V + "/networks/paymentsbackend")
    a.call("GET", "/v1.41/containers/apigateway/json")
    a.call("POST", V + "/containers/web-frontend/start")                                                # already running
    a.call("DELETE", V + "/containers/web-frontend")                                                    # running, no force
    a.call("POST", V + "/images/localhost/team-a/web:1.2/tag", query={"repo": "localhost/UPPER/case", "tag": "1"})
    a.call("GET", V + "/containers/json", query={"filters": "{not json"})
    a.call("GET", "/v0.9/libpod/info")                                                                  # version too old


if __name__ == "__main__":
    for step in sys.argv[1:]:
        print(f"== {step}")
        globals()[step]()
