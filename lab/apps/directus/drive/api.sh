#!/bin/bash
# REST calls with curl as the Directus API reference shows (Authorization: Bearer <static token>, JSON bodies, query
# parameters fields/filter/sort/limit/search/meta/deep/aggregate, SEARCH method with a query body, GraphQL).
U=${DIRECTUS_URL:-http://127.0.0.1:18055}
T=${ADMIN_TOKEN:-lab-admin-static-token-5e8c1f}
LOG=${API_LOG:-/dev/null}
c() { # c METHOD PATH [JSON] -> body on stdout, "METHOD PATH status" in the log
  local m=$1 p=$2 d=${3:-}
  local args=(-s -X "$m" -H "Authorization: Bearer $T" -A 'curl/7.88.1' -w '\n%{http_code}')
  [ -n "$d" ] && args+=(-H 'Content-Type: application/json' --data "$d")
  curl "${args[@]}" "$U$p" | { body=$(cat); echo "$m $p ${body##*$'\n'}" >>"$LOG"; echo "${body%$'\n'*}"; }
}
q() { c "$@" >/dev/null; }
curl() { command curl -g "$@"; }   # no URL globbing: filter[status][_eq]=... goes out as written
id() { jq -r '.data.id // empty'; }

q GET /server/info
q GET /server/health
q GET /users/me
q GET '/collections?limit=-1'
q GET /fields/articles
q GET /fields/orders/customer_email
q GET /relations/articles
q GET /relations/articles/author
q GET '/items/articles?fields=id,title,status,author.name&filter[status][_eq]=published&sort=-published_on&limit=5'
q GET '/items/articles?filter=%7B%22title%22%3A%7B%22_contains%22%3A%22train%22%7D%7D&meta=total_count,filter_count'
q GET '/items/articles?search=porto&fields=*,category.*'
q GET '/items/authors?deep[articles][_limit]=2&fields=*'
q GET '/items/orders?aggregate[count]=*&groupBy[]=state'
q GET '/items/products?filter[price][_gte]=20&sort=price'
q SEARCH /items/products '{"query":{"filter":{"in_stock":{"_eq":true}},"fields":["id","name","price"]}}'
q GET /items/articles/1
q GET '/items/articles/2?fields=title,body'
# a new collection made with curl, items in it, then gone again
q POST /collections '{"collection":"events","meta":{"icon":"event","note":"Readers meetups"},"schema":{},"fields":[{"field":"id","type":"integer","meta":{"hidden":true},"schema":{"is_primary_key":true,"has_auto_increment":true}}]}'
q POST /fields/events '{"field":"title","type":"string","meta":{"interface":"input"}}'
q POST /fields/events '{"field":"city","type":"string","meta":{"interface":"input"}}'
q POST /fields/events '{"field":"starts_at","type":"dateTime","meta":{"interface":"datetime"}}'
q PATCH /fields/events/city '{"meta":{"note":"Where the meetup happens"}}'
e1=$(c POST /items/events '{"title":"Climate desk meetup","city":"Berlin","starts_at":"2024-09-12T18:30:00"}' | id)
e2=$(c POST /items/events '{"title":"Reader day","city":"Lisbon","starts_at":"2024-10-03T10:00:00"}' | id)
q POST /items/events '[{"title":"Night train talk","city":"Vienna"},{"title":"Oyster farm visit","city":"Arcachon"}]'
q GET /items/events
q GET "/items/events/$e1"
q PATCH "/items/events/$e1" '{"city":"Hamburg"}'
q PATCH /items/events '{"keys":['"$e1,$e2"'],"data":{"starts_at":"2024-11-01T18:00:00"}}'
q DELETE "/items/events/$e2"
q GET "/items/events/$e2"
q GET /items/events/9999
q GET /items/no_such_collection
q POST /utils/sort/articles '{"item":2,"to":1}'
q GET '/revisions?filter[collection][_eq]=events&limit=5'
rev=$(c GET '/revisions?filter[collection][_eq]=events&sort=-id&limit=1' | jq -r '.data[0].id // empty')
[ -n "$rev" ] && q POST "/utils/revert/$rev"
q GET '/activity?filter[action][_eq]=create&limit=10&sort=-timestamp'
q GET '/activity?filter[collection][_eq]=articles&limit=5'
q GET /comments
q POST /comments '{"collection":"events","item":"'"$e1"'","comment":"Venue confirmed"}'
# files: upload with multipart (as the docs show), read, asset transforms, update, delete
fid=$(curl -s -H "Authorization: Bearer $T" -A 'curl/7.88.1' -F 'title=Meetup flyer' -F 'file=@-;filename=meetup-flyer.txt;type=text/plain' $U/files <<<'Climate desk meetup, Berlin, 12 September' | jq -r '.data.id // empty')
echo "POST /files (multipart) $fid" >>"$LOG"
q GET "/files/$fid"
q GET '/files?filter[type][_eq]=text/plain&fields=id,filename_download,filesize'
q PATCH "/files/$fid" '{"description":"Flyer for the Berlin meetup"}'
curl -s -o /dev/null -H "Authorization: Bearer $T" -A 'curl/7.88.1' "$U/assets/$fid"
curl -s -o /dev/null -A 'curl/7.88.1' "$U/assets/$fid/meetup-flyer.txt?access_token=$T"
curl -s -o /dev/null -H "Authorization: Bearer $T" -A 'curl/7.88.1' "$U/assets/$fid?download"
img=$(c GET '/files?filter[type][_eq]=image/png&limit=1&fields=id' | jq -r '.data[0].id // empty')
curl -s -o /dev/null -H "Authorization: Bearer $T" -A 'curl/7.88.1' "$U/assets/$img?width=64&height=64&fit=contain&quality=80"
curl -s -o /dev/null -H "Authorization: Bearer $T" -A 'curl/7.88.1' "$U/assets/$img?key=system-small-cover"
q DELETE "/files/$fid"
q GET /folders
q POST /folders '{"name":"Events"}'
# users, roles, policies, permissions, presets, settings
q GET '/users?fields=id,email,role.name&filter[status][_eq]=active'
q GET '/roles?fields=id,name,users.email'
q GET /policies
q GET /permissions/me
q GET /permissions/me/articles
q GET /policies/me/globals
q GET /roles/me
q POST /users/invite '{"email":"new.reporter@northwindjournal.com","role":"00000000-0000-0000-0000-000000000000"}'
q GET /presets
q PATCH /settings '{"project_descriptor":"Newsroom CMS","default_appearance":"light"}'
q GET '/settings?fields=project_name,project_descriptor'
q GET /extensions
snap=$(c GET /schema/snapshot)
q POST /schema/diff "$(jq -c '.data' <<<"$snap")"
q GET /server/specs/oas
q GET /server/specs/graphql/system
q GET /server/specs/graphql
# utils
q GET '/utils/random/string?length=32'
q POST /utils/cache/clear
q POST /utils/export/orders '{"format":"json","query":{"limit":50},"file":{"title":"orders-export"}}'
curl -s -o /dev/null -H "Authorization: Bearer $T" -A 'curl/7.88.1' -F 'file=@-;filename=events.csv;type=text/csv' $U/utils/import/events <<<$'title,city\nPodcast live,Copenhagen\nBook club,Dublin'
# GraphQL
q POST /graphql '{"query":"query { articles(limit: 3, sort: [\"-id\"]) { id title author { name } } }"}'
q POST /graphql '{"query":"mutation { update_products_item(id: 1, data: { price: \"13.00\" }) { id price } }"}'
q POST /graphql/system '{"query":"{ users_me { email first_name } server_info { project { project_name } } }"}'
curl -s -o /dev/null -H "Authorization: Bearer $T" -A 'curl/7.88.1' "$U/graphql?query=%7B%20events%20%7B%20id%20title%20%7D%20%7D"
# access_token in the query, the docs' other way
curl -s -o /dev/null -A 'curl/7.88.1' "$U/items/products?access_token=$T&limit=3"
curl -s -o /dev/null -A 'curl/7.88.1' "$U/users/me?access_token=$T"
# session login with curl: json mode, refresh, logout
j=$(curl -s -A 'curl/7.88.1' -H 'Content-Type: application/json' -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" $U/auth/login)
at=$(jq -r '.data.access_token' <<<"$j"); rt=$(jq -r '.data.refresh_token' <<<"$j")
curl -s -o /dev/null -A 'curl/7.88.1' -H "Authorization: Bearer $at" "$U/items/orders?limit=2"
j=$(curl -s -A 'curl/7.88.1' -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$rt\",\"mode\":\"json\"}" $U/auth/refresh)
rt=$(jq -r '.data.refresh_token' <<<"$j")
curl -s -o /dev/null -A 'curl/7.88.1' -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$rt\",\"mode\":\"json\"}" $U/auth/logout
curl -s -o /dev/null -A 'curl/7.88.1' $U/auth
# cleanup of the curl collection
q DELETE /fields/events/starts_at
q DELETE /collections/events
q GET /collections/events
