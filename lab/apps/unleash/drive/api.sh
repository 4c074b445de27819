#!/bin/bash
# Admin API calls with curl, as the Unleash API docs show (Authorization: <admin API token>, JSON bodies).
# usage: api.sh seed|after   (seed = create/update objects; after = read metrics/applications, clean up, 404s)
U=${UNLEASH_URL:-http://127.0.0.1:19242}
A='*:*.lab-admin-5f3c1e2a9b7d4c8e'
LOG=${API_LOG:-/dev/null}
c() { # c METHOD PATH [JSON]  -> prints body to stdout, logs status
  local m=$1 p=$2 d=${3:-}
  if [ -n "$d" ]; then
    curl -s -X "$m" -H "Authorization: $A" -H 'Content-Type: application/json' -H 'Accept: application/json' \
      -A 'curl/7.88.1' -w '\n%{http_code}' "$U$p" --data "$d" | { body=$(cat); echo "$m $p ${body##*$'\n'}" >>"$LOG"; echo "${body%$'\n'*}"; }
  else
    curl -s -X "$m" -H "Authorization: $A" -H 'Accept: application/json' \
      -w '\n%{http_code}' "$U$p" | { body=$(cat); echo "$m $p ${body##*$'\n'}" >>"$LOG"; echo "${body%$'\n'*}"; }
  fi
}
q() { c "$@" >/dev/null; }
P=/api/admin/projects/default

seed() {
  q GET /api/admin/ui-config
  q GET /api/admin/projects
  q GET $P/overview
  q GET /api/admin/environments
  q GET /api/admin/feature-types
  q GET /api/admin/strategies
  q GET /api/admin/context
  q GET /api/admin/tag-types
  q GET /api/admin/segments

  # tag types, tags
  q POST /api/admin/tag-types/validate '{"name":"team"}'
  q POST /api/admin/tag-types '{"name":"team","description":"Owning team"}'
  q POST /api/admin/tag-types '{"name":"component","description":"Part of the product"}'
  q GET /api/admin/tag-types/team
  q PUT /api/admin/tag-types/component '{"name":"component","description":"Product component the flag lives in"}'
  for t in team:payments team:growth team:platform component:checkout component:search component:mobile; do
    q POST /api/admin/tags "{\"type\":\"${t%%:*}\",\"value\":\"${t##*:}\"}"
  done
  q GET /api/admin/tags
  q GET /api/admin/tags/team
  q GET /api/admin/tags/team/payments

  # context fields
  q POST /api/admin/context/validate '{"name":"region"}'
  q POST /api/admin/context '{"name":"region","description":"Customer data region","legalValues":[{"value":"eu-west"},{"value":"us-east"}]}'
  q POST /api/admin/context '{"name":"plan","description":"Subscription plan","stickiness":true,"legalValues":[{"value":"free"},{"value":"pro"},{"value":"enterprise"}]}'
  q POST /api/admin/context '{"name":"deviceType","legalValues":[{"value":"ios"},{"value":"android"},{"value":"web"}]}'
  q GET /api/admin/context/region
  q POST /api/admin/context/region/legal-values '{"value":"ap-south","description":"Mumbai"}'
  q DELETE /api/admin/context/deviceType/legal-values/web
  q PUT /api/admin/context/plan '{"name":"plan","description":"Subscription tier","stickiness":true,"legalValues":[{"value":"free"},{"value":"pro"},{"value":"team"},{"value":"enterprise"}]}'
  q GET /api/admin/context/plan/strategies

  # segments
  q POST /api/admin/segments/validate '{"name":"beta-users"}'
  q POST /api/admin/segments '{"name":"beta-users","description":"Opted into beta","constraints":[{"contextName":"userId","operator":"IN","values":["1021","1187","2044","3310"]}]}'
  q POST /api/admin/segments '{"name":"internal-staff","constraints":[{"contextName":"userId","operator":"STR_ENDS_WITH","values":["@acme-corp.com"]}]}'
  q POST /api/admin/segments '{"name":"eu-customers","constraints":[{"contextName":"region","operator":"IN","values":["eu-west"]}]}'
  q GET /api/admin/segments/1
  q PUT /api/admin/segments/3 '{"name":"eu-customers","description":"Customers hosted in the EU","constraints":[{"contextName":"region","operator":"IN","values":["eu-west"]},{"contextName":"plan","operator":"IN","values":["pro","enterprise"]}]}'
  q GET /api/admin/segments/2/strategies

  # features
  local types=(release experiment release operational permission experiment kill-switch release release operational)
  local feats=(new-checkout dark-mode search-v2 payment-retry beta-api-keys recommendations-widget maintenance-banner onboarding-tour mobile-push-alerts legacy-export)
  local i=0
  for f in "${feats[@]}"; do
    q POST /api/admin/features/validate "{\"name\":\"$f\"}"
    q POST $P/features "{\"name\":\"$f\",\"type\":\"${types[$i]}\",\"description\":\"$f flag\",\"impressionData\":false}"
    q GET $P/features/$f
    i=$((i+1))
  done
  q POST /api/admin/features/validate '{"name":"new-checkout"}'      # 409: exists
  q POST $P/features '{"name":"bad name!"}'                           # 400
  q GET "$P/features"
  q GET "/api/admin/search/features?project=IS%3Adefault&offset=0&limit=25&sortBy=createdAt&sortOrder=desc"
  q GET "/api/admin/search/features?query=checkout&limit=10"
  q GET "/api/admin/search/features?type=IS%3Arelease&state=IS%3Aactive&limit=50"

  # strategies per feature and environment
  local sid
  for f in new-checkout dark-mode search-v2 payment-retry recommendations-widget onboarding-tour mobile-push-alerts; do
    sid=$(c POST $P/features/$f/environments/development/strategies "{\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":\"100\",\"stickiness\":\"default\",\"groupId\":\"$f\"}}" | jq -r .id)
    q POST $P/features/$f/environments/development/on
    q GET $P/features/$f/environments/development/strategies/$sid
    q PUT $P/features/$f/environments/development/strategies/$sid "{\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":\"100\",\"stickiness\":\"userId\",\"groupId\":\"$f\"},\"segments\":[1]}"
    sid=$(c POST $P/features/$f/environments/production/strategies "{\"name\":\"flexibleRollout\",\"constraints\":[{\"contextName\":\"region\",\"operator\":\"IN\",\"values\":[\"eu-west\"]}],\"parameters\":{\"rollout\":\"25\",\"stickiness\":\"default\",\"groupId\":\"$f\"}}" | jq -r .id)
    q PATCH $P/features/$f/environments/production/strategies/$sid '[{"op":"replace","path":"/parameters/rollout","value":"40"}]'
    q GET $P/features/$f/environments/production/strategies
    q GET $P/features/$f/environments/production
  done
  q POST $P/features/new-checkout/environments/production/on
  q POST $P/features/dark-mode/environments/production/on
  q POST $P/features/maintenance-banner/environments/production/strategies '{"name":"default","parameters":{}}'
  q POST $P/features/beta-api-keys/environments/development/strategies '{"name":"flexibleRollout","constraints":[{"contextName":"userId","operator":"IN","values":["1021","1187"]}],"parameters":{"rollout":"100","stickiness":"default","groupId":"beta-api-keys"}}'
  q POST $P/features/beta-api-keys/environments/development/on
  sid=$(c POST $P/features/search-v2/environments/development/strategies '{"name":"remoteAddress","parameters":{"IPs":"10.0.0.0/8"}}' | jq -r .id)
  q DELETE $P/features/search-v2/environments/development/strategies/$sid
  q GET $P/features/search-v2/environments/development/strategies/00000000-0000-0000-0000-000000000000   # 404

  # variants, tags, metadata
  q PUT $P/features/dark-mode/environments/development/variants '[{"name":"midnight","weight":500,"weightType":"variable","stickiness":"default"},{"name":"slate","weight":500,"weightType":"variable","stickiness":"default"}]'
  q GET $P/features/dark-mode/environments/development/variants
  q PUT $P/features/recommendations-widget/variants-batch '{"variants":[{"name":"carousel","weight":500,"weightType":"variable","stickiness":"default"},{"name":"grid","weight":500,"weightType":"variable","stickiness":"default"}],"environments":["development","production"]}'
  q POST /api/admin/features/new-checkout/tags '{"type":"team","value":"payments"}'
  q POST /api/admin/features/new-checkout/tags '{"type":"component","value":"checkout"}'
  q POST /api/admin/features/payment-retry/tags '{"type":"team","value":"payments"}'
  q POST /api/admin/features/search-v2/tags '{"type":"component","value":"search"}'
  q POST /api/admin/features/mobile-push-alerts/tags '{"type":"component","value":"mobile"}'
  q PUT /api/admin/features/onboarding-tour/tags '{"addedTags":[{"type":"team","value":"growth"}],"removedTags":[]}'
  q GET /api/admin/features/new-checkout/tags
  q DELETE /api/admin/features/new-checkout/tags/component/checkout
  q PUT $P/features/payment-retry '{"name":"payment-retry","description":"Retry failed card payments with backoff","type":"operational","stale":false,"impressionData":true}'
  q PATCH $P/features/onboarding-tour '[{"op":"replace","path":"/description","value":"Guided tour for first-time users"}]'
  q POST $P/features/new-checkout/clone '{"name":"new-checkout-v2","replaceGroupId":true}'
  q POST $P/features/new-checkout/link '{"url":"https://tracker.example.com/browse/PAY-412","title":"PAY-412"}'
  q GET $P/features/new-checkout/lifecycle
  q POST $P/features/new-checkout-v2/dependencies '{"feature":"new-checkout","enabled":true}'
  q GET $P/features/new-checkout-v2/parents
  q GET $P/dependencies
  q POST $P/stale '{"features":["maintenance-banner"],"stale":true}'
  q POST $P/bulk_features/environments/production/on '{"features":["search-v2","payment-retry"],"shouldActivateDisabledStrategies":false}'
  q POST $P/features/mobile-push-alerts/environments/production/off

  # users
  for u in "alice.martin:Alice Martin:2" "bob.nguyen:Bob Nguyen:2" "carol.schmidt:Carol Schmidt:3" "dave.okafor:Dave Okafor:3"; do
    IFS=: read -r e n r <<<"$u"
    q POST /api/admin/user-admin "{\"email\":\"$e@acme-corp.com\",\"name\":\"$n\",\"rootRole\":$r,\"sendEmail\":false}"
  done
  q GET /api/admin/user-admin
  q GET "/api/admin/user-admin/search?q=carol"
  q GET /api/admin/user-admin/2
  q GET /api/admin/user-admin/3
  q PUT /api/admin/user-admin/3 '{"name":"Bob Nguyen","email":"bob.nguyen@acme-corp.com","rootRole":3}'
  q GET /api/admin/user-admin/4/permissions
  q POST /api/admin/user-admin/validate-password '{"password":"Tr0ub4dor&3-horse-battery"}'
  q GET /api/admin/user-admin/access
  q GET /api/admin/user

  # api tokens
  q GET /api/admin/api-tokens
  q POST /api/admin/api-tokens '{"tokenName":"checkout-service","type":"backend","environment":"production","projects":["*"]}'
  q POST /api/admin/api-tokens '{"tokenName":"mobile-backend","type":"backend","environment":"development","projects":["default"]}'
  q POST /api/admin/api-tokens '{"tokenName":"website-frontend","type":"frontend","environment":"production","projects":["*"]}'
  q GET /api/admin/api-tokens/checkout-service
  q GET $P/api-tokens

  # events, playground
  q GET /api/admin/events
  q GET /api/admin/events/new-checkout
  q GET "/api/admin/search/events?offset=0&limit=50"
  q GET "/api/admin/search/events?feature=IS%3Adark-mode&limit=20"
  q GET /api/admin/event-creators
  q POST /api/admin/playground '{"projects":"*","environment":"production","context":{"appName":"checkout-service","userId":"1021","properties":{"region":"eu-west"}}}'
  q POST /api/admin/playground/advanced '{"projects":"*","environments":["development","production"],"context":{"appName":"website","userId":"2044","plan":"pro"}}'
  # a dashboard script paging through flags and reading each one
  for off in 0 5 10; do
    q GET "/api/admin/search/features?project=IS%3Adefault&offset=$off&limit=5&sortBy=name&sortOrder=asc"
  done
  for f in new-checkout dark-mode search-v2 payment-retry beta-api-keys recommendations-widget maintenance-banner onboarding-tour mobile-push-alerts new-checkout-v2; do
    q GET $P/features/$f
    q GET $P/features/$f/environments/development/strategies
    q GET /api/admin/features/$f/tags
  done
  q GET "/api/admin/search/features?tag=IS%3Ateam%3Apayments&limit=25"
  q GET "/api/admin/search/features?lifecycle=IS%3Ainitial&limit=25"
  q GET "/api/admin/user-admin/search?q=acme"
}

after() {
  q GET /api/admin/metrics/applications
  for a in checkout-service website mobile-backend billing-worker; do
    q GET /api/admin/metrics/applications/$a
    q GET /api/admin/metrics/applications/$a/overview
  done
  q POST /api/admin/metrics/applications/billing-worker '{"description":"Nightly invoicing worker","color":"#3c5a99"}'
  q GET /api/admin/metrics/instances/website/environment/development
  q GET /api/admin/metrics/feature-toggles/new-checkout
  q GET /api/admin/client-metrics/features/new-checkout
  q GET "/api/admin/client-metrics/features/dark-mode/raw?hoursBack=1"
  q GET /api/admin/metrics/seen-apps
  q GET $P/applications
  q GET /api/admin/metrics/sdks/outdated
  q GET $P/insights
  q GET $P/health-report
  q GET $P/status
  q GET /api/admin/instance-admin/statistics

  # archive and clean up
  q DELETE $P/features/legacy-export
  q POST $P/archive '{"features":["maintenance-banner"]}'
  q GET "/api/admin/search/features?project=IS%3Adefault&archived=IS%3Atrue"
  q POST $P/revive '{"features":["maintenance-banner"]}'
  q DELETE /api/admin/archive/legacy-export
  q DELETE /api/admin/segments/2
  q DELETE /api/admin/context/deviceType
  q DELETE /api/admin/user-admin/5
  q DELETE /api/admin/tags/team/platform
  q DELETE /api/admin/tag-types/component

  # missing objects on real routes (404)
  q GET $P/features/checkout-redesign
  q GET /api/admin/projects/billing/features/invoice-pdf
  q GET /api/admin/segments/42
  q GET /api/admin/context/browser
  q GET /api/admin/user-admin/99
  q GET /api/admin/tag-types/priority
  q GET /api/admin/metrics/applications/ghost-service
  q DELETE $P/features/old-banner
  q GET /api/admin/strategies/gradualRollout
}

"$@"
