#!/usr/bin/env bash
# curl on the Backstage backend as its docs and the frontend's calls show. Sections (argument):
#   public   health probes, the auth backend's discovery documents and JWKS, guest sign-in (GET/POST refresh)
#   api      with the guest user's token: userinfo, the cookie auth endpoints, search queries (terms, kinds, pages),
#            permission checks, the plugins' OpenAPI documents, permission metadata, the actions registry (list and
#            invoke), scheduler task lists and triggers, proxy calls to the local upstream, the events bus
#   denied   the same kinds of calls without a token (401) or with a bad/expired token (401), user-only refusals (403)
#   probes   scanner-style requests on paths no router has
set -uo pipefail
. "$(dirname "$0")/env.sh"
OUT=${OUT:-$RUN/curl}
mkdir -p $OUT
n=0
c() { n=$((n+1)); local code; code=$(curl -s -o $OUT/last.body -w '%{http_code}' "$@"); echo "$code $*" >> $OUT/log; echo "$code"; }
token() { curl -s "$BASE/api/auth/guest/refresh?optional&env=development" -H 'x-requested-with: XMLHttpRequest' | jq -r .backstageIdentity.token; }
J='content-type: application/json'

public() {
  for i in 1 2 3; do c $BASE/.backstage/health/v1/readiness; c $BASE/.backstage/health/v1/liveness; done
  c -I $BASE/.backstage/health/v1/readiness
  c -I $BASE/.backstage/health/v1/liveness
  c $BASE/api/auth/.well-known/openid-configuration
  c $BASE/api/auth/.well-known/jwks.json
  c $BASE/api/auth/.well-known/oauth-client/cli.json
  for p in auth catalog scaffolder search permission proxy; do c $BASE/api/$p/.backstage/auth/v1/jwks.json; done
  c -I $BASE/api/catalog/.backstage/auth/v1/jwks.json
  c $BASE/api/permission/health
  c $BASE/api/permission/health
  # guest sign-in as the app's sign-in page does it (GET with ?optional, and POST refresh), and the popup
  # endpoints the guest provider does not implement (501)
  c "$BASE/api/auth/guest/refresh?optional&env=development" -H 'x-requested-with: XMLHttpRequest'
  c -X POST "$BASE/api/auth/guest/refresh?env=development" -H 'x-requested-with: XMLHttpRequest'
  c "$BASE/api/auth/guest/refresh" -H 'x-requested-with: XMLHttpRequest'
  c "$BASE/api/auth/guest/start?env=development&scope=openid"
  c "$BASE/api/auth/guest/handler/frame?env=development"
  c -X POST "$BASE/api/auth/guest/handler/frame" -H "$J" -d '{}'
  # an auth provider that is not configured
  c "$BASE/api/auth/github/start?env=development"
  c $BASE/api/catalog/openapi.json
  c $BASE/api/search/openapi.json
  c $BASE/api/scaffolder/openapi.json
  c $BASE/api/events/openapi.json
}

api() {
  T=$(token); H="authorization: Bearer $T"
  c $BASE/api/auth/v1/userinfo -H "$H"
  c $BASE/api/auth/v1/userinfo -H "$H"
  for p in catalog scaffolder search events; do c $BASE/api/$p/openapi.json -H "$H"; done
  # cookie auth (for plugins' static content): issue the cookie per plugin, then remove it; API routes do not take
  # the cookie (401)
  for p in catalog scaffolder search; do
    c $BASE/api/$p/.backstage/auth/v1/cookie -H "$H" -c $OUT/cookies.txt
  done
  c $BASE/api/catalog/entities/by-name/component/default/payments-gateway -b $OUT/cookies.txt
  c $BASE/api/catalog/entities/by-name/system/commerce/order-fulfilment -b $OUT/cookies.txt
  c -X DELETE $BASE/api/catalog/.backstage/auth/v1/cookie -H "$H"
  c -X DELETE $BASE/api/search/.backstage/auth/v1/cookie -H "$H"
  # search page
  for term in payments ledger checkout "order router" airflow grafana kafka team platform api "fraud scoring" docs; do
    c -G $BASE/api/search/query --data-urlencode "term=$term" -H "$H"
  done
  c -G $BASE/api/search/query --data-urlencode 'term=service' --data-urlencode 'types[0]=software-catalog' -H "$H"
  c -G $BASE/api/search/query --data-urlencode 'term=' --data-urlencode 'filters[kind]=Component' --data-urlencode 'types[0]=software-catalog' -H "$H"
  c -G $BASE/api/search/query --data-urlencode 'term=' --data-urlencode 'filters[kind]=API' --data-urlencode 'filters[lifecycle]=production' -H "$H"
  c -G $BASE/api/search/query --data-urlencode 'term=s' --data-urlencode 'pageLimit=5' -H "$H"
  cur=$(jq -r '.nextPageCursor // empty' $OUT/last.body)
  if [ -n "$cur" ]; then c -G $BASE/api/search/query --data-urlencode 'term=s' --data-urlencode 'pageLimit=5' --data-urlencode "pageCursor=$cur" -H "$H"; fi
  c -G $BASE/api/search/query --data-urlencode 'term=payments' --data-urlencode 'types[0]=techdocs' -H "$H"
  # permission checks as the frontend's usePermission does
  for perm in 'catalog.entity.create|create' 'catalog.location.create|create' 'scaffolder.action.execute|use' 'catalog.entity.delete|delete'; do
    name=${perm%|*}; action=${perm#*|}
    c -X POST $BASE/api/permission/authorize -H "$H" -H "$J" -d "{\"items\":[{\"id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"permission\":{\"type\":\"basic\",\"name\":\"$name\",\"attributes\":{\"action\":\"$action\"}}}]}"
  done
  c -X POST $BASE/api/permission/authorize -H "$H" -H "$J" -d '{"items":[{"id":"r1","permission":{"type":"resource","name":"catalog.entity.read","attributes":{"action":"read"},"resourceType":"catalog-entity"},"resourceRef":"component:default/ledger-service"}]}'
  for p in catalog scaffolder search; do c $BASE/api/$p/.well-known/backstage/permissions/metadata -H "$H"; done
  # the actions registry (what AI agents / MCP clients list and call)
  c $BASE/api/catalog/.backstage/actions/v1/actions -H "$H"
  c $BASE/api/scaffolder/.backstage/actions/v1/actions -H "$H"
  c $BASE/api/auth/.backstage/actions/v1/actions -H "$H"
  c -X POST "$BASE/api/catalog/.backstage/actions/v1/actions/catalog:get-catalog-model-description/invoke" -H "$H" -H "$J" -d '{}'
  c -X POST "$BASE/api/catalog/.backstage/actions/v1/actions/catalog:get-catalog-entity/invoke" -H "$H" -H "$J" -d '{"kind":"Component","namespace":"default","name":"ledger-service"}'
  c -X POST "$BASE/api/catalog/.backstage/actions/v1/actions/catalog:query-catalog-entities/invoke" -H "$H" -H "$J" -d '{"filter":{"kind":"API"}}'
  c -X POST "$BASE/api/catalog/.backstage/actions/v2/actions/catalog:get-catalog-entity/invoke" -H "$H" -H "$J" -d '{"input":{"kind":"System","namespace":"data","name":"analytics"}}'
  # scheduler: task lists and a manual reindex
  for p in catalog scaffolder search; do c $BASE/api/$p/.backstage/scheduler/v1/tasks -H "$H"; done
  c -X POST $BASE/api/search/.backstage/scheduler/v1/tasks/search_index_software_catalog/trigger -H "$H"
  c -X POST $BASE/api/catalog/.backstage/scheduler/v1/tasks/catalog_orphan_cleanup/trigger -H "$H"
  c -X POST $BASE/api/scaffolder/.backstage/scheduler/v1/tasks/no_such_task/trigger -H "$H"
  # proxy to the local upstream (status board without credentials, artifacts with the token)
  c $BASE/api/proxy/status-board/
  c $BASE/api/proxy/status-board/services.json
  c $BASE/api/proxy/status-board/incidents/2026-12.json
  c $BASE/api/proxy/status-board/missing.json
  c $BASE/api/proxy/artifacts/releases/payments-gateway-2.4.0.json -H "$H"
  c $BASE/api/proxy/artifacts/releases/ledger-service-1.9.3.json -H "$H"
  c $BASE/api/proxy/artifacts/ -H "$H"
  c -I $BASE/api/proxy/artifacts/releases/payments-gateway-2.4.0.json -H "$H"
  c $BASE/api/proxy/artifacts/../../etc/passwd --path-as-is -H "$H"
  # the events bus is for services: a user token is refused
  c -X POST $BASE/api/events/bus/v1/events -H "$H" -H "$J" -d '{"event":{"topic":"deployments","payload":{"service":"payments-gateway","version":"2.4.1"}}}'
  c -X PUT $BASE/api/events/bus/v1/subscriptions/deploy-notifier -H "$H" -H "$J" -d '{"topics":["deployments"]}'
  c $BASE/api/events/bus/v1/subscriptions/deploy-notifier/events -H "$H"
  # a few catalog reads by hand (the docs' curl examples)
  c "$BASE/api/catalog/entities/by-query?filter=kind=component,spec.lifecycle=production&fields=metadata.name,spec.owner&limit=20" -H "$H"
  c "$BASE/api/catalog/entities?filter=kind=group&fields=metadata.name,spec.children" -H "$H"
  c "$BASE/api/catalog/entity-facets?facet=spec.type&filter=kind=resource" -H "$H"
  c $BASE/api/catalog/entities/by-name/user/default/priya.raman -H "$H"
  c $BASE/api/catalog/entities/by-name/group/data/analytics-guild -H "$H"
  c $BASE/api/catalog/entities/by-name/api/commerce/checkout-api/ancestry -H "$H"
  c $BASE/api/catalog/locations -H "$H"
  c -X POST $BASE/api/catalog/entities/by-refs -H "$H" -H "$J" -d '{"entityRefs":["component:default/fraud-scoring","resource:commerce/orders-queue","user:default/jonas.berg"]}'
  c -X POST "$BASE/api/catalog/entities/by-query" -H "$H" -H "$J" -d '{"query":{"kind":"Component","spec.lifecycle":"experimental"},"limit":10}'
  c -X POST "$BASE/api/catalog/entity-facets" -H "$H" -H "$J" -d '{"facets":["spec.lifecycle"],"query":{"kind":"Component"}}'
  c -X POST $BASE/api/catalog/refresh -H "$H" -H "$J" -d '{"entityRef":"component:data/etl-orchestrator"}'
  # every entity by name, as the docs' curl examples read them (list from by-query, then each one)
  c "$BASE/api/catalog/entities/by-query?limit=100&fields=kind,metadata.namespace,metadata.name&orderField=metadata.name,asc" -H "$H"
  jq -r '.items[] | select(.kind != "Location") | "\(.kind|ascii_downcase)/\(.metadata.namespace)/\(.metadata.name)"' $OUT/last.body > $OUT/refs.txt
  while read -r ref; do c "$BASE/api/catalog/entities/by-name/$ref" -H "$H"; done < $OUT/refs.txt
  # scaffolder task list and events by hand
  c "$BASE/api/scaffolder/v2/tasks?limit=3" -H "$H"
  for id in $(jq -r '.[]' $RUN/tasks.json 2>/dev/null | head -3); do
    c "$BASE/api/scaffolder/v2/tasks/$id" -H "$H"
    c "$BASE/api/scaffolder/v2/tasks/$id/events?after=3" -H "$H"
    c --max-time 3 "$BASE/api/scaffolder/v2/tasks/$id/eventstream" -H "$H" -H 'accept: text/event-stream'
  done
  c $BASE/api/scaffolder/v2/actions -H "$H"
}

denied() {
  for u in /api/catalog/entities /api/catalog/entities/by-query /api/catalog/locations /api/catalog/entity-facets?facet=kind \
           /api/catalog/entities/by-name/component/default/payments-gateway /api/scaffolder/v2/actions /api/scaffolder/v2/tasks \
           "/api/search/query?term=payments" /api/auth/v1/userinfo /api/catalog/.backstage/scheduler/v1/tasks \
           /api/catalog/.backstage/actions/v1/actions /api/proxy/artifacts/releases/payments-gateway-2.4.0.json; do
    c "$BASE$u"
  done
  c -X POST $BASE/api/catalog/locations -H "$J" -d "{\"type\":\"file\",\"target\":\"$RUN/catalog/org.yaml\"}"
  c -X POST $BASE/api/scaffolder/v2/tasks -H "$J" -d '{"templateRef":"template:default/node-service-template","values":{"name":"sneaky"}}'
  c -X POST $BASE/api/permission/authorize -H "$J" -d '{"items":[{"id":"x","permission":{"type":"basic","name":"catalog.entity.create","attributes":{"action":"create"}}}]}'
  c -X DELETE $BASE/api/catalog/locations/00000000-0000-4000-8000-000000000000
  # malformed and foreign tokens
  for t in abc.def.ghi not-a-jwt 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvbWFsbG9yeSJ9.c2lnbmF0dXJl'; do
    c $BASE/api/catalog/entities -H "authorization: Bearer $t"
    c "$BASE/api/search/query?term=ledger" -H "authorization: Bearer $t"
    c $BASE/api/scaffolder/v2/tasks -H "authorization: Bearer $t"
  done
  c $BASE/api/catalog/entities -H 'authorization: Basic YWRtaW46YWRtaW4='
  c -X POST "$BASE/api/auth/guest/refresh"
  c "$BASE/api/auth/guest/refresh"
  # user credentials on service-only endpoints (403)
  T=$(token); H="authorization: Bearer $T"
  c $BASE/api/catalog/.backstage/actions/v1/status -H "$H"
  c -X POST $BASE/api/catalog/.well-known/backstage/permissions/apply-conditions -H "$H" -H "$J" -d '{"items":[]}'
  c -X POST $BASE/api/scaffolder/.backstage/scheduler/v1/tasks/close_stale_tasks/cancel -H "$H"
}

probes() {
  for p in /.env /wp-login.php /admin /.git/config /server-status /phpmyadmin/ /actuator/health /api/v1/users /console \
           /api/catalog/v2/entities /api/graphql /api/techdocs/static/docs/default/component/payments-gateway/index.html \
           /backup.zip /config.json /api/swagger.json /robots.txt /favicon.ico; do
    c "$BASE$p"
  done
  c --path-as-is "$BASE/api/catalog/../../etc/passwd"
  c --path-as-is "$BASE/api/scaffolder/..%2f..%2f..%2fetc%2fshadow"
  c --path-as-is "$BASE/..;/admin"
  c -X POST "$BASE/wp-login.php" -d 'log=admin&pwd=admin'
  c -X POST "$BASE/xmlrpc.php" -H 'content-type: text/xml' -d '<methodCall><methodName>system.listMethods</methodName></methodCall>'
  c -X PUT "$BASE/api/catalog/entities" -H "$J" -d '{}'
  c -X POST "$BASE/.env" -d 'x=1'
  c -X POST "$BASE/admin/login" -d 'username=admin&password=admin'
  c -X DELETE "$BASE/api/admin/users/1"
  c "$BASE/api/.env"
  c "$BASE/api/v2/config"
  c -X OPTIONS "$BASE/api/catalog/entities" -H 'origin: http://evil.example' -H 'access-control-request-method: DELETE'
}

for s in "$@"; do $s; done
echo "curl $*: $n requests"
