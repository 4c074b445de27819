#!/usr/bin/env bash
# The platform team's bootstrap of a fresh Keto (curl, as the Keto docs show the REST API): wait for readiness, read
# the version and namespaces, check the Ory Permission Language file on the OPL syntax API before rolling it out
# (the deployed file, a draft with a typo, the draft fixed), then turn the human-readable seed files
# (tuples/*.rts) into JSON with `keto relation-tuple parse` (local, no network) and write them with the write API:
# PATCH /admin/relation-tuples in batches of insert actions, plus a few single PUTs; read back a few relations.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
UA="keto-bootstrap/1.4 curl/7.88.1"
c() { curl -s -A "$UA" -o /dev/null -w "bootstrap %{http_code} %{method} %{url_effective}\n" "$@" | tee -a "$STATE/calls.log"; }

c "$READ/health/ready"; c "$WRITE/health/ready"; c "$OPL/health/ready"
c "$READ/version"; c "$WRITE/version"
c "$READ/namespaces"
# OPL syntax checks (the deployed file; a draft of the next version with an error; the draft fixed)
c -X POST -H 'Content-Type: text/plain' --data-binary @"$HERE/namespaces.keto.ts" "$OPL/opl/syntax/check"
{ cat "$HERE/namespaces.keto.ts"; printf '\nclass Milestone implements Namespace {\n  related: {\n    project: Project[\n  }\n}\n'; } > "$STATE/namespaces.draft.ts"
c -X POST -H 'Content-Type: text/plain' --data-binary @"$STATE/namespaces.draft.ts" "$OPL/opl/syntax/check"
{ cat "$HERE/namespaces.keto.ts"; printf '\nclass Milestone implements Namespace {\n  related: {\n    project: Project[]\n  }\n}\n'; } > "$STATE/namespaces.next.ts"
c -X POST -H 'Content-Type: text/plain' --data-binary @"$STATE/namespaces.next.ts" "$OPL/opl/syntax/check"

# seed: parse the human-readable tuples, write them in batches
"$L/bin/keto" relation-tuple parse "$HERE/tuples/org.rts" "$HERE/tuples/projects.rts" --format json > "$STATE/seed.json"
n=$(jq length "$STATE/seed.json")
for ((i = 0; i < n - 6; i += 16)); do
  end=$((i + 16)); [ $end -gt $((n - 6)) ] && end=$((n - 6))
  jq -c "[.[$i:$end][] | {action: \"insert\", relation_tuple: .}]" "$STATE/seed.json" > "$STATE/batch.json"
  c -X PATCH -H 'Content-Type: application/json' --data-binary @"$STATE/batch.json" "$WRITE/admin/relation-tuples"
done
# the last few one by one (as the docs' createRelationship example)
for ((i = n - 6; i < n; i++)); do
  jq -c ".[$i]" "$STATE/seed.json" > "$STATE/one.json"
  c -X PUT -H 'Content-Type: application/json' --data-binary @"$STATE/one.json" "$WRITE/admin/relation-tuples"
done
# read back
c -G "$READ/relation-tuples" --data-urlencode namespace=Team --data-urlencode object=platform-eng --data-urlencode relation=members
c -G "$READ/relation-tuples" --data-urlencode namespace=Organization --data-urlencode object=tidewater-studio
c -G "$READ/relation-tuples" --data-urlencode namespace=Project --data-urlencode 'object=Mobile App v2'
c -G "$READ/relation-tuples/check" --data-urlencode namespace=Project --data-urlencode object=website-redesign \
  --data-urlencode relation=view --data-urlencode subject_set.namespace=User --data-urlencode subject_set.object=priya_nair \
  --data-urlencode subject_set.relation=
