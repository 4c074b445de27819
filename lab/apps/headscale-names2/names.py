#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/headscale (its record.sh, drive/ scripts and config) with other
data: the story is "Brightwater", a group of clinics, instead of "Northwind". Other user names (kebab, snake, camel,
Pascal, dotted, several dots, digits, an e-mail-style name; 14 users instead of 12), other device hostnames and given
names (14 + 20 devices instead of 15 + 17), other tags, ACL groups, tag owners, auto-approvers, ACLs and SSH rules,
other pre-auth key options (9 keys instead of 8), other route prefixes (one IPv6), other API key expirations, other
e-mail addresses, DERP region and MagicDNS domain, other user agents, lookups, wrong credentials and scanner probes:
the same clients and calls in the same order, other data. Run by record.sh on a copy, never on lab/apps/headscale.

Every replacement must match exactly as many times as it says (the run stops otherwise), so that a change to
../headscale's scripts cannot silently leave the old data in place. Replacements are applied in order.

usage: names.py DIR   (DIR: the copy of lab/apps/headscale)
"""
import os
import sys

HB = '/tmp/shadowtap-lab/headscale/bin/headscale'   # the binary ../headscale/setup.sh builds is only read

R = {
'record.sh': [
    # the original's setup (idempotent; builds into /tmp/shadowtap-lab/headscale) and its binary, read only
    ('bash "$HERE/setup.sh"', 'bash "$HERE/../headscale/setup.sh"', 1),
    ('exec "$L/bin/headscale" serve', 'exec "%s" serve' % HB, 1),
    ("Northwind's IT automation", "Brightwater's IT automation", 1),
    ('kube-probe/1.31', 'kube-probe/1.30', 2),
    ('"Prometheus/2.53.0"', '"Prometheus/3.1.0"', 1),
],
'drive/env.sh': [
    ('L=/tmp/shadowtap-lab/headscale\n', 'L=/tmp/shadowtap-lab/headscale-names2\n', 1),
],
'drive/config.yaml': [
    ('region_id: 901', 'region_id: 947', 1),
    ('region_code: "hq"', 'region_code: "bw-dub"', 1),
    ('region_name: "Northwind HQ DERP"', 'region_name: "Brightwater Dublin relay"', 1),
    ('base_domain: tailnet.northwind.internal', 'base_domain: mesh.brightwater-care.lan', 1),
],
'drive/bootstrap.sh': [
    ('"$L/bin/headscale" -c "$RUN/config.yaml" apikeys create --expiration 90d',
     '"%s" -c "$RUN/config.yaml" apikeys create --expiration 180d' % HB, 1),
    ('"$BASE/key?v=116"', '"$BASE/key?v=121"', 1),
    ('''-d '{"expiration":"2027-06-30T00:00:00Z"}' "$BASE/api/v1/apikey"''',
     '''-d '{"expiration":"2027-11-15T08:00:00Z"}' "$BASE/api/v1/apikey"''', 1),
],
'drive/hs.py': [
    ('"/tmp/shadowtap-lab/headscale/state"', '"/tmp/shadowtap-lab/headscale-names2/state"', 1),
],
'drive/dashboard.py': [
    ('"tailnet-dashboard/2.1 python-http.client/3.11"', '"noc-wallboard/0.9.4 (CPython 3.11; http.client)"', 1),
],
'drive/provision.py': [
    ('rng = random.Random("northwind-%s-%s"', 'rng = random.Random("brightwater-%s-%s"', 1),
    ('''USERS = [
    # name, display name, email
    ("platform-eng", "Platform Engineering", "platform@northwind.io"),
    ("priya_nair", "Priya Nair", "priya.nair@northwind.io"),
    ("MarcoRossi", "Marco Rossi", "marco.rossi@northwind.io"),
    ("ana.silva", "Ana Silva", "ana.silva@northwind.io"),
    ("kim", "Kim Jisoo", ""),
    ("j.okafor@northwind.io", "Joseph Okafor", "j.okafor@northwind.io"),
    ("data_science", "Data Science", "data-science@northwind.io"),
    ("ci-runners", "CI runners", ""),
    ("intern2026", "Summer intern 2026", ""),
    ("SupportEMEA", "Support EMEA", "support-emea@northwind.io"),
    ("lena.fischer", "Lena Fischer", "lena.fischer@northwind.io"),
    ("tomoko-y", "Tomoko Yamamoto", "tomoko.y@northwind.io"),
]
''', '''USERS = [
    # name, display name, email
    ("clinical-apps", "Clinical Applications", "clinical.apps@brightwater-care.org"),
    ("oleksandr_bondar", "Oleksandr Bondar", "o.bondar@brightwater-care.org"),
    ("siobhanByrne", "Siobh\\u00e1n Byrne", "siobhan.byrne@brightwater-care.org"),
    ("h.lindqvist", "Henrik Lindqvist", "henrik.lindqvist@brightwater-care.org"),
    ("wei", "Zhang Wei", ""),
    ("d.mensah@brightwater-care.org", "Dorcas Mensah", "d.mensah@brightwater-care.org"),
    ("imaging_ai", "Imaging AI lab", "imaging-ai@brightwater-care.org"),
    ("buildfarm", "Compile farm", ""),
    ("locum2027", "Locum physician (winter 2027)", ""),
    ("PharmacyOps", "Pharmacy Operations", "pharmacy-ops@brightwater-care.org"),
    ("ravi.menon", "Ravi Menon", "ravi.menon@brightwater-care.org"),
    ("ines-carvalho", "In\\u00eas Carvalho", "ines.c@brightwater-care.org"),
    ("ward7-tablets", "Ward 7 bedside tablets", ""),
    ("nurse.station.b", "Nurse station B", "ns-b@brightwater-care.org"),
]
''', 1),
    ('''BATCH1 = [
    ("priya-mbp-2026", "priya_nair", []), ("marco-thinkpad", "MarcoRossi", []), ("ana-desktop", "ana.silva", []),
    ("kim-laptop", "kim", []), ("okafor-surface", "j.okafor@northwind.io", []), ("db-primary-eu1", "platform-eng", []),
    ("db-replica-eu1", "platform-eng", []), ("grafana", "platform-eng", []),
    ("subnet-router-fra", "platform-eng", ["10.20.0.0/16"]),
    ("subnet-router-nyc", "platform-eng", ["10.30.0.0/16", "192.168.50.0/24"]),
    ("exit-node-ams", "platform-eng", ["0.0.0.0/0", "::/0"]), ("build-runner-01", "ci-runners", []),
    ("build-runner-02", "ci-runners", []), ("build-runner-03", "ci-runners", []), ("tomoko-laptop", "tomoko-y", []),
]
BATCH2 = [
    ("priya-pixel8", "priya_nair", []), ("marco-iphone", "MarcoRossi", []), ("ana-ipad", "ana.silva", []),
    ("jupyter-gpu-01", "data_science", []), ("jupyter-gpu-02", "data_science", []), ("feature-store", "data_science", ["10.40.8.0/24"]),
    ("build-runner-04", "ci-runners", []), ("arm64-runner", "ci-runners", []), ("k8s-ingress-1", "platform-eng", ["10.96.0.0/12"]),
    ("intern-laptop", "intern2026", []), ("kiosk-lobby", "SupportEMEA", []), ("support-desk-3", "SupportEMEA", []),
    ("lena-macbook", "lena.fischer", []), ("tomoko-pixel", "tomoko-y", []), ("wiki-server", "platform-eng", []),
    ("backup-nas", "platform-eng", ["192.168.77.0/24"]), ("ana-laptop-old", "ana.silva", []),
]
TAGS = {
    "db-primary-eu1": ["tag:db"], "db-replica-eu1": ["tag:db"], "grafana": ["tag:monitoring"],
    "subnet-router-fra": ["tag:subnet-router"], "subnet-router-nyc": ["tag:subnet-router"],
    "exit-node-ams": ["tag:exit-node"], "build-runner-01": ["tag:ci"], "build-runner-02": ["tag:ci"],
    "build-runner-03": ["tag:ci"], "build-runner-04": ["tag:ci"], "arm64-runner": ["tag:ci", "tag:arm64"],
    "jupyter-gpu-01": ["tag:gpu"], "jupyter-gpu-02": ["tag:gpu"], "feature-store": ["tag:db", "tag:data"],
    "k8s-ingress-1": ["tag:k8s"], "kiosk-lobby": ["tag:kiosk"], "support-desk-3": ["tag:kiosk"],
    "wiki-server": ["tag:web"], "backup-nas": ["tag:backup"],
}
# the naming convention (some keep their name)
RENAME = {
    "priya-mbp-2026": "priya-macbook", "marco-thinkpad": "marco-x1-carbon", "okafor-surface": "jokafor-surface",
    "build-runner-01": "ci-amd64-01", "build-runner-02": "ci-amd64-02", "build-runner-03": "ci-amd64-03",
    "jupyter-gpu-01": "gpu-notebook-a", "jupyter-gpu-02": "gpu-notebook-b", "arm64-runner": "ci-arm64-01",
    "kim-laptop": "kim-xps13", "lena-macbook": "lena-mbp-14", "intern-laptop": "loaner-07",
}
''', '''BATCH1 = [
    ("ob-elitebook-2027", "oleksandr_bondar", []), ("sbyrne-zbook", "siobhanByrne", []), ("hl-imac-27", "h.lindqvist", []),
    ("wei-framework13", "wei", []), ("dmensah-mba", "d.mensah@brightwater-care.org", []), ("ehr-sql-a", "clinical-apps", []),
    ("ehr-sql-b", "clinical-apps", []), ("prom-stack", "clinical-apps", []),
    ("gw-galway", "clinical-apps", ["172.20.0.0/16"]),
    ("gw-cork", "clinical-apps", ["10.112.0.0/16", "fd00:b:1::/48"]),
    ("egress-dub1", "clinical-apps", ["0.0.0.0/0", "::/0"]), ("bf-x86-a", "buildfarm", []),
    ("bf-x86-b", "buildfarm", []), ("ines-latitude", "ines-carvalho", []),
]
BATCH2 = [
    ("ob-galaxy-s24", "oleksandr_bondar", []), ("sbyrne-handset", "siobhanByrne", []), ("hl-galaxytab", "h.lindqvist", []),
    ("triton-a100-1", "imaging_ai", []), ("triton-a100-2", "imaging_ai", []), ("orthanc-pacs", "imaging_ai", ["10.8.4.0/22"]),
    ("bf-x86-c", "buildfarm", []), ("graviton-bf", "buildfarm", []), ("rke2-edge-01", "clinical-apps", ["10.43.0.0/16"]),
    ("locum-chromebook", "locum2027", []), ("signage-atrium", "PharmacyOps", []), ("pharm-counter-2", "PharmacyOps", []),
    ("ravi-tp-t14", "ravi.menon", []), ("ines-fairphone", "ines-carvalho", []), ("confluence-vm", "clinical-apps", []),
    ("synology-ds920", "clinical-apps", ["192.168.200.0/24"]), ("hl-air-2019", "h.lindqvist", []),
    ("w7-tab-bed01", "ward7-tablets", []), ("w7-tab-bed02", "ward7-tablets", []), ("nsb-thinclient", "nurse.station.b", []),
]
TAGS = {
    "ehr-sql-a": ["tag:ehr-db"], "ehr-sql-b": ["tag:ehr-db"], "prom-stack": ["tag:observability"],
    "gw-galway": ["tag:site-gw"], "gw-cork": ["tag:site-gw"],
    "egress-dub1": ["tag:egress"], "bf-x86-a": ["tag:buildfarm"], "bf-x86-b": ["tag:buildfarm"],
    "bf-x86-c": ["tag:buildfarm"], "graviton-bf": ["tag:buildfarm", "tag:aarch64"],
    "triton-a100-1": ["tag:inference"], "triton-a100-2": ["tag:inference"], "orthanc-pacs": ["tag:pacs", "tag:dicom"],
    "rke2-edge-01": ["tag:lb-edge"], "signage-atrium": ["tag:signage"], "pharm-counter-2": ["tag:signage"],
    "confluence-vm": ["tag:intranet"], "synology-ds920": ["tag:filestore"],
    "w7-tab-bed01": ["tag:bedside"], "w7-tab-bed02": ["tag:bedside"],
}
# the naming convention (some keep their name)
RENAME = {
    "ob-elitebook-2027": "obondar-eb840", "sbyrne-zbook": "siobhan-zbook-g10", "dmensah-mba": "d-mensah-mba",
    "bf-x86-a": "bfarm-x64-a", "bf-x86-b": "bfarm-x64-b",
    "triton-a100-1": "dgx-infer-1", "triton-a100-2": "dgx-infer-2", "graviton-bf": "bfarm-aa64-a",
    "wei-framework13": "wei-fw13", "ravi-tp-t14": "rmenon-t14s", "locum-chromebook": "spare-cb-11",
    "w7-tab-bed02": "ward7-bay2",
}
''', 1),
    ('''POLICY = """// Northwind tailnet policy (HuJSON), managed by the onboarding script
{
  "groups": {
    "group:platform": ["platform-eng@", "priya_nair@", "MarcoRossi@"],
    "group:data": ["data_science@", "ana.silva@", "kim@"],
    "group:support": ["SupportEMEA@", "lena.fischer@"],
  },
  "tagOwners": {
    "tag:ci": ["group:platform"], "tag:arm64": ["group:platform"], "tag:db": ["group:platform"],
    "tag:monitoring": ["group:platform"], "tag:subnet-router": ["group:platform"],
    "tag:exit-node": ["group:platform"], "tag:k8s": ["group:platform"], "tag:web": ["group:platform"],
    "tag:backup": ["group:platform"], "tag:gpu": ["group:data"], "tag:data": ["group:data"],
    "tag:kiosk": ["group:support"],
  },
  "autoApprovers": {
    "routes": {"10.20.0.0/16": ["tag:subnet-router"], "10.30.0.0/16": ["tag:subnet-router"]},
    "exitNode": ["tag:exit-node"],
  },
  "acls": [
    {"action": "accept", "src": ["group:platform"], "dst": ["*:*"]},
    {"action": "accept", "src": ["group:data"], "dst": ["tag:gpu:*", "tag:data:5432,8888", "tag:monitoring:3000"]},
    {"action": "accept", "src": ["group:support"], "dst": ["tag:kiosk:*", "tag:web:443"]},
    {"action": "accept", "src": ["tag:ci"], "dst": ["tag:db:5432", "tag:k8s:443,6443", "tag:backup:22"]},
    {"action": "accept", "src": ["autogroup:member"], "dst": ["autogroup:self:*", "tag:web:80,443"]},
  ],
  "ssh": [
    {"action": "accept", "src": ["group:platform"], "dst": ["tag:db", "tag:ci", "tag:k8s"], "users": ["root", "ubuntu"]},
  ],
}
"""''', '''POLICY = """// Brightwater clinics mesh: reachability rules (HuJSON), written by the provisioning job
{
  "groups": {
    "group:clinapps": ["clinical-apps@", "oleksandr_bondar@", "siobhanByrne@"],
    "group:imaging": ["imaging_ai@", "h.lindqvist@", "wei@"],
    "group:pharmacy": ["PharmacyOps@", "ravi.menon@"],
    "group:wards": ["ward7-tablets@", "nurse.station.b@"],
  },
  "tagOwners": {
    "tag:buildfarm": ["group:clinapps"], "tag:aarch64": ["group:clinapps"], "tag:ehr-db": ["group:clinapps"],
    "tag:observability": ["group:clinapps"], "tag:site-gw": ["group:clinapps"],
    "tag:egress": ["group:clinapps"], "tag:lb-edge": ["group:clinapps"], "tag:intranet": ["group:clinapps"],
    "tag:filestore": ["group:clinapps"], "tag:inference": ["group:imaging"], "tag:pacs": ["group:imaging"],
    "tag:dicom": ["group:imaging"], "tag:bedside": ["group:wards"],
    "tag:signage": ["group:pharmacy"],
  },
  "autoApprovers": {
    "routes": {"172.20.0.0/16": ["tag:site-gw"], "10.112.0.0/16": ["tag:site-gw"], "fd00:b:1::/48": ["tag:site-gw"]},
    "exitNode": ["tag:egress"],
  },
  "acls": [
    {"action": "accept", "src": ["group:clinapps"], "dst": ["*:*"]},
    {"action": "accept", "src": ["group:imaging"], "dst": ["tag:inference:*", "tag:pacs:104,4242,8042", "tag:dicom:11112", "tag:observability:9090"]},
    {"action": "accept", "src": ["group:pharmacy"], "dst": ["tag:signage:*", "tag:intranet:443"]},
    {"action": "accept", "src": ["group:wards"], "dst": ["tag:bedside:*", "tag:intranet:443,8443"]},
    {"action": "accept", "src": ["tag:buildfarm"], "dst": ["tag:ehr-db:1433", "tag:lb-edge:443,9345", "tag:filestore:2049"]},
    {"action": "accept", "src": ["autogroup:member"], "dst": ["autogroup:self:*", "tag:intranet:80,443"]},
  ],
  "ssh": [
    {"action": "accept", "src": ["group:clinapps"], "dst": ["tag:ehr-db", "tag:buildfarm", "tag:lb-edge"], "users": ["svc-deploy", "rocky"]},
  ],
}
"""''', 1),
    # user agents
    ('"northwind-onboard/1.2 python-http.client/3.11"', '"bw-provisioner/4.0.2"', 3),
    ('"tailnet-fleet/0.8 (python-http.client/3.11)"', '"meshctl/1.13 (inventory)"', 2),
    ('"access-review/1.0 python-http.client/3.11"', '"quarterly-audit/2027.1 python/3.11"', 1),
    ('"northwind-helpdesk/3.4 python-http.client/3.11"', '"TicketRelay/5.2.1 python-http.client/3.11"', 1),
    # phase users
    ('c.call("POST", "/api/v1/user", body={"name": "priya_nair", "displayName": "Priya N."})',
     'c.call("POST", "/api/v1/user", body={"name": "oleksandr_bondar", "displayName": "O. Bondar"})', 1),
    ('c.call("POST", "/api/v1/user", body={"name": "9lives", "email": "nine@northwind.io"})',
     'c.call("POST", "/api/v1/user", body={"name": "2ndshift", "email": "second.shift@brightwater-care.org"})', 1),
    ('c.call("POST", "/api/v1/user", body={"name": "raj kumar"})', 'c.call("POST", "/api/v1/user", body={"name": "night shift"})', 1),
    ('for name in ["priya_nair", "MarcoRossi", "j.okafor@northwind.io", "ci-runners", "no-such-user"]:',
     'for name in ["oleksandr_bondar", "siobhanByrne", "d.mensah@brightwater-care.org", "buildfarm", "nurse.station.b", "former.staff"]:', 1),
    ('for email in ["ana.silva@northwind.io", "support-emea@northwind.io"]:',
     'for email in ["henrik.lindqvist@brightwater-care.org", "pharmacy-ops@brightwater-care.org", "zhang.wei@brightwater-care.org"]:', 1),
    ('for name in ["kim", "intern2026"]:', 'for name in ["wei", "locum2027", "ward7-tablets"]:', 1),
    ("""POLICY.replace('"tag:kiosk": ["group:support"],', '"tag:kiosk": ["group:helpdesk"],')""",
     """POLICY.replace('"tag:signage": ["group:pharmacy"],', '"tag:signage": ["group:facilities"],')""", 1),
    ('''        ("ci-runners", {"reusable": True, "ephemeral": True, "aclTags": ["tag:ci"], "expiration": "2027-03-31T00:00:00Z"}),
        ("data_science", {"reusable": True, "expiration": "2027-01-31T00:00:00Z"}),
        ("platform-eng", {"reusable": False, "aclTags": ["tag:k8s"], "expiration": "2026-12-14T00:00:00Z"}),
        ("SupportEMEA", {"reusable": False, "aclTags": ["tag:kiosk"], "expiration": "2026-12-21T00:00:00Z"}),
        ("SupportEMEA", {"reusable": False, "aclTags": ["tag:kiosk"], "expiration": "2026-12-21T00:00:00Z"}),
        ("intern2026", {"reusable": False, "expiration": "2026-12-10T00:00:00Z"}),
        ("tomoko-y", {"reusable": True, "expiration": "2027-06-30T00:00:00Z"}),
        ("MarcoRossi", {"reusable": False, "ephemeral": True, "expiration": "2026-12-08T12:00:00Z"}),
''', '''        ("buildfarm", {"reusable": True, "ephemeral": True, "aclTags": ["tag:buildfarm"], "expiration": "2027-09-30T00:00:00Z"}),
        ("imaging_ai", {"reusable": True, "aclTags": ["tag:inference"], "expiration": "2027-04-15T12:00:00Z"}),
        ("clinical-apps", {"reusable": False, "aclTags": ["tag:lb-edge", "tag:site-gw"], "expiration": "2026-12-19T00:00:00Z"}),
        ("PharmacyOps", {"reusable": False, "aclTags": ["tag:signage"], "expiration": "2027-01-08T00:00:00Z"}),
        ("PharmacyOps", {"reusable": False, "aclTags": ["tag:signage"], "expiration": "2027-01-08T00:00:00Z"}),
        ("ward7-tablets", {"reusable": True, "ephemeral": False, "aclTags": ["tag:bedside"], "expiration": "2027-12-31T23:00:00Z"}),
        ("locum2027", {"reusable": False, "expiration": "2026-12-23T00:00:00Z"}),
        ("ines-carvalho", {"reusable": True, "expiration": "2027-02-28T00:00:00Z"}),
        ("siobhanByrne", {"reusable": False, "ephemeral": True, "expiration": "2026-12-11T17:30:00Z"}),
''', 1),
    ('c.call("POST", "/api/v1/preauthkey", body={"user": "4242", "reusable": True})',
     'c.call("POST", "/api/v1/preauthkey", body={"user": "8675", "reusable": False, "ephemeral": True})', 1),
    ('body={"user": str(uid("ci-runners")), "aclTags": ["ci"]})', 'body={"user": str(uid("buildfarm")), "aclTags": ["radiology"]})', 1),
    ('for user in ["ci-runners", "data_science", "platform-eng", "SupportEMEA", "intern2026", "tomoko-y", "MarcoRossi", "kim"]:',
     'for user in ["buildfarm", "imaging_ai", "clinical-apps", "PharmacyOps", "ward7-tablets", "locum2027", "ines-carvalho", "siobhanByrne", "wei", "nurse.station.b"]:', 1),
    # phase enroll
    ('query={"user": "kim", "key": "AAAAAAAAAAAAAAAAAAAAAAAA"}', 'query={"user": "wei", "key": "Qm7vT2xKp9LwZc4RbN8sHd1F"}', 1),
    ('''        routes = {"subnet-router-fra": ["10.20.0.0/16"], "subnet-router-nyc": ["10.30.0.0/16"],
                  "exit-node-ams": ["0.0.0.0/0", "::/0"], "k8s-ingress-1": ["10.96.0.0/12"],
                  "backup-nas": ["192.168.77.0/24"]}.get(host)''',
     '''        routes = {"gw-galway": ["172.20.0.0/16"], "gw-cork": ["10.112.0.0/16"],
                  "egress-dub1": ["0.0.0.0/0", "::/0"], "rke2-edge-01": ["10.43.0.0/16"],
                  "synology-ds920": ["192.168.200.0/24"]}.get(host)''', 1),
    ('query={"user": "priya_nair", "key": "short"}', 'query={"user": "oleksandr_bondar", "key": "reg-0042"}', 1),
    # phase fleet
    ('''    for host in ["db-primary-eu1", "subnet-router-nyc", "exit-node-ams", "ci-amd64-02", "feature-store", "k8s-ingress-1",
                 "kiosk-lobby", "lena-macbook", "marco-iphone", "backup-nas"]:''',
     '''    for host in ["ehr-sql-a", "gw-cork", "egress-dub1", "bfarm-x64-b", "orthanc-pacs", "rke2-edge-01",
                 "signage-atrium", "ravi-tp-t14", "sbyrne-handset", "synology-ds920", "w7-tab-bed01"]:''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['subnet-router-nyc']}/approve_routes", body={"routes": ["10.30.0.0/16", "192.168.50.0/24"]})''',
     '''c.call("POST", f"/api/v1/node/{n['gw-cork']}/approve_routes", body={"routes": ["10.112.0.0/16", "fd00:b:1::/48"]})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['feature-store']}/approve_routes", body={"routes": ["10.40.8.0/24"]})''',
     '''c.call("POST", f"/api/v1/node/{n['orthanc-pacs']}/approve_routes", body={"routes": ["10.8.4.0/22"]})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['backup-nas']}/approve_routes", body={"routes": []})''',
     '''c.call("POST", f"/api/v1/node/{n['synology-ds920']}/approve_routes", body={"routes": []})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['grafana']}/approve_routes", body={"routes": ["10.0.0.0/33"]})''',
     '''c.call("POST", f"/api/v1/node/{n['prom-stack']}/approve_routes", body={"routes": ["172.16.300.0/24"]})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['grafana']}/tags", body={"tags": ["tag:monitoring", "tag:web"]})''',
     '''c.call("POST", f"/api/v1/node/{n['prom-stack']}/tags", body={"tags": ["tag:observability", "tag:intranet"]})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['arm64-runner']}/tags", body={"tags": ["tag:ci"]})''',
     '''c.call("POST", f"/api/v1/node/{n['graviton-bf']}/tags", body={"tags": ["tag:buildfarm"]})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['kim-laptop']}/tags", body={"tags": ["laptop"]})''',
     '''c.call("POST", f"/api/v1/node/{n['wei-framework13']}/tags", body={"tags": ["personal-device"]})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['intern-laptop']}/user", body={"user": uid("ana.silva")})''',
     '''c.call("POST", f"/api/v1/node/{n['locum-chromebook']}/user", body={"user": uid("h.lindqvist")})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['ana-laptop-old']}/user", body={"user": uid("data_science")})''',
     '''c.call("POST", f"/api/v1/node/{n['hl-air-2019']}/user", body={"user": uid("imaging_ai")})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['ana-laptop-old']}/rename/ds-shared-laptop")''',
     '''c.call("POST", f"/api/v1/node/{n['hl-air-2019']}/rename/imaging-pool-air")''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['ana-ipad']}/user", body={"user": 4242})''',
     '''c.call("POST", f"/api/v1/node/{n['hl-galaxytab']}/user", body={"user": 8675})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['marco-iphone']}/expire")''', '''c.call("POST", f"/api/v1/node/{n['sbyrne-handset']}/expire")''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['priya-pixel8']}/expire", query={"expiry": "2027-01-15T00:00:00Z"})''',
     '''c.call("POST", f"/api/v1/node/{n['ob-galaxy-s24']}/expire", query={"expiry": "2027-03-01T07:00:00Z"})''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['ana-desktop']}/rename/ana-workstation")''',
     '''c.call("POST", f"/api/v1/node/{n['hl-imac-27']}/rename/hlindqvist-imac")''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['wiki-server']}/rename/wiki")''', '''c.call("POST", f"/api/v1/node/{n['confluence-vm']}/rename/intranet")''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['marco-iphone']}/rename/Marco_Phone")''',
     '''c.call("POST", f"/api/v1/node/{n['sbyrne-handset']}/rename/Siobhan_Handset")''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['db-replica-eu1']}/rename/db-primary-eu1")''',
     '''c.call("POST", f"/api/v1/node/{n['ehr-sql-b']}/rename/ehr-sql-a")''', 1),
    ('c.call("GET", "/api/v1/node/9999")', 'c.call("GET", "/api/v1/node/31337")', 1),
    ('c.call("GET", "/api/v1/node/ci-amd64-02")', 'c.call("GET", "/api/v1/node/bfarm-x64-b")', 1),
    ('c.call("DELETE", "/api/v1/node/9999")', 'c.call("DELETE", "/api/v1/node/50505")', 1),
    ('for user in ["platform-eng", "ci-runners", "data_science", "ana.silva"]:',
     'for user in ["clinical-apps", "buildfarm", "imaging_ai", "h.lindqvist", "ward7-tablets"]:', 1),
    # phase offboard
    ('c.call("GET", "/api/v1/node", query={"user": "tomoko-y"})', 'c.call("GET", "/api/v1/node", query={"user": "ines-carvalho"})', 1),
    ('c.call("GET", "/api/v1/preauthkey", query={"user": uid("tomoko-y")})', 'c.call("GET", "/api/v1/preauthkey", query={"user": uid("ines-carvalho")})', 1),
    ('for k in ST["preauth"].get("tomoko-y", []):', 'for k in ST["preauth"].get("ines-carvalho", []):', 1),
    ('body={"user": str(uid("tomoko-y")), "key": k})', 'body={"user": str(uid("ines-carvalho")), "key": k})', 1),
    ('''c.call("DELETE", f"/api/v1/user/{uid('tomoko-y')}")''', '''c.call("DELETE", f"/api/v1/user/{uid('ines-carvalho')}")''', 1),
    ('c.call("GET", "/api/v1/user", query={"name": "tomoko-y"})', 'c.call("GET", "/api/v1/user", query={"name": "ines-carvalho"})', 1),
    ('''c.call("POST", f"/api/v1/user/{uid('intern2026')}/rename/w.kowalski")''', '''c.call("POST", f"/api/v1/user/{uid('locum2027')}/rename/k.osei-bonsu")''', 1),
    ('''c.call("POST", f"/api/v1/user/{uid('SupportEMEA')}/rename/support-emea")''', '''c.call("POST", f"/api/v1/user/{uid('PharmacyOps')}/rename/pharmacy-ops")''', 1),
    ('''c.call("POST", f"/api/v1/user/{uid('kim')}/rename/ana.silva")''', '''c.call("POST", f"/api/v1/user/{uid('wei')}/rename/h.lindqvist")''', 1),
    ('c.call("POST", "/api/v1/user/4242/rename/ghost")', 'c.call("POST", "/api/v1/user/8675/rename/placeholder-acct")', 1),
    ('''c.call("DELETE", f"/api/v1/node/{n['kiosk-lobby']}")''', '''c.call("DELETE", f"/api/v1/node/{n['signage-atrium']}")''', 1),
    ('''c.call("POST", f"/api/v1/node/{n['support-desk-3']}/rename/kiosk-lobby")''', '''c.call("POST", f"/api/v1/node/{n['pharm-counter-2']}/rename/signage-atrium")''', 1),
    ('''c.call("GET", f"/api/v1/node/{n['support-desk-3']}")''', '''c.call("GET", f"/api/v1/node/{n['pharm-counter-2']}")''', 1),
    ('''c.call("DELETE", f"/api/v1/node/{n['build-runner-03']}")''', '''c.call("DELETE", f"/api/v1/node/{n['bf-x86-b']}")''', 1),
    ('body={"user": "ci-runners", "key": rid, "name": "build-runner-03"})', 'body={"user": "buildfarm", "key": rid, "name": "bf-x86-b"})', 1),
    ('query={"user": "ci-runners", "key": rid})', 'query={"user": "buildfarm", "key": rid})', 1),
    ('n["build-runner-03#2"] = nid', 'n["bf-x86-b#2"] = nid', 1),
    ('c.call("POST", f"/api/v1/node/{nid}/rename/ci-amd64-03")', 'c.call("POST", f"/api/v1/node/{nid}/rename/bfarm-x64-b")', 1),
    ('c.call("POST", f"/api/v1/node/{nid}/tags", body={"tags": ["tag:ci"]})', 'c.call("POST", f"/api/v1/node/{nid}/tags", body={"tags": ["tag:buildfarm"]})', 1),
    ('for k in ST["preauth"].get("SupportEMEA", [])[:1]:', 'for k in ST["preauth"].get("PharmacyOps", [])[:1]:', 1),
    ('body={"user": str(uid("SupportEMEA")), "key": k})', 'body={"user": str(uid("PharmacyOps")), "key": k})', 1),
    ('for k in ST["preauth"].get("intern2026", []):', 'for k in ST["preauth"].get("locum2027", []):', 1),
    ('body={"user": str(uid("intern2026")), "key": k})', 'body={"user": str(uid("locum2027")), "key": k})', 1),
    ('body={"user": str(uid("kim")), "key": "0" * 48})', 'body={"user": str(uid("wei")), "key": "e" * 48})', 1),
    ('for user in ["SupportEMEA", "intern2026", "ci-runners"]:', 'for user in ["PharmacyOps", "locum2027", "buildfarm", "ward7-tablets"]:', 1),
    ('c.call("POST", "/api/v1/user", body={"name": "test_user_tmp"})', 'c.call("POST", "/api/v1/user", body={"name": "scratch_e2e"})', 1),
    ('for bad in ["test_user_tmp", "9lives", "raj kumar"]:', 'for bad in ["scratch_e2e", "2ndshift", "night shift"]:', 1),
    ('''c.call("DELETE", f"/api/v1/user/{uid('platform-eng')}")''', '''c.call("DELETE", f"/api/v1/user/{uid('clinical-apps')}")''', 1),
    # phase review
    ('for host in ["okafor-surface", "ana-ipad"]:', 'for host in ["dmensah-mba", "hl-galaxytab"]:', 1),
    ('query={"expiry": "2026-12-31T23:59:59Z"}', 'query={"expiry": "2027-01-31T18:00:00Z"}', 1),
    ('''c.call("DELETE", f"/api/v1/node/{n['backup-nas']}")''', '''c.call("DELETE", f"/api/v1/node/{n['synology-ds920']}")''', 1),
    ('c.call("GET", "/api/v1/node", query={"user": "platform-eng"})', 'c.call("GET", "/api/v1/node", query={"user": "clinical-apps"})', 1),
    # phase helpdesk
    ('''        ("priya.nair@northwind.io", "priya_nair", "priya-macbook", "expire"),
        ("marco.rossi@northwind.io", "MarcoRossi", "marco-x1-carbon", None),
        ("ana.silva@northwind.io", "ana.silva", "ana-workstation", "rename:ana-ws-berlin"),
        ("lena.fischer@northwind.io", "lena.fischer", "lena-mbp-14", "expire"),
        ("data-science@northwind.io", "data_science", "gpu-notebook-b", "tags:tag:gpu,tag:data"),
        ("support-emea@northwind.io", "support-emea", "kiosk-lobby", None),
        ("j.okafor@northwind.io", "j.okafor@northwind.io", "jokafor-surface", "rename:jokafor-surface-pro"),
        ("platform@northwind.io", "platform-eng", "grafana", None),
        ("w.kowalski@northwind.io", "w.kowalski", None, None),
        ("kim.jisoo@northwind.io", "kim", "kim-xps13", "expire"),
''', '''        ("o.bondar@brightwater-care.org", "oleksandr_bondar", "obondar-eb840", "expire"),
        ("siobhan.byrne@brightwater-care.org", "siobhanByrne", "siobhan-zbook-g10", None),
        ("henrik.lindqvist@brightwater-care.org", "h.lindqvist", "hlindqvist-imac", "rename:hl-imac-galway"),
        ("ravi.menon@brightwater-care.org", "ravi.menon", "rmenon-t14s", "expire"),
        ("imaging-ai@brightwater-care.org", "imaging_ai", "dgx-infer-2", "tags:tag:inference,tag:dicom"),
        ("pharmacy-ops@brightwater-care.org", "pharmacy-ops", "signage-atrium", None),
        ("d.mensah@brightwater-care.org", "d.mensah@brightwater-care.org", "d-mensah-mba", "rename:d-mensah-mba-m3"),
        ("clinical.apps@brightwater-care.org", "clinical-apps", "prom-stack", None),
        ("k.osei-bonsu@brightwater-care.org", "k.osei-bonsu", None, None),
        ("zhang.wei@brightwater-care.org", "wei", "wei-fw13", "expire"),
        ("ward7@brightwater-care.org", "ward7-tablets", "ward7-bay2", "rename:w7-bay2-tab"),
''', 1),
],
'drive/ops.sh': [
    ('''-d '{"expiration":"2027-03-07T00:00:00Z"}' "$BASE/api/v1/apikey"''', '''-d '{"expiration":"2027-05-20T09:30:00Z"}' "$BASE/api/v1/apikey"''', 1),
    ('''-d '{"expiration":"2026-12-08T18:00:00Z"}' "$BASE/api/v1/apikey"''', '''-d '{"expiration":"2026-12-09T16:45:00Z"}' "$BASE/api/v1/apikey"''', 1),
    ('"$BASE/api/v1/apikey/nosuchk"', '"$BASE/api/v1/apikey/Xq4r9Tz"', 1),
    ('''[\\"group:nobody\\"], \\"dst\\": [\\"*:*\\"]''', '''[\\"group:contractors\\"], \\"dst\\": [\\"tag:pacs:104\\"]''', 1),
    ('''-d '{"policy":"{ this is not json"}' ''', '''-d '{"policy":"{\\"groups\\": {\\"group:x\\": [\\"wei@\\"]"}' ''', 1),
],
'drive/public.sh': [
    ('UA="Uptime-Kuma/1.23.13"', 'UA="Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"', 1),
    ('for v in 68 106 113 116; do', 'for v in 90 102 109 115 121; do', 1),
    ('for p in /apple /apple/ios /apple/macos-app-store /apple/macos-standalone /apple/tvos /windows; do',
     'for p in /apple /apple/ios /apple/macos-app-store /apple/macos-standalone /apple/visionos /windows; do', 1),
    ('for i in 1 2 3; do c -A "Go-http-client/1.1" "$BASE/derp/probe"; done', 'for i in 1 2 3 4; do c -A "Go-http-client/1.1" "$BASE/derp/probe"; done', 1),
    ('"$BASE/bootstrap-dns?q=hs.northwind.io"', '"$BASE/bootstrap-dns?q=headscale.brightwater-care.org"', 1),
    ('"$BASE/bootstrap-dns?q=derp-hq.northwind.io"', '"$BASE/bootstrap-dns?q=relay-dub.brightwater-care.org"', 1),
    ('-A "derper/1.86.5"', '-A "derper/1.82.0"', 3),
    ('"nodekey:00000000000000000000000000000000000000000000000000000000000000aa"',
     '"nodekey:5d1e0c2b9a8f7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3"', 1),
    ('''-d '{"NodePublic":"not-a-key"}' ''', '''-d '{"NodePublic":"mkey:deadbeef"}' ''', 1),
    ('c -A "$UA" "$BASE/api/v1/node/3"', 'c -A "$UA" "$BASE/api/v1/node/5"', 1),
    ('''-d '{"name":"mallory"}' "$BASE/api/v1/user"''', '''-d '{"name":"eve.intruder","email":"eve@proton.invalid"}' "$BASE/api/v1/user"''', 1),
    ('''-d '{"expiration":"2030-01-01T00:00:00Z"}' "$BASE/api/v1/apikey"''', '''-d '{"expiration":"2099-12-31T23:59:59Z"}' "$BASE/api/v1/apikey"''', 1),
    ('"Authorization: Bearer hskey-wrong.0123456789abcdefghijklmnopqrstuv"', '"Authorization: Bearer hskey-api-Rb3kWq9Lz0Px-Jm5Tn8Vc2Yd6Gf1Hs4Ka7Ue0Oi3Ql"', 1),
    ('"Authorization: Bearer abc"', '"Authorization: Bearer null"', 1),
    ('"Authorization: Basic YWRtaW46YWRtaW4="', '"Authorization: Basic aGVhZHNjYWxlOmhlYWRzY2FsZQ=="', 1),
    ('"Authorization: Bearer 3OnDeUr.9fwOZ6cAyH1Npi4uRp7U05sDYu8oN4en" -X DELETE "$BASE/api/v1/node/2"',
     '"Authorization: Bearer kT8mZp2.Wq4Lx9Cv7Bn3Rf6Yh1Jd5Gs0Ae8Ui2Op" -X DELETE "$BASE/api/v1/node/7"', 1),
    ('-A "python-requests/2.31.0"', '-A "python-requests/2.32.3"', 2),
    ('"Authorization: Bearer nXpQ2aa.Zk3fL0wq9rT7bY1uV5cE8dH2jM6sA4gN" "$BASE/api/v1/preauthkey?user=1"',
     '"Authorization: Bearer Lw5sE1r.Hn7Dk2Pq9Xc4Mb6Vt3Zg8Fa0Jy5Ru1Ki" "$BASE/api/v1/preauthkey?user=2"', 1),
    ('"$BASE/api/v1/preauthkey?user=1"', '"$BASE/api/v1/preauthkey?user=4"', 1),
],
'drive/probes.sh': [
    ('UA="Mozilla/5.0 zgrab/0.x"', 'UA="Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))"', 1),
    ('''for p in /.env /wp-login.php /admin.php /.git/config /server-status /phpmyadmin/index.php /actuator/health /config.json \\
         /.DS_Store /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php /api/v2/users /web/ /admin/ /login \\
         '/cgi-bin/luci/;stok=/locale' /owa/auth/logon.aspx; do''',
     '''for p in /.npmrc /wp-content/uploads/ /.hg/hgrc /druid/coordinator/v1/leader /pma/ /jolokia/list \\
         /.aws/credentials /info.jsp /solr/techproducts/select /dana-na/nc/nc_gina_ver.txt /console/ /manager/html \\
         /_ignition/health-check /.vscode/sftp.json /HNAP1/ /geoserver/ows /containers/json /sitemap.xml; do''', 1),
    ('''-X POST -d '<methodCall/>' "$BASE/xmlrpc.php"''', '''-X POST -d 'time1=00:00-00:00&time2=00:00-00:00&mac=;id;' "$BASE/goform/set_LimitClient_cfg"''', 1),
    ('POST $BASE/xmlrpc.php', 'POST $BASE/goform/set_LimitClient_cfg', 1),
],
'drive/browser.cjs': [
    ("'/tmp/shadowtap-lab/headscale/state'", "'/tmp/shadowtap-lab/headscale-names2/state'", 1),
    ("locale: 'en-GB', timezoneId: 'Europe/Berlin'", "locale: 'en-IE', timezoneId: 'Europe/Dublin'", 1),
    ("if (host.startsWith('priya'))", "if (host.startsWith('ob-'))", 1),
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
