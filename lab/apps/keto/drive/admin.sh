#!/usr/bin/env bash
# The platform team's operations with curl, as the Keto docs show the REST API: access audits (every relationship of
# a namespace, page by page; expanded trees with max-depth), an integration that names subjects by id (subject_id),
# a person leaving (their relationships found per namespace and deleted), mistakes the API refuses (400: missing
# subject, bad JSON, incomplete tuples; 405 for a wrong method), CORS-style preflights the router answers itself,
# version checks of each API, and Prometheus scrapes (the metrics port, and once the read port).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
UA="curl/7.88.1"
c() { curl -s -A "$UA" -o "$STATE/last.json" -w "admin %{http_code} %{method} %{url_effective}\n" "$@" | tee -a "$STATE/calls.log"; }
q() { local url=$1; shift; c -G "$url" "$@"; }
enc() { jq -rn --arg v "$1" '$v|@uri'; }

c "$READ/version"; c "$WRITE/version"; c "$OPL/version"
c "$READ/namespaces"

# audits: every relationship of a namespace, 25 per page
for ns in Organization Team Project Folder; do
  tok=""
  for page in 1 2 3 4; do
    if [ -n "$tok" ]; then q "$READ/relation-tuples" --data-urlencode namespace=$ns --data-urlencode page_size=25 --data-urlencode "page_token=$tok"
    else q "$READ/relation-tuples" --data-urlencode namespace=$ns --data-urlencode page_size=25; fi
    tok=$(jq -r '.next_page_token // ""' "$STATE/last.json")
    [ -n "$tok" ] || break
  done
done
# expanded trees
q "$READ/relation-tuples/expand" --data-urlencode namespace=Organization --data-urlencode object=tidewater-studio --data-urlencode relation=admins --data-urlencode max-depth=2
q "$READ/relation-tuples/expand" --data-urlencode namespace=Organization --data-urlencode object=tidewater-studio --data-urlencode relation=members --data-urlencode max-depth=4
q "$READ/relation-tuples/expand" --data-urlencode namespace=Team --data-urlencode object=platform-eng --data-urlencode relation=members
q "$READ/relation-tuples/expand" --data-urlencode namespace=Project --data-urlencode object=acme-onboarding --data-urlencode relation=editors --data-urlencode max-depth=3
q "$READ/relation-tuples/expand" --data-urlencode namespace=Folder --data-urlencode object=contracts-2026 --data-urlencode relation=editors

# the reporting integration names its service accounts by id
for o in q3-roadmap ProjectAtlas infra_2026; do
  c -X PUT -H 'Content-Type: application/json' -d "{\"namespace\":\"Project\",\"object\":\"$o\",\"relation\":\"viewers\",\"subject_id\":\"svc-reporting\"}" "$WRITE/admin/relation-tuples"
done
c -X PUT -H 'Content-Type: application/json' -d '{"namespace":"File","object":"budget.xlsx","relation":"viewers","subject_id":"7d3f0b5e-finance-export"}' "$WRITE/admin/relation-tuples"
for o in q3-roadmap ProjectAtlas website-redesign; do
  q "$READ/relation-tuples/check" --data-urlencode namespace=Project --data-urlencode object=$o --data-urlencode relation=view --data-urlencode subject_id=svc-reporting
done
q "$READ/relation-tuples/check" --data-urlencode namespace=File --data-urlencode object=budget.xlsx --data-urlencode relation=view --data-urlencode subject_id=7d3f0b5e-finance-export
q "$READ/relation-tuples" --data-urlencode namespace=Project --data-urlencode subject_id=svc-reporting
c -X DELETE "$WRITE/admin/relation-tuples?namespace=Project&object=infra_2026&relation=viewers&subject_id=svc-reporting"

# Lena Fischer leaves: her relationships per namespace, then deleted
for ns in Team Project Folder File Task; do
  q "$READ/relation-tuples" --data-urlencode namespace=$ns --data-urlencode subject_set.namespace=User --data-urlencode 'subject_set.object=Lena Fischer' --data-urlencode subject_set.relation=
done
for ns in Team Task; do
  c -X DELETE "$WRITE/admin/relation-tuples?namespace=$ns&subject_set.namespace=User&subject_set.object=$(enc 'Lena Fischer')&subject_set.relation="
done
q "$READ/relation-tuples/check" --data-urlencode namespace=Project --data-urlencode object=website-redesign --data-urlencode relation=edit \
  --data-urlencode subject_set.namespace=User --data-urlencode 'subject_set.object=Lena Fischer' --data-urlencode subject_set.relation=

# mistakes the API refuses
q "$READ/relation-tuples/check" --data-urlencode namespace=Project --data-urlencode object=q3-roadmap --data-urlencode relation=view          # no subject: 400
q "$READ/relation-tuples/check/openapi" --data-urlencode namespace=Project --data-urlencode object=q3-roadmap --data-urlencode relation=view  # 400
q "$READ/relation-tuples/expand" --data-urlencode namespace=Project --data-urlencode object=q3-roadmap                                       # no relation: 400
q "$READ/relation-tuples/check" --data-urlencode namespace=Milestone --data-urlencode object=M1 --data-urlencode relation=view --data-urlencode subject_id=alice  # unknown namespace
q "$READ/relation-tuples" --data-urlencode namespace=Project --data-urlencode page_size=10 --data-urlencode page_token=not-a-token               # bad token: 400
c -X PUT -H 'Content-Type: application/json' -d '{"namespace":"Project","object":"q3-roadmap","relation":"viewers"' "$WRITE/admin/relation-tuples"   # bad JSON
c -X PUT -H 'Content-Type: application/json' -d '{"namespace":"Project","object":"q3-roadmap","relation":"viewers"}' "$WRITE/admin/relation-tuples"  # no subject
c -X PUT -H 'Content-Type: application/json' -d '{"namespace":"Milestone","object":"M1","relation":"owners","subject_id":"alice"}' "$WRITE/admin/relation-tuples"
c -X POST -H 'Content-Type: application/json' -d '{"namespace":"Task","object":"TASK-78"}' "$READ/relation-tuples/check"
c -X PATCH -H 'Content-Type: application/json' -d '[{"action":"upsert","relation_tuple":{"namespace":"Team","object":"qa","relation":"members","subject_id":"x"}}]' "$WRITE/admin/relation-tuples"
c -X DELETE "$WRITE/admin/relation-tuples"                                                                                                   # no namespace: 400
c "$WRITE/admin/relation-tuples"                                                                                                             # GET on the write API: 405
c -X POST "$READ/namespaces"                                                                                                                 # 405

# preflights from the admin dashboard's origin (CORS is off: the router answers OPTIONS itself)
c -X OPTIONS -H 'Origin: http://127.0.0.1:3000' -H 'Access-Control-Request-Method: GET' "$READ/relation-tuples/check"
c -X OPTIONS -H 'Origin: http://127.0.0.1:3000' -H 'Access-Control-Request-Method: GET' "$READ/relation-tuples"
c -X OPTIONS -H 'Origin: http://127.0.0.1:3000' -H 'Access-Control-Request-Method: PUT' "$WRITE/admin/relation-tuples"

# Prometheus
curl -s -A "Prometheus/2.53.0" -o /dev/null -w "admin %{http_code} GET %{url_effective}\n" "$METRICS/metrics/prometheus" | tee -a "$STATE/calls.log"
curl -s -A "Prometheus/2.53.0" -o /dev/null -w "admin %{http_code} GET %{url_effective}\n" "$READ/metrics/prometheus" | tee -a "$STATE/calls.log"
