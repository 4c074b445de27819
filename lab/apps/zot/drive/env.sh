# Shared settings of the zot recording (sourced by setup.sh, record.sh, routes.sh and the drive scripts).
L=/tmp/shadowtap-lab/zot
V=v1.4.3                   # github.com/project-zot/zot (module path zotregistry.io/zot in its go.mod)
CRANE_V=v0.22.1            # github.com/google/go-containerregistry (crane)
PORT=18510                 # zot: the OCI distribution API, the search extension, /metrics (htpasswd basic auth)
REG=127.0.0.1:$PORT
BASE=http://$REG
STATE=$L/state             # work files of one recording (calls.log, image layouts)
RUN=$L/run                 # the server's config, htpasswd, storage and log
# htpasswd users (bcrypt): CI pushes, a developer, a read-only auditor, the admin
CI_USER=ci-bot;    CI_PASS='ci-7Hq2pLx9'
DEV_USER=alice;    DEV_PASS='alice-Wm4tR8vz'
RO_USER=auditor;   RO_PASS='aud-3Kd9Pq1s'
ADMIN_USER=admin;  ADMIN_PASS='adm-Zx81Lm0q'
export L V PORT REG BASE STATE RUN CI_USER CI_PASS DEV_USER DEV_PASS RO_USER RO_PASS ADMIN_USER ADMIN_PASS
