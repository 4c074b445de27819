#!/usr/bin/env python3
"""Makes small OCI image layouts (oci-layout, index.json, blobs/sha256/...) under $STATE/images/NAME for skopeo to
push, and tiny layer tarballs under $STATE/layers for crane. Every layer is a gzipped tar of one or two text files
(a few hundred bytes); nothing is pulled from anywhere."""
import gzip, hashlib, io, json, os, sys, tarfile, time

STATE = os.environ["STATE"]
MT = 1717200000  # 2024-06-01


def targz(files):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for path, text in files:
            data = text.encode()
            ti = tarfile.TarInfo(path)
            ti.size = len(data); ti.mtime = MT; ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
    tar = raw.getvalue()
    gz = gzip.compress(tar, compresslevel=9, mtime=0)
    return gz, "sha256:" + hashlib.sha256(tar).hexdigest()


def put(d, data):
    dg = hashlib.sha256(data).hexdigest()
    os.makedirs(f"{d}/blobs/sha256", exist_ok=True)
    with open(f"{d}/blobs/sha256/{dg}", "wb") as f:
        f.write(data)
    return "sha256:" + dg


def image(name, layers, labels, arch="amd64", cmd=None):
    d = f"{STATE}/images/{name}"
    os.makedirs(d, exist_ok=True)
    ldescs, diffids = [], []
    for files in layers:
        gz, diffid = targz(files)
        ldescs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": put(d, gz), "size": len(gz)})
        diffids.append(diffid)
    cfg = {"created": "2024-06-01T00:00:00Z", "architecture": arch, "os": "linux",
           "config": {"Env": ["PATH=/usr/local/bin:/usr/bin:/bin"], "Cmd": cmd or ["/bin/sh"], "Labels": labels},
           "rootfs": {"type": "layers", "diff_ids": diffids},
           "history": [{"created": "2024-06-01T00:00:00Z", "created_by": "lab"} for _ in layers]}
    cb = json.dumps(cfg, separators=(",", ":")).encode()
    man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": put(d, cb), "size": len(cb)},
           "layers": ldescs, "annotations": {"org.opencontainers.image.created": "2024-06-01T00:00:00Z"}}
    mb = json.dumps(man, separators=(",", ":")).encode()
    md = put(d, mb)
    with open(f"{d}/oci-layout", "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(f"{d}/index.json", "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": man["mediaType"], "digest": md, "size": len(mb),
                   "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, f)


def base(v):
    return [("etc/os-release", f'NAME="Lab Linux"\nVERSION_ID="{v}"\nID=lablinux\n'),
            ("etc/motd", f"lab linux {v}: a tiny base for the registry lab\n")]


IMAGES = {
    "alpine-3.19": ([base("3.19.1")], {"org.opencontainers.image.version": "3.19.1"}),
    "alpine-3.20": ([base("3.20.0")], {"org.opencontainers.image.version": "3.20.0"}),
    "busybox-1.36": ([base("1.36.1"), [("bin/busybox.txt", "busybox 1.36.1 placeholder\n")]], {"org.opencontainers.image.title": "busybox"}),
    "web-v1.2.3": ([base("3.19.1"), [("srv/web/index.html", "<h1>team-a web v1.2.3</h1>\n")]], {"org.opencontainers.image.version": "v1.2.3", "org.opencontainers.image.vendor": "team-a"}),
    "web-v1.2.4": ([base("3.19.1"), [("srv/web/index.html", "<h1>team-a web v1.2.4</h1>\n")]], {"org.opencontainers.image.version": "v1.2.4", "org.opencontainers.image.vendor": "team-a"}),
    "api-2024-06-01": ([base("3.20.0"), [("app/api.py", "print('team-a api build 2024-06-01')\n")]], {"org.opencontainers.image.version": "2024-06-01"}),
    "builder-x86": ([base("3.20.0"), [("opt/toolchain/VERSION", "gcc 13.2 x86_64\n")]], {"org.opencontainers.image.title": "builder-x86"}),
    "trainer-v2": ([base("3.20.0"), [("opt/ml/train.py", "EPOCHS = 3\nprint('training v2')\n"), ("opt/ml/requirements.txt", "numpy==1.26.4\n")]], {"org.opencontainers.image.version": "2.0.0", "ai.acme.model": "resnet-tiny"}),
    "trainer-v2.1": ([base("3.20.0"), [("opt/ml/train.py", "EPOCHS = 5\nprint('training v2.1')\n")]], {"org.opencontainers.image.version": "2.1.0"}),
    "nginx-1.25": ([base("3.19.1"), [("etc/nginx/nginx.conf", "events {}\nhttp { server { listen 80; } }\n")]], {"org.opencontainers.image.version": "1.25.4"}),
    "redis-7.2": ([base("3.19.1"), [("etc/redis.conf", "bind 0.0.0.0\nappendonly yes\n")]], {"org.opencontainers.image.version": "7.2.5"}),
    "payments-svc": ([base("3.20.0"), [("srv/payments/app.txt", "payments service 0.9.0\n")]], {"org.opencontainers.image.version": "0.9.0"}),
}

for name, (layers, labels) in IMAGES.items():
    image(name, layers, labels)

os.makedirs(f"{STATE}/layers", exist_ok=True)
for name, files in {
    "hello": [("usr/share/hello.txt", "hello from crane\n")],
    "cfg-prod": [("etc/app/config.yaml", "env: prod\nreplicas: 3\n")],
    "cfg-staging": [("etc/app/config.yaml", "env: staging\nreplicas: 1\n")],
    "docs": [("usr/share/doc/README", "internal docs bundle 2024-06-01\n")],
    "model": [("models/weights.txt", "tiny placeholder weights 0.1 0.2 0.3\n")],
}.items():
    gz, _ = targz(files)
    with open(f"{STATE}/layers/{name}.tar.gz", "wb") as f:
        f.write(gz)
print("images:", len(IMAGES))
