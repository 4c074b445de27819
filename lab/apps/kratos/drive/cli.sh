#!/usr/bin/env bash
# The kratos CLI itself (its admin-API client commands, built on the generated Go SDK).
set -u
K=${KRATOS_BIN:-/tmp/shadowtap-lab/kratos/bin/kratos}
export KRATOS_ADMIN_URL=http://127.0.0.1:19434
ST=${ST:-/tmp/shadowtap-lab/kratos/state}
mkdir -p "$ST/import"
D=$(dirname "$0")

$K remote status
$K remote version

# import staff accounts: one file per person plus one file with an array
i=0
for p in "sofia.lindqvist@example.com Sofia Lindqvist" "tomas.novak@example.com Tomas Novak" "uma.reddy@example.org Uma Reddy" \
         "victor.hugo@example.org Victor Hugo" "wen.zhao@example.net Wen Zhao" "yara.costa@example.net Yara Costa" \
         "arjun.mehta@example.com Arjun Mehta" "beatriz.santos@example.com Beatriz Santos" "chen.wei@example.org Chen Wei" \
         "dana.cohen@example.net Dana Cohen"; do
  set -- $p; i=$((i+1))
  cat > "$ST/import/staff-$i.json" <<JSON
{"schema_id":"default","traits":{"email":"$1","name":{"first":"$2","last":"$3"}},"credentials":{"password":{"config":{"password":"Staff-$2-Pa55word"}}},"metadata_admin":{"department":"support"}}
JSON
done
cat > "$ST/import/contractors.json" <<JSON
[{"schema_id":"customer","traits":{"email":"zoe.martin@globex.example","name":{"first":"Zoe","last":"Martin"},"company":"Globex"}},
 {"schema_id":"customer","traits":{"email":"adam.smith@globex.example","name":{"first":"Adam","last":"Smith"},"company":"Globex"}},
 {"schema_id":"customer","traits":{"email":"bea.muller@initech.example","name":{"first":"Bea","last":"Muller"},"company":"Initech"}}]
JSON
$K import identities "$ST"/import/staff-*.json --format json | jq -r '.[].id' > "$ST/staff.ids"
$K import identities "$ST/import/contractors.json" --format json | jq -r '.[].id' > "$ST/contractors.ids"
$K import identities "$ST/import/staff-1.json" --format json >/dev/null 2>&1      # duplicate -> 409
$K validate identity "$ST/import/staff-2.json" >/dev/null 2>&1 || true

$K list identities
$K list identities --page-size 5 --format json >/dev/null
$K list identities --page-size 100 --consistency strong --format json-pretty >/dev/null
$K ls identities --format yaml >/dev/null

$K get identity $(cat "$ST/staff.ids") --format json >/dev/null
$K get identity $(head -1 "$ST/contractors.ids") --format json-pretty --include-credentials oidc >/dev/null
# support desk looks people up one by one
for id in $(cat "$ST/staff.ids" "$ST/contractors.ids"); do $K get identity "$id" --format json >/dev/null; done
for ps in 2 3 7; do $K list identities --page-size $ps --format json >/dev/null; done
$K get identity 4b8e2a6c-1d3f-4a5b-9c7d-0e1f2a3b4c5d >/dev/null 2>&1            # 404

$K delete identity $(tail -2 "$ST/staff.ids")
$K delete identity $(tail -1 "$ST/contractors.ids")
$K delete identity 4b8e2a6c-1d3f-4a5b-9c7d-0e1f2a3b4c5d >/dev/null 2>&1           # 404
$K list identities --format json >/dev/null
$K remote status --format json >/dev/null
