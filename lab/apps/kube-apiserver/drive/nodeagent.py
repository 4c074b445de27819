#!/usr/bin/env python3
"""What a kubelet and a scheduler would do against the API server, through the admin kubectl proxy (there is no
real kubelet or scheduler in the lab; kube-controller-manager runs and talks to the API server directly, unrecorded):

  * each node registers itself (GET, POST /api/v1/nodes, PATCH .../nodes/NAME/status), takes its Lease in
    kube-node-lease and renews it every 20 s (PUT), and posts its status every minute (heartbeats);
  * scheduler and kubelets list once and then watch from the last resourceVersion (30 s watches, bookmarks on);
  * a scheduler lists and watches unscheduled pods (fieldSelector spec.nodeName=) and binds each to a node
    (POST .../pods/NAME/binding), skipping cordoned nodes and sending GPU pods to the GPU node;
  * each kubelet lists and watches its own pods (fieldSelector spec.nodeName=NODE), marks new ones Running and Ready
    (PATCH .../pods/NAME/status), finishes Job pods (Succeeded) and removes pods being deleted (DELETE with
    gracePeriodSeconds=0 and a uid precondition, as the kubelet does once containers stopped).
  * fake_kubelet_server serves the kubelet's /containerLogs on 127.0.0.1:KUBELET_PORT over TLS, so that
    `kubectl logs` (GET .../pods/NAME/log, which the API server forwards to the node's kubelet) answers lines.

Runs until $STATE/agent.stop exists."""
import http.server, json, os, ssl, sys, threading, time, random, hashlib
sys.path.insert(0, os.path.dirname(__file__))
from kube import Kube, PORT, STATE, now, micro, log

KUBELET_PORT = int(os.environ.get("KUBELET_PORT", "18650"))
NODES = [
    {"name": "worker-1", "labels": {"topology.kubernetes.io/zone": "eu-west-1a", "node.kubernetes.io/instance-type": "m6i.xlarge"}},
    {"name": "worker-2", "labels": {"topology.kubernetes.io/zone": "eu-west-1b", "node.kubernetes.io/instance-type": "m6i.xlarge"}},
    {"name": "gpu-a100-0", "labels": {"topology.kubernetes.io/zone": "eu-west-1a", "node.kubernetes.io/instance-type": "p4d.24xlarge", "accelerator": "nvidia-a100"}},
]
STOP = os.path.join(STATE, "agent.stop")
lock = threading.Lock()
cordoned = set()


def stopped():
    return os.path.exists(STOP)


def node_obj(n):
    labels = {"kubernetes.io/hostname": n["name"], "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}
    labels.update(n["labels"])
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": n["name"], "labels": labels,
            "annotations": {"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
            "spec": {}}


def node_status(n):
    gpu = "accelerator" in n["labels"]
    cap = {"cpu": "96" if gpu else "4", "memory": "1152Gi" if gpu else "16Gi", "pods": "110", "ephemeral-storage": "100Gi"}
    if gpu:
        cap["nvidia.com/gpu"] = "8"
    t = now()
    conds = [{"type": c, "status": "False", "reason": "Kubelet" + r, "message": m, "lastHeartbeatTime": t, "lastTransitionTime": t}
             for c, r, m in (("MemoryPressure", "HasSufficientMemory", "kubelet has sufficient memory available"),
                             ("DiskPressure", "HasNoDiskPressure", "kubelet has no disk pressure"),
                             ("PIDPressure", "HasSufficientPID", "kubelet has sufficient PID available"))]
    conds.append({"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
                  "lastHeartbeatTime": t, "lastTransitionTime": t})
    return {"status": {"capacity": cap, "allocatable": cap, "conditions": conds,
            "addresses": [{"type": "InternalIP", "address": "127.0.0.1"}, {"type": "Hostname", "address": n["name"]}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": KUBELET_PORT}},
            "nodeInfo": {"machineID": hashlib.md5(n["name"].encode()).hexdigest(), "systemUUID": hashlib.md5(n["name"].encode()).hexdigest(),
                         "bootID": hashlib.sha1(n["name"].encode()).hexdigest()[:32], "kernelVersion": "6.1.0-28-cloud-amd64",
                         "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://1.7.24",
                         "kubeletVersion": "v1.37.2", "kubeProxyVersion": "", "operatingSystem": "linux", "architecture": "amd64"}}}


def register(k, n):
    name = n["name"]
    st, _, _ = k.get("/api/v1/nodes/" + name)
    if st == 404:
        k.post("/api/v1/nodes", node_obj(n))
    k.smp("/api/v1/nodes/%s/status" % name, node_status(n))
    lp = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + name
    st, _, _ = k.get(lp)
    if st == 404:
        k.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
               {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": {"name": name, "namespace": "kube-node-lease"},
                "spec": {"holderIdentity": name, "leaseDurationSeconds": 40, "renewTime": micro()}})


def heartbeat(n):
    k = Kube("kubelet/" + n["name"], PORT, ua="kubelet/v1.37.2 (linux/amd64) kubernetes/a1b2c3d")
    register(k, n)
    lp = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + n["name"]
    st, lease, _ = k.get(lp)
    i = 0
    while not stopped():
        for _ in range(20):
            if stopped():
                return
            time.sleep(1)
        i += 1
        if lease is None:
            st, lease, _ = k.get(lp)
            continue
        lease["spec"]["renewTime"] = micro()
        st, doc, _ = k.put(lp, lease)
        lease = doc if st == 200 else None   # a conflict: read it again next time
        if i % 3 == 0:
            k.smp("/api/v1/nodes/%s/status" % n["name"], node_status(n))


def pod_running(p, node):
    t = now()
    cs = []
    for c in p["spec"].get("containers", []):
        cid = hashlib.sha256((p["metadata"]["uid"] + c["name"]).encode()).hexdigest()
        cs.append({"name": c["name"], "image": c["image"], "imageID": c["image"] + "@sha256:" + hashlib.sha256(c["image"].encode()).hexdigest(),
                   "containerID": "containerd://" + cid, "ready": True, "started": True, "restartCount": 0,
                   "state": {"running": {"startedAt": t}}})
    conds = [{"type": c, "status": "True", "lastTransitionTime": t} for c in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]
    return {"status": {"phase": "Running", "hostIP": "127.0.0.1", "hostIPs": [{"ip": "127.0.0.1"}], "startTime": t,
                       "conditions": conds, "containerStatuses": cs}}


def pod_succeeded(p):
    t = now()
    cs = []
    for c in p["spec"].get("containers", []):
        cid = hashlib.sha256((p["metadata"]["uid"] + c["name"]).encode()).hexdigest()
        cs.append({"name": c["name"], "image": c["image"], "imageID": c["image"] + "@sha256:" + hashlib.sha256(c["image"].encode()).hexdigest(),
                   "containerID": "containerd://" + cid, "ready": False, "started": False, "restartCount": 0,
                   "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": t, "finishedAt": t, "containerID": "containerd://" + cid}}})
    conds = [{"type": "Ready", "status": "False", "reason": "PodCompleted", "lastTransitionTime": t},
             {"type": "ContainersReady", "status": "False", "reason": "PodCompleted", "lastTransitionTime": t}]
    return {"status": {"phase": "Succeeded", "conditions": conds, "containerStatuses": cs}}


def informer(k, sel_q, handle, timeout=30):
    """List once, then watch from the last resourceVersion seen (bookmarks keep it fresh), as a reflector does;
    each watch ends after `timeout` seconds on the server's side, so the loop sees the stop file; re-list on 410."""
    rv = None
    while not stopped():
        if rv is None:
            st, lst, _ = k.get("/api/v1/pods?" + sel_q)
            if st != 200:
                time.sleep(2)
                continue
            for p in lst["items"]:
                handle("ADDED", p)
            rv = lst["metadata"]["resourceVersion"]
        q = "/api/v1/pods?" + sel_q + "&resourceVersion=" + rv + "&allowWatchBookmarks=true&timeoutSeconds=%d&watch=true" % timeout
        try:
            c = k._c()
            c.request("GET", q, headers={"User-Agent": k.ua, "Accept": "application/json"})
            r = c.getresponse()
            with open(os.path.join(STATE, "calls.log"), "a") as f:
                f.write("%s %d GET %s\n" % (k.who, r.status, q))
            while True:
                line = r.readline()
                if not line:
                    break
                ev = json.loads(line)
                t = ev.get("type")
                if t == "ERROR":
                    rv = None          # 410 Gone: too old, list again
                    continue
                rv = ev["object"]["metadata"].get("resourceVersion", rv)
                if t != "BOOKMARK":
                    handle(t, ev["object"])
            r.read()
        except Exception as e:
            log("watch", k.who, e)
            k.close()
            time.sleep(1)


def kubelet(n):
    name = n["name"]
    k = Kube("kubelet/" + name, PORT, ua="kubelet/v1.37.2 (linux/amd64) kubernetes/a1b2c3d")
    kw = Kube("kubelet/" + name, PORT, ua=k.ua)   # writes on a second connection while the watch streams
    seen = {}

    def handle(t, p):
        if t == "DELETED":
            return
        md = p["metadata"]
        key = md["namespace"] + "/" + md["name"]
        path = "/api/v1/namespaces/%s/pods/%s" % (md["namespace"], md["name"])
        if md.get("deletionTimestamp"):
            if seen.get(key) != "deleted":
                seen[key] = "deleted"
                kw.delete(path, body={"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0,
                                      "preconditions": {"uid": md["uid"]}})
            return
        phase = p.get("status", {}).get("phase")
        if phase == "Pending" and seen.get(key) is None:
            seen[key] = "running"
            kw.smp(path + "/status", pod_running(p, name))
            if any(o.get("kind") == "Job" for o in md.get("ownerReferences", [])):
                seen[key] = "job"
        elif seen.get(key) == "job" and phase == "Running":
            seen[key] = "done"
            kw.smp(path + "/status", pod_succeeded(p))

    informer(k, "fieldSelector=spec.nodeName%3D" + name, handle)


def scheduler():
    k = Kube("scheduler", PORT, ua="kube-scheduler/v1.37.2 (linux/amd64) kubernetes/a1b2c3d/scheduler")
    kb = Kube("scheduler", PORT, ua=k.ua)  # binds on a second connection while the watch streams
    last = [0.0]

    def refresh_nodes():
        if time.time() - last[0] < 45:
            return
        last[0] = time.time()
        st, nl, _ = kb.get("/api/v1/nodes")
        if st == 200:
            with lock:
                cordoned.clear()
                cordoned.update(x["metadata"]["name"] for x in nl["items"] if x["spec"].get("unschedulable"))

    def handle(t, p):
        if t == "ADDED":
            refresh_nodes()
            bind_with(kb, p)

    refresh_nodes()
    informer(k, "fieldSelector=spec.nodeName%3D%2Cstatus.phase%21%3DSucceeded%2Cstatus.phase%21%3DFailed", handle)


def bind_with(kb, p):
    md = p["metadata"]
    if md.get("deletionTimestamp") or p["spec"].get("nodeName"):
        return
    ns_ = p["spec"].get("nodeSelector", {})
    cands = ["gpu-a100-0"] if "accelerator" in ns_ else [x["name"] for x in NODES if "accelerator" not in x["labels"]]
    with lock:
        cands = [c for c in cands if c not in cordoned]
    if not cands:
        return
    node = cands[int(hashlib.md5(md["name"].encode()).hexdigest(), 16) % len(cands)]
    kb.post("/api/v1/namespaces/%s/pods/%s/binding" % (md["namespace"], md["name"]),
            {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": md["name"], "namespace": md["namespace"], "uid": md["uid"]},
             "target": {"apiVersion": "v1", "kind": "Node", "name": node}})


class LogHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    LINES = ["{ts} INFO  starting {c} (pid 1)", "{ts} INFO  listening on :8080", "{ts} INFO  GET /healthz 200 0.4ms",
             "{ts} WARN  slow upstream call took 1.2s", "{ts} INFO  GET /api/cart/7f3a 200 12ms", "{ts} INFO  config reloaded"]

    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts[0] != "containerLogs" or len(parts) != 4:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        ns, pod, c = parts[1:]
        ts = now()
        body = "\n".join(l.format(ts=ts, c=c) for l in self.LINES) + "\n"
        b = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def log_message(self, *a):
        pass


def fake_kubelet_server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", KUBELET_PORT), LogHandler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(os.environ["PKI"], "kubelet.crt"), os.path.join(os.environ["PKI"], "kubelet.key"))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


def main():
    threading.Thread(target=fake_kubelet_server, daemon=True).start()
    ts = []
    for n in NODES:
        t = threading.Thread(target=heartbeat, args=(n,), daemon=True); t.start(); ts.append(t)
        time.sleep(0.3)
    time.sleep(1)
    for fn, args in [(scheduler, ())] + [(kubelet, (n,)) for n in NODES]:
        t = threading.Thread(target=fn, args=args, daemon=True); t.start(); ts.append(t)
    open(os.path.join(STATE, "agent.ready"), "w").close()
    while not stopped():
        time.sleep(0.5)
    for t in ts:          # the watches end within their timeoutSeconds
        t.join(40)


if __name__ == "__main__":
    main()
