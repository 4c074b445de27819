#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/zot (its record.sh, drive/ scripts and config) with other
repository names (other depths: one, two and three segments; dashes, underscores, dots, digits), other tags (semver,
pre-releases, dates in several styles, words, a branch name), other users and passwords (htpasswd and access control:
the protected namespace is `quant/**` instead of `acme/**`, the policies follow), other image contents and labels,
a few more images and tags, other user agents, GraphQL search terms, and other scanner probes: the same clients and
calls in the same order, other data. Run by record.sh on a copy, never on lab/apps/zot itself.

Every replacement must match exactly as many times as it says (the run stops otherwise), so that a change to
../zot's scripts cannot silently leave the old data in place. Replacements are applied in order.

usage: names.py DIR   (DIR: the copy of lab/apps/zot)
"""
import os, sys

ZB = '/tmp/shadowtap-lab/zot/bin'   # the binaries setup.sh of ../zot builds are only read

# file -> [(original, replacement, expected count)], applied in order
R = {
'record.sh': [
    # the original's setup (idempotent; builds into /tmp/shadowtap-lab/zot) and its binary, read only
    ('bash "$HERE/setup.sh"', 'bash "$HERE/../zot/setup.sh"', 1),
    ('"$L/bin/zot" serve', '"%s/zot" serve' % ZB, 1),
    ('anonymous read everywhere\n# but acme/**', 'anonymous read everywhere\n# but quant/**', 1),
    ('kube-probe/1.31', 'kube-probe/1.29', 2),
    ('"Prometheus/2.53.0"', '"Prometheus/2.45.6"', 1),
],
'drive/env.sh': [
    ('L=/tmp/shadowtap-lab/zot\n', 'L=/tmp/shadowtap-lab/zot-names2\n', 1),
    ("CI_USER=ci-bot;    CI_PASS='ci-7Hq2pLx9'", "CI_USER=gitlab_runner7;  CI_PASS='Rn7-vX2kQp'", 1),
    ("DEV_USER=alice;    DEV_PASS='alice-Wm4tR8vz'", "DEV_USER=m.okonkwo;     DEV_PASS='Okk.9fTz-w'", 1),
    ("RO_USER=auditor;   RO_PASS='aud-3Kd9Pq1s'", "RO_USER=trivyScan;      RO_PASS='tS-44pLmq0Z'", 1),
    ("ADMIN_USER=admin;  ADMIN_PASS='adm-Zx81Lm0q'", "ADMIN_USER=platform-owner; ADMIN_PASS='po-Vb62Xn3r'", 1),
],
'drive/config.json': [
    ('{ "users": ["ci-bot", "alice"], "actions": ["read", "create", "update", "delete"] },\n          { "users": ["auditor"], "actions": ["read"] }',
     '{ "users": ["gitlab_runner7", "m.okonkwo"], "actions": ["read", "create", "update", "delete"] },\n          { "users": ["trivyScan"], "actions": ["read"] }', 1),
    ('"acme/**"', '"quant/**"', 1),
    ('{ "users": ["ci-bot"], "actions": ["read", "create", "update", "delete"] },\n          { "users": ["alice", "auditor"], "actions": ["read"] }',
     '{ "users": ["gitlab_runner7"], "actions": ["read", "create", "update", "delete"] },\n          { "users": ["m.okonkwo", "trivyScan"], "actions": ["read"] }', 1),
    ('"users": ["admin"]', '"users": ["platform-owner"]', 1),
],
'drive/mkimages.py': [
    ('MT = 1717200000  # 2024-06-01', 'MT = 1736238600  # 2025-01-07 08:30 UTC', 1),
    ('"2024-06-01T00:00:00Z"', '"2025-01-07T08:30:00Z"', 3),
    ('"created_by": "lab"', '"created_by": "kaniko executor --reproducible"', 1),
    ('''    return [("etc/os-release", f'NAME="Lab Linux"\\nVERSION_ID="{v}"\\nID=lablinux\\n'),
            ("etc/motd", f"lab linux {v}: a tiny base for the registry lab\\n")]''',
     '''    return [("etc/os-release", f'PRETTY_NAME="Kestrel Base {v}"\\nNAME="Kestrel Base"\\nVERSION_ID="{v}"\\nID=kestrel\\nID_LIKE=debian\\n'),
            ("etc/issue", f"Kestrel Logistics base image {v} - internal use only\\n")]''', 1),
    ('''IMAGES = {
    "alpine-3.19": ([base("3.19.1")], {"org.opencontainers.image.version": "3.19.1"}),
    "alpine-3.20": ([base("3.20.0")], {"org.opencontainers.image.version": "3.20.0"}),
    "busybox-1.36": ([base("1.36.1"), [("bin/busybox.txt", "busybox 1.36.1 placeholder\\n")]], {"org.opencontainers.image.title": "busybox"}),
    "web-v1.2.3": ([base("3.19.1"), [("srv/web/index.html", "<h1>team-a web v1.2.3</h1>\\n")]], {"org.opencontainers.image.version": "v1.2.3", "org.opencontainers.image.vendor": "team-a"}),
    "web-v1.2.4": ([base("3.19.1"), [("srv/web/index.html", "<h1>team-a web v1.2.4</h1>\\n")]], {"org.opencontainers.image.version": "v1.2.4", "org.opencontainers.image.vendor": "team-a"}),
    "api-2024-06-01": ([base("3.20.0"), [("app/api.py", "print('team-a api build 2024-06-01')\\n")]], {"org.opencontainers.image.version": "2024-06-01"}),
    "builder-x86": ([base("3.20.0"), [("opt/toolchain/VERSION", "gcc 13.2 x86_64\\n")]], {"org.opencontainers.image.title": "builder-x86"}),
    "trainer-v2": ([base("3.20.0"), [("opt/ml/train.py", "EPOCHS = 3\\nprint('training v2')\\n"), ("opt/ml/requirements.txt", "numpy==1.26.4\\n")]], {"org.opencontainers.image.version": "2.0.0", "ai.acme.model": "resnet-tiny"}),
    "trainer-v2.1": ([base("3.20.0"), [("opt/ml/train.py", "EPOCHS = 5\\nprint('training v2.1')\\n")]], {"org.opencontainers.image.version": "2.1.0"}),
    "nginx-1.25": ([base("3.19.1"), [("etc/nginx/nginx.conf", "events {}\\nhttp { server { listen 80; } }\\n")]], {"org.opencontainers.image.version": "1.25.4"}),
    "redis-7.2": ([base("3.19.1"), [("etc/redis.conf", "bind 0.0.0.0\\nappendonly yes\\n")]], {"org.opencontainers.image.version": "7.2.5"}),
    "payments-svc": ([base("3.20.0"), [("srv/payments/app.txt", "payments service 0.9.0\\n")]], {"org.opencontainers.image.version": "0.9.0"}),
}''',
     '''IMAGES = {
    "deb-20240310": ([base("12.5")], {"org.opencontainers.image.version": "12.5", "org.opencontainers.image.revision": "20240310"}),
    "deb-20240612": ([base("12.6")], {"org.opencontainers.image.version": "12.6", "org.opencontainers.image.revision": "20240612"}),
    "toolbox-2.4": ([base("12.6"), [("usr/local/share/toolbox/CONTENTS", "jq 1.6, dig 9.18, tcpdump 4.99, mtr 0.95\\n")]], {"org.opencontainers.image.title": "toolbox", "com.kestrel.owner": "sre"}),
    "ui-2.0.0": ([base("12.5"), [("usr/share/tracking-ui/index.html", "<title>Parcel tracking 2.0.0</title>\\n")]], {"org.opencontainers.image.version": "2.0.0", "org.opencontainers.image.vendor": "Kestrel Logistics"}),
    "ui-2.1.0": ([base("12.5"), [("usr/share/tracking-ui/index.html", "<title>Parcel tracking 2.1.0</title>\\n")]], {"org.opencontainers.image.version": "2.1.0", "org.opencontainers.image.vendor": "Kestrel Logistics"}),
    "backend-sprint47": ([base("12.6"), [("srv/backend/main.go.txt", "package main // tracking backend, sprint 47\\n")]], {"org.opencontainers.image.version": "sprint-47"}),
    "cross-gcc": ([base("12.6"), [("usr/lib/cross/TARGET", "aarch64-linux-gnu gcc 13.2.0\\n")]], {"org.opencontainers.image.title": "cross_gcc-arm64"}),
    "risk-v7": ([base("12.6"), [("srv/model/score.R", "coefs <- c(0.12, -0.4, 1.7)\\n"), ("srv/model/DESCRIPTION", "Package: riskscore\\nVersion: 7\\n")]], {"org.opencontainers.image.version": "7", "com.kestrel.model": "gbm-credit-risk"}),
    "risk-v8": ([base("12.6"), [("srv/model/score.R", "coefs <- c(0.11, -0.38, 1.9, 0.02)\\n")]], {"org.opencontainers.image.version": "8"}),
    "envoy-1.29": ([base("12.5"), [("etc/envoy/envoy.yaml", "admin:\\n  address: {socket_address: {address: 0.0.0.0, port_value: 9901}}\\n")]], {"org.opencontainers.image.version": "1.29.3"}),
    "valkey-8.0": ([base("12.6"), [("etc/valkey/valkey.conf", "port 6380\\nmaxmemory 256mb\\n")]], {"org.opencontainers.image.version": "8.0.1"}),
}''', 1),
    ('''    "hello": [("usr/share/hello.txt", "hello from crane\\n")],
    "cfg-prod": [("etc/app/config.yaml", "env: prod\\nreplicas: 3\\n")],
    "cfg-staging": [("etc/app/config.yaml", "env: staging\\nreplicas: 1\\n")],
    "docs": [("usr/share/doc/README", "internal docs bundle 2024-06-01\\n")],
    "model": [("models/weights.txt", "tiny placeholder weights 0.1 0.2 0.3\\n")],''',
     '''    "greeter": [("srv/greeter/MESSAGE", "Greetings from the sandbox!\\n")],
    "settings-euw": [("etc/tracking/settings.toml", "region = \\"eu-west-1\\"\\nworkers = 6\\n")],
    "settings-canary": [("etc/tracking/settings.toml", "region = \\"eu-central-1\\"\\nworkers = 2\\ncanary = true\\n")],
    "wiki": [("var/www/wiki/index.md", "# Ops wiki snapshot, build 1187\\n")],
    "xgb": [("opt/models/xgb_demand.json", "{\\"trees\\": 40, \\"max_depth\\": 6, \\"eta\\": 0.3}\\n")],''', 1),
],
'drive/skopeo.sh': [
    ('''push alpine-3.19 alpine:3.19
push alpine-3.20 alpine:3.20
push alpine-3.20 alpine:latest
push busybox-1.36 library/busybox:1.36.1
''', '''push deb-20240310 debian12:20240310
push deb-20240612 debian12:20240612
push deb-20240612 debian12:bookworm
push toolbox-2.4 toolbox:2.4.0-r1
push toolbox-2.4 toolbox:main
''', 1),
    ('''push web-v1.2.3 team-a/web:v1.2.3
push web-v1.2.4 team-a/web:v1.2.4
push api-2024-06-01 team-a/web/api:2024-06-01
push builder-x86 platform_tools/builder-x86:v1.2.3
''', '''push ui-2.0.0 tracking-ui:2.0.0
push ui-2.1.0 tracking-ui:2.1.0
push backend-sprint47 tracking-ui/backend:sprint-47
push cross-gcc ci_images/cross_gcc-arm64:13.2.0-1
''', 1),
    ('''push trainer-v2 acme/ml/trainer-v2:v2.0.0
push trainer-v2.1 acme/ml/trainer-v2:v2.1.0
push nginx-1.25 library/nginx:1.25.4
''', '''push risk-v7 quant/risk-model:v7
push risk-v8 quant/risk-model:v8
push envoy-1.29 infra/proxy/envoy:1.29.3
push valkey-8.0 kv/valkey:8.0.1
''', 1),
    ('for ref in alpine:latest team-a/web:v1.2.4; do', 'for ref in debian12:bookworm tracking-ui:2.1.0 kv/valkey:8.0.1; do', 1),
    ('"docker://$REG/acme/ml/trainer-v2:v2.1.0" >/dev/null && log "inspect-raw trainer-v2"',
     '"docker://$REG/quant/risk-model:v8" >/dev/null && log "inspect-raw risk-model"', 1),
    ('"docker://$REG/library/nginx:1.25.4" >/dev/null && log "inspect-config nginx"',
     '"docker://$REG/infra/proxy/envoy:1.29.3" >/dev/null && log "inspect-config envoy"', 1),
    ('for repo in alpine team-a/web acme/ml/trainer-v2 library/busybox platform_tools/builder-x86; do',
     'for repo in debian12 tracking-ui quant/risk-model toolbox ci_images/cross_gcc-arm64 kv/valkey; do', 1),
    ('''for pair in "team-a/web:v1.2.4 team-a/web-prod:v1.2.4" "acme/ml/trainer-v2:v2.1.0 acme/ml/trainer-v2-prod:2024-06-01" \\
            "alpine:3.20 mirror/docker.io/library/alpine:3.20"; do''',
     '''for pair in "tracking-ui:2.1.0 tracking-ui-prod:2.1.0" "quant/risk-model:v8 quant/risk-model.prod:2025-q1" \\
            "debian12:20240612 upstream/quay.io/debian12:20240612"; do''', 1),
    ('"docker://$REG/alpine:3.19" >/dev/null && log "anon-inspect alpine:3.19"',
     '"docker://$REG/debian12:20240310" >/dev/null && log "anon-inspect debian12:20240310"', 1),
    ('"docker://$REG/library/nginx" >/dev/null && log "anon-list-tags nginx"',
     '"docker://$REG/infra/proxy/envoy" >/dev/null && log "anon-list-tags envoy"', 1),
    ('"oci:$STATE/images/alpine-3.19" "docker://$REG/alpine:auditor-test"',
     '"oci:$STATE/images/deb-20240310" "docker://$REG/debian12:scan-probe"', 1),
    ('"$CI_USER:expired-token" "oci:$STATE/images/alpine-3.19" "docker://$REG/alpine:badpass"',
     '"$CI_USER:Rn7-vX2kQp-2023" "oci:$STATE/images/deb-20240310" "docker://$REG/debian12:ci-retry"', 1),
    ('"docker://$REG/alpine:3.19" && log "delete alpine:3.19"', '"docker://$REG/debian12:20240310" && log "delete debian12:20240310"', 1),
    ('team-a/web:v1.2.3', 'tracking-ui:2.0.0', 2),
    ('"docker://$REG/team-a/web" >/dev/null && log "list-tags team-a/web"', '"docker://$REG/tracking-ui" >/dev/null && log "list-tags tracking-ui"', 1),
],
'drive/crane.sh': [
    ('CR="$L/bin/crane --insecure"', 'CR="%s/crane --insecure"' % ZB, 1),
    ('run append -b "$REG/alpine:3.20" -f "$STATE/layers/hello.tar.gz" -t "$REG/team-a/hello:v0.1.0"',
     'run append -b "$REG/debian12:20240612" -f "$STATE/layers/greeter.tar.gz" -t "$REG/sandbox/greeter:0.3.0"', 1),
    ('run append -b "$REG/team-a/web:v1.2.4" -f "$STATE/layers/cfg-prod.tar.gz" -t "$REG/team-a/web:v1.2.4-prod"',
     'run append -b "$REG/tracking-ui:2.1.0" -f "$STATE/layers/settings-euw.tar.gz" -t "$REG/tracking-ui:2.1.0-eu-west"', 1),
    ('run append -b "$REG/team-a/web:v1.2.4" -f "$STATE/layers/cfg-staging.tar.gz" -t "$REG/team-a/web:v1.2.4-staging"',
     'run append -b "$REG/tracking-ui:2.1.0" -f "$STATE/layers/settings-canary.tar.gz" -t "$REG/tracking-ui:2.1.0-canary"', 1),
    ('run append -b "$REG/library/busybox:1.36.1" -f "$STATE/layers/docs.tar.gz" -t "$REG/docs/internal-handbook:2024-06-01"',
     'run append -b "$REG/toolbox:2.4.0-r1" -f "$STATE/layers/wiki.tar.gz" -t "$REG/wiki-static:build.1187"', 1),
    ('run append -b "$REG/alpine:3.20" -f "$STATE/layers/model.tar.gz" -t "$REG/ml-models/resnet-tiny:v3"',
     'run append -b "$REG/debian12:20240612" -f "$STATE/layers/xgb.tar.gz" -t "$REG/forecasting/xgb-demand:exp-042"', 1),
    ('run tag "$REG/team-a/hello:v0.1.0" latest\nrun tag "$REG/team-a/web:v1.2.4-prod" 2024-06-01\n',
     'run tag "$REG/sandbox/greeter:0.3.0" edge\nrun tag "$REG/tracking-ui:2.1.0-eu-west" go-live\nrun tag "$REG/wiki-static:build.1187" current\n', 1),
    ('run mutate "$REG/team-a/hello:v0.1.0" -l org.opencontainers.image.source=https://git.example.internal/team-a/hello -t "$REG/team-a/hello:v0.1.1"',
     'run mutate "$REG/sandbox/greeter:0.3.0" -l org.opencontainers.image.source=https://gitea.kestrel.lan/sandbox/greeter -t "$REG/sandbox/greeter:0.3.1"', 1),
    ('for r in alpine team-a/web team-a/hello library/busybox docs/internal-handbook ml-models/resnet-tiny acme/ml/trainer-v2; do',
     'for r in debian12 tracking-ui sandbox/greeter toolbox wiki-static forecasting/xgb-demand quant/risk-model infra/proxy/envoy; do', 1),
    ('for ref in team-a/web:v1.2.4-prod ml-models/resnet-tiny:v3 platform_tools/builder-x86:v1.2.3; do',
     'for ref in tracking-ui:2.1.0-eu-west forecasting/xgb-demand:exp-042 ci_images/cross_gcc-arm64:13.2.0-1 kv/valkey:8.0.1; do', 1),
    ('team-a/hello:v0.1.1', 'sandbox/greeter:0.3.1', 3),
    ('team-a/hello@$D', 'sandbox/greeter@$D', 2),
    ('ml-models/resnet-tiny:v3', 'forecasting/xgb-demand:exp-042', 3),
    ('ml-models/resnet-tiny@$L1', 'forecasting/xgb-demand@$L1', 1),
    ('"$REG/team-a/hello-archive:v0.1.1"', '"$REG/sandbox/old/greeter:0.3.1"', 1),
    ('"$REG/acme/ml/resnet-tiny:v3"   # alice may only read below acme/: refused',
     '"$REG/quant/models/xgb-demand:exp-042"   # m.okonkwo may only read below quant/: refused', 1),
    ('run delete "$REG/team-a/web:v1.2.4-staging"', 'run delete "$REG/tracking-ui:2.1.0-canary"', 1),
    ('run ls "$REG/team-a/hello"', 'run ls "$REG/sandbox/greeter"', 1),
    ('run cp "$REG/alpine:3.20" "$REG/platform_tools/base/alpine:3.20"',
     'run cp "$REG/debian12:20240612" "$REG/golden/os/debian12:20240612"', 1),
    ('run cp "$REG/library/busybox:1.36.1" "$REG/platform_tools/base/busybox:1.36.1"',
     'run cp "$REG/toolbox:2.4.0-r1" "$REG/golden/os/toolbox:2.4.0-r1"', 1),
    ('run cp "$REG/acme/ml/trainer-v2:v2.1.0" "$REG/acme/ml/trainer-v2:v2.1.0-rc1"',
     'run cp "$REG/quant/risk-model:v8" "$REG/quant/risk-model:v8-candidate"', 1),
    ('run ls "$REG/platform_tools/base/alpine"', 'run ls "$REG/golden/os/debian12"', 1),
    ('run delete "$REG/acme/ml/trainer-v2:v2.1.0-rc1"', 'run delete "$REG/quant/risk-model:v8-candidate"', 1),
],
'drive/api.py': [
    ('ua="release-pipeline/3.4 (python)"', 'ua="kestrel-deployer/0.19.2 python/3.11"', 1),
    ('ua="alice-scripts/0.2"', 'ua="mo-regtool/1.1"', 1),
    ('''    apps = [("team-a/web/api", ["v1.2.3", "v1.3.0"]), ("team-b/billing/worker", ["1.0.0", "2024-06-01"]),
            ("payments/ledger", ["v0.9.0", "v0.9.1"]), ("acme/ml/trainer-v2", ["2024-06-01", "2024-06-15"])]''',
     '''    apps = [("tracking-ui/backend", ["1.4.0", "1.4.1", "1.5.0-beta.2"]), ("erp/payables/batchjob", ["r2024.09.02", "main"]),
            ("settlement", ["v3.0.0-rc.1", "v3.0.0"]), ("quant/risk-model", ["2025.01.07", "2025.01.21"])]''', 1),
    ('l1 = (f"layer-{repo}-{tag}-base " * 8).encode()', 'l1 = (f"rootfs of {repo} at {tag}; " * 9).encode()', 1),
    ('l2 = (f"layer-{repo}-{tag}-app-files " * 12).encode()', 'l2 = (f"app bundle {repo}:{tag} " * 14).encode()', 1),
    ('f"{B}/{repo}/tags/list?n=1"', 'f"{B}/{repo}/tags/list?n=2"', 1),
    ('f"{B}/team-a/web/api/blobs/uploads/", b""', 'f"{B}/tracking-ui/backend/blobs/uploads/", b""', 1),
    ('b"partial-bytes-of-an-abandoned-push"', 'b"interrupted upload from runner 7, job 88190"', 1),
    ('f"{B}/team-a/web/api/blobs/uploads/2d0c3f1e-7b7a-4f8e-9a55-000000000000"',
     'f"{B}/tracking-ui/backend/blobs/uploads/7f3e9a10-4c2b-4d8e-b1a6-5e0d2c9f8b43"', 1),
    ('# promote: mount the layers of team-a/web/api into team-a/web/api-prod and payments/ledger into payments/ledger-dr',
     '# promote: mount the layers of tracking-ui/backend into tracking-ui/backend-prod and settlement into settlement.replica', 1),
    ('[("team-a/web/api", "team-a/web/api-prod", "v1.3.0"), ("payments/ledger", "payments/ledger-dr", "v0.9.1")]',
     '[("tracking-ui/backend", "tracking-ui/backend-prod", "1.5.0-beta.2"), ("settlement", "settlement.replica", "v3.0.0")]', 1),
    ('f"{B}/{dst}/manifests/stable"', 'f"{B}/{dst}/manifests/promoted"', 1),
    ('[("team-a/web/api", "v1.3.0"), ("acme/ml/trainer-v2", "2024-06-15"), ("payments/ledger", "v0.9.1")]',
     '[("tracking-ui/backend", "1.5.0-beta.2"), ("quant/risk-model", "2025.01.21"), ("settlement", "v3.0.0")]', 1),
    ('"packages": [{"name": "lablinux-base", "versionInfo": "3.20.0"}]',
     '"packages": [{"name": "kestrel-base", "versionInfo": "12.6"}, {"name": "openssl", "versionInfo": "3.0.13"}]', 1),
    ('by release-key-2024', 'by cosign-key-kestrel-01', 1),
    ('"org.opencontainers.artifact.created": "2024-06-01T00:00:00Z"', '"org.opencontainers.artifact.created": "2025-01-21T17:05:00Z"', 1),
    ('dev.req("GET", f"{B}/_catalog?n=3")', 'dev.req("GET", f"{B}/_catalog?n=5")', 1),
    ('f"{B}/_catalog?n=3&last=alpine"', 'f"{B}/_catalog?n=4&last=debian12"', 1),
    ('.get("repositories", [])[:12]', '.get("repositories", [])[:15]', 1),
    ('.get("tags") or [])[:2]', '.get("tags") or [])[:3]', 1),
    ('f"{B}/team-a/web/api/manifests/v9.9.9"', 'f"{B}/tracking-ui/backend/manifests/1.3.99"', 1),
    ('''f"{B}/team-a/web/api/blobs/sha256:{'0' * 64}"''', '''f"{B}/tracking-ui/backend/blobs/sha256:{'e3' * 32}"''', 1),
    ('f"{B}/nosuch/repo/tags/list"', 'f"{B}/retired/ftp-gateway/tags/list"', 1),
    ('''f"{B}/team-a/web/api/manifests/sha256:{'ab' * 32}"''', '''f"{B}/settlement/manifests/sha256:{'7d' * 32}"''', 1),
    ('[("team-b/billing/worker", "1.0.0"), ("payments/ledger", "v0.9.0"), ("acme/ml/trainer-v2", "2024-06-01")]',
     '[("erp/payables/batchjob", "r2024.09.02"), ("settlement", "v3.0.0-rc.1"), ("quant/risk-model", "2025.01.07")]', 1),
    ('b"a stray blob uploaded by a failed job on 2024-06-01"', 'b"orphaned layer left by pipeline #88213 (cancelled)"', 1),
    ('team-b/billing/worker', 'erp/payables/batchjob', 3),
    ('# alice may not delete below acme/ (403)', '# m.okonkwo may not delete below quant/ (403)', 1),
    ('f"{B}/acme/ml/trainer-v2/manifests/2024-06-15"', 'f"{B}/quant/risk-model/manifests/2025.01.21"', 1),
    ('f"{B}/acme/ml/trainer-v2/manifests/alice-test"', 'f"{B}/quant/risk-model/manifests/mo-scratch"', 1),
    ('"title": title, "version": ver', '"com.kestrel.app": title, "com.kestrel.rev": ver', 1),
],
'drive/search.py': [
    ('ua="Mozilla/5.0 (X11; Linux x86_64) zui/1.0"',
     'ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 registry-portal/2.3"', 1),
    ('ua="curl/7.88.1"', 'ua="Wget/1.21.4"', 1),
    ('["team", "alpine", "ml", "web", "builder"][r % 5:r % 5 + 2]', '["tracking", "debian", "quant", "greeter", "gcc", "kv"][r % 6:r % 6 + 3]', 1),
    ('repos[r * 3:(r + 1) * 3]', 'repos[r * 4:(r + 1) * 4]', 1),
    ("""'{ GlobalSearch(query: "alpine") { Repos { Name } } }'""", """'{ GlobalSearch(query: "envoy") { Repos { Name } } }'""", 1),
    ('"{ ImageList(repo: ) { Tag } }"', """'{ ExpandedRepoInfo(repo: "toolbox" { Summary { Name } } }'""", 1),
    ("""'{ CVEListForImage(image: "alpine:3.20") { Tag CVEList { Id Severity } } }'""",
     """'{ CVEListForImage(image: "debian12:20240612") { Tag CVEList { Id Severity } } }'""", 1),
    ('"Origin": "http://127.0.0.1:3000"', '"Origin": "http://127.0.0.1:5173"', 1),
],
'drive/public.sh': [
    ("-I \"$BASE/v2/alpine/manifests/latest\"", "-I \"$BASE/v2/debian12/manifests/bookworm\"", 1),
    ('"$BASE/v2/alpine/manifests/3.20"', '"$BASE/v2/debian12/manifests/20240612"', 1),
    ('c anon "$BASE/v2/library/nginx/tags/list"', 'c anon "$BASE/v2/infra/proxy/envoy/tags/list"', 1),
    ('c anon "$BASE/v2/acme/ml/trainer-v2/tags/list"          # acme/ has no anonymous read: refused',
     'c anon "$BASE/v2/quant/risk-model/tags/list"          # quant/ has no anonymous read: refused', 1),
    ('c anon -X POST "$BASE/v2/alpine/blobs/uploads/"', 'c anon -X POST "$BASE/v2/toolbox/blobs/uploads/"', 1),
    ('"$BASE/v2/team-a/web/manifests/hotfix"', '"$BASE/v2/tracking-ui/manifests/patched-2"', 1),
    ('c anon -X DELETE "$BASE/v2/team-a/web/manifests/latest"', 'c anon -X DELETE "$BASE/v2/tracking-ui/manifests/edge"', 1),
    ('for p in "$CI_USER:hunter2" "root:root" "admin:admin" "alice:Summer2024!"; do',
     'for p in "$CI_USER:Rn7-vX2kQp0" "ubuntu:ubuntu" "registry:registry" "m.okonkwo:Welcome1!" "guest:guest"; do', 1),
    ('c badcreds -u "$p" "$BASE/v2/team-a/web/tags/list"', 'c badcreds -u "$p" "$BASE/v2/tracking-ui/backend/tags/list"', 1),
    ("-H 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig' \"$BASE/v2/alpine/tags/list\"",
     "-H 'Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkZXBsb3kifQ.c2ln' \"$BASE/v2/toolbox/tags/list\"", 1),
    ('c auditor -u "$RO_USER:$RO_PASS" "$BASE/v2/acme/ml/trainer-v2/tags/list"', 'c auditor -u "$RO_USER:$RO_PASS" "$BASE/v2/quant/risk-model.prod/tags/list"', 1),
    ('-X POST "$BASE/v2/team-a/web/blobs/uploads/"', '-X POST "$BASE/v2/tracking-ui-prod/blobs/uploads/"', 1),
    ('-X DELETE "$BASE/v2/alpine/manifests/3.19"', '-X DELETE "$BASE/v2/debian12/manifests/20240612"', 1),
    ('-X DELETE "$BASE/v2/alpine/blobs/$Z"', '-X DELETE "$BASE/v2/toolbox/blobs/$Z"', 1),
    ('Z=sha256:0000000000000000000000000000000000000000000000000000000000000000',
     'Z=sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef', 1),
    ('for p in /v2/ /v2/_catalog /v2/team-a/web/tags/list /v2/team-a/web/manifests/latest /v2/_zot/ext/search; do',
     'for p in /v2/ /v2/_catalog /v2/tracking-ui/backend/tags/list /v2/settlement/manifests/v3.0.0 /v2/_zot/ext/search; do', 1),
    ("-H 'Origin: http://127.0.0.1:3000'", "-H 'Origin: http://127.0.0.1:5173'", 1),
],
'drive/probes.sh': [
    ('UA="Mozilla/5.0 zgrab/0.x"', 'UA="Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"', 1),
    ('''for p in /.env /wp-login.php /.git/config /admin.php /server-status /phpmyadmin/ /actuator/health /config.json \\
         /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /.DS_Store /v1/_catalog /api/v1/repositories \\
         /v2/Admin/.env /swagger/v2/index.html; do''',
     '''for p in /.env.bak /wp-content/debug.log /.git/HEAD /login.action /server-info /pma/ /actuator/env /settings.json \\
         /.aws/credentials /.svn/wc.db /api/v2.0/projects /service/rest/v1/repositories /v2/Backup/db.sql \\
         /openapi.json /owa/auth/logon.aspx /cgi-bin/luci; do''', 1),
    ('probe POST /xmlrpc.php', 'probe POST /boaform/admin/formLogin', 1),
],
}


def main():
    d = sys.argv[1]
    bad = 0
    for f, reps in R.items():
        p = os.path.join(d, f)
        s = open(p, encoding='utf-8').read()
        for a, b, n in reps:
            got = s.count(a)
            if got != n:
                print(f'names.py: {f}: expected {n} of {a[:70]!r}, found {got}', file=sys.stderr)
                bad += 1
            s = s.replace(a, b)
        open(p, 'w', encoding='utf-8').write(s)
    if bad:
        sys.exit(1)

if __name__ == '__main__':
    main()
