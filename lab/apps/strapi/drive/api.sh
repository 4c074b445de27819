#!/bin/bash
# curl on Strapi's REST API the way its docs show (REST API reference, Users & Permissions, Upload), after the SDK:
#  1. the administrator (admin API, as the admin panel calls it) gives the Authenticated role its permissions;
#  2. readers register and log in with the Users & Permissions plugin (/api/auth/local[/register]) and use their JWT:
#     /api/users/me, reading with populate/filters/sort/pagination, creating and editing articles and restaurants,
#     uploading a photo (/api/upload) and downloading it (/uploads/...), refused deletes (403);
#  3. the API token (argv[1] = its file): the query-string forms of the REST docs (filters[..][$op], populate, fields,
#     sort, pagination, status, locale), CRUD on categories/authors, the single type, upload + file info update
#     (POST /api/upload?id=), users and roles of the users-permissions plugin, the content-type-builder's read API,
#     unknown ids. Every call's status goes to $API_LOG.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
U=$STRAPI_URL
LOG=${API_LOG:-/dev/null}
TOKEN=$(cat "${1:-$W/api-token.txt}")
c() { curl -g -s -o /dev/null -w "%{http_code} %{method} %{url_effective}\n" -A 'curl/7.88.1' "$@" >> $LOG; }
cj() { curl -g -s -A 'curl/7.88.1' "$@"; }
JSON='Content-Type: application/json'
IMG=$HERE/files/harbour-at-dawn.png

# --- 1. administrator: the Authenticated role's permissions (Settings > Users & Permissions > Roles, as the UI does it)
AJWT=$(cj -X POST -H "$JSON" -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\",\"rememberMe\":false}" $U/admin/login | jq -r .data.token)
AH="Authorization: Bearer $AJWT"
c -H "$AH" $U/admin/users/me
ROLES=$(cj -H "$AH" $U/users-permissions/roles)
AUTH_ID=$(echo "$ROLES" | jq -r '.roles[] | select(.type=="authenticated") | .id')
ROLE=$(cj -H "$AH" $U/users-permissions/roles/$AUTH_ID)
echo "$ROLE" | jq '.role | {name, description, users: [],
  permissions: (.permissions
    | .["api::article"].controllers.article |= (.find.enabled=true | .findOne.enabled=true | .create.enabled=true | .update.enabled=true)
    | .["api::author"].controllers.author |= (.find.enabled=true | .findOne.enabled=true)
    | .["api::category"].controllers.category |= (.find.enabled=true | .findOne.enabled=true)
    | .["api::restaurant"].controllers.restaurant |= (.find.enabled=true | .findOne.enabled=true | .create.enabled=true | .update.enabled=true)
    | .["api::homepage"].controllers.homepage |= (.find.enabled=true)
    | .["plugin::upload"].controllers["content-api"] |= (.upload.enabled=true | .find.enabled=true | .findOne.enabled=true)
    | .["plugin::i18n"].controllers.locales |= (.listLocales.enabled=true)
    | .["plugin::users-permissions"].controllers.user |= (.me.enabled=true)
    | .["plugin::users-permissions"].controllers.auth |= (.changePassword.enabled=true))}' > $W/auth-role.json
c -X PUT -H "$AH" -H "$JSON" --data @$W/auth-role.json $U/users-permissions/roles/$AUTH_ID
c -H "$AH" $U/users-permissions/roles/$AUTH_ID
c -H "$AH" "$U/admin/api-tokens"
c -X POST -H "$AH" -H "$JSON" -d '{}' $U/admin/logout

# --- 2. readers with Users & Permissions JWTs
declare -A JWT
for who in "amara.nwosu:amara.nwosu@mail.example:Tide-Tables-77" "jonas.berg:jonas.berg@mail.example:Fjord-Light-204" \
           "lucia_ferreira:lucia.ferreira@mail.example:Azulejo-Blue-9"; do
  IFS=: read -r user email pass <<< "$who"
  r=$(cj -X POST -H "$JSON" -d "{\"username\":\"$user\",\"email\":\"$email\",\"password\":\"$pass\"}" $U/api/auth/local/register)
  echo "register $user: $(echo "$r" | jq -r '.user.id // .error.message')" >> $LOG
  r=$(cj -X POST -H "$JSON" -d "{\"identifier\":\"$email\",\"password\":\"$pass\"}" $U/api/auth/local)
  JWT[$user]=$(echo "$r" | jq -r .jwt)
done
c -X POST -H "$JSON" -d '{"username":"amara.nwosu","email":"amara.nwosu@mail.example","password":"Tide-Tables-77"}' $U/api/auth/local/register   # taken: 400
c -X POST -H "$JSON" -d '{"identifier":"jonas.berg@mail.example","password":"wrong-password"}' $U/api/auth/local                                     # 400
c -X POST -H "$JSON" -d '{"identifier":"jonas.berg","password":"Fjord-Light-204"}' $U/api/auth/local                                                 # by username
A="Authorization: Bearer ${JWT[amara.nwosu]}"
B="Authorization: Bearer ${JWT[jonas.berg]}"
L="Authorization: Bearer ${JWT[lucia_ferreira]}"
for h in "$A" "$B" "$L"; do c -H "$h" $U/api/users/me; done
c -H "$A" "$U/api/users/me?populate=role"
c -H "$A" "$U/api/articles?populate=*"
c -H "$A" "$U/api/articles?filters[category][slug][\$eq]=climate&populate[author][fields][0]=name"
c -H "$A" "$U/api/articles?sort=publishedAt:desc&pagination[pageSize]=5"
c -H "$A" "$U/api/categories?populate[articles][fields][0]=title&populate[articles][fields][1]=slug"
c -H "$A" "$U/api/authors?filters[name][\$containsi]=okafor&populate=articles"
c -H "$B" "$U/api/restaurants?filters[rating][\$gte]=4.5&sort=rating:desc"
c -H "$B" "$U/api/restaurants?filters[cuisine][\$eq]=lebanese"
c -H "$B" $U/api/homepage
c -H "$B" "$U/api/homepage?populate=featured"
c -H "$L" $U/api/i18n/locales
DOCS=$(cj -H "$A" "$U/api/articles?fields[0]=title&pagination[pageSize]=20" | jq -r '.data[].documentId')
for d in $(echo "$DOCS" | head -6); do c -H "$L" "$U/api/articles/$d?populate=author,category"; done
RDOCS=$(cj -H "$B" "$U/api/restaurants?fields[0]=name" | jq -r '.data[].documentId')
for d in $RDOCS; do c -H "$B" $U/api/restaurants/$d; done
# a reader writes: a guest article (draft) and a restaurant tip
NEW=$(cj -X POST -H "$A" -H "$JSON" -d '{"data":{"title":"Letter: keep the ferry running","description":"A reader from the north shore on why the 7:40 matters.","readingTime":3}}' $U/api/articles | jq -r .data.documentId)
echo "reader article $NEW" >> $LOG
c -H "$A" $U/api/articles/$NEW
c -X PUT -H "$A" -H "$JSON" -d '{"data":{"description":"A reader from the north shore on why the 7:40 crossing matters to two hundred commuters."}}' $U/api/articles/$NEW
c -X DELETE -H "$A" $U/api/articles/$NEW                                  # 403: delete not granted
NR=$(cj -X POST -H "$B" -H "$JSON" -d '{"data":{"name":"Smørrebrød Stuen","cuisine":"other","priceRange":2,"rating":4.0,"address":"5 Sailmaker Yard","description":"Open sandwiches on rye, pickled herring, aquavit."}}' $U/api/restaurants | jq -r .data.documentId)
c -X PUT -H "$B" -H "$JSON" -d '{"data":{"rating":4.2,"openingHours":{"wed-sun":"11:30-15:00"}}}' $U/api/restaurants/$NR
c -X DELETE -H "$B" $U/api/restaurants/$NR                                # 403
c -X POST -H "$L" -H "$JSON" -d '{"data":{"name":"Crime fiction"}}' $U/api/categories   # 403
c -X PUT -H "$L" -H "$JSON" -d '{"data":{"title":"Harbourlight"}}' $U/api/homepage     # 403
c -H "$L" $U/api/users                                                    # 403
# upload with the reader's JWT, then the public file URL
UP=$(cj -H "$B" -F "files=@$HERE/files/ferry-pier.png;type=image/png" -F 'fileInfo={"alternativeText":"The ferry pier at low tide","caption":"Sent in by Jonas"}' $U/api/upload)
echo "upload: $(echo "$UP" | jq -c '[.[] | {id, url}]')" >> $LOG
FURL=$(echo "$UP" | jq -r '.[0].url'); FID=$(echo "$UP" | jq -r '.[0].id')
c -H "$B" $U/api/upload/files/$FID
c -H "$B" "$U/api/upload/files?filters[name][\$contains]=ferry"
c $U$FURL
c -I $U$FURL
c -H 'Range: bytes=0-99' $U$FURL
c -X POST -H "$L" -H "$JSON" -d '{"currentPassword":"Azulejo-Blue-9","password":"Azulejo-Blue-10","passwordConfirmation":"Azulejo-Blue-10"}' $U/api/auth/change-password
c -X POST -H "$JSON" -d '{"identifier":"lucia.ferreira@mail.example","password":"Azulejo-Blue-10"}' $U/api/auth/local

# --- 3. the API token (full access)
T="Authorization: Bearer $TOKEN"
c -H "$T" "$U/api/articles?filters[title][\$contains]=flood"
c -H "$T" "$U/api/articles?filters[\$and][0][readingTime][\$lt]=8&filters[\$and][1][category][name][\$eq]=Food%20%26%20drink"
c -H "$T" "$U/api/articles?filters[author][documentId][\$null]=true"
c -H "$T" "$U/api/articles?populate[0]=author&populate[1]=category&populate[2]=cover"
c -H "$T" "$U/api/articles?fields[0]=title&fields[1]=slug&sort[0]=title:asc"
for p in 1 2 3; do c -H "$T" "$U/api/articles?pagination[page]=$p&pagination[pageSize]=3"; done
c -H "$T" "$U/api/articles?pagination[start]=0&pagination[limit]=2&pagination[withCount]=false"
c -H "$T" "$U/api/articles?status=draft"
c -H "$T" "$U/api/articles?locale=en"
c -H "$T" "$U/api/articles?filters[slug][\$eq]=climate-flood-line&populate=*"
c -H "$T" "$U/api/restaurants?filters[priceRange][\$between][0]=2&filters[priceRange][\$between][1]=3"
c -H "$T" "$U/api/restaurants?filters[name][\$notContainsi]=pho&sort=name"
c -H "$T" "$U/api/authors?populate[articles][sort]=publishedAt:desc&populate[articles][fields][0]=title"
c -H "$T" "$U/api/categories?filters[articles][readingTime][\$gt]=10"
# categories and authors: create, read, update, delete
CAT=$(cj -X POST -H "$T" -H "$JSON" -d '{"data":{"name":"Arts","slug":"arts","description":"Galleries, gigs and the harbour festival"}}' $U/api/categories | jq -r .data.documentId)
c -H "$T" $U/api/categories/$CAT
c -X PUT -H "$T" -H "$JSON" -d '{"data":{"description":"Galleries, gigs, theatre and the harbour festival"}}' $U/api/categories/$CAT
TMP=$(cj -X POST -H "$T" -H "$JSON" -d '{"data":{"name":"Weather","slug":"weather"}}' $U/api/categories | jq -r .data.documentId)
c -X DELETE -H "$T" $U/api/categories/$TMP
c -H "$T" $U/api/categories/$TMP                                           # 404
AUT=$(cj -X POST -H "$T" -H "$JSON" -d '{"data":{"name":"Kofi Mensah","email":"kofi.mensah@harbourlight.example","bio":"Photographer; the harbour at 5 a.m. is his beat."}}' $U/api/authors | jq -r .data.documentId)
c -H "$T" "$U/api/authors/$AUT?populate=*"
c -X PUT -H "$T" -H "$JSON" -d '{"data":{"bio":"Photographer and occasional writer; the harbour at 5 a.m. is his beat."}}' $U/api/authors/$AUT
ART=$(cj -X POST -H "$T" -H "$JSON" -d "{\"data\":{\"title\":\"Festival week in pictures\",\"slug\":\"arts-festival-week-pictures\",\"description\":\"Seven days, forty bands, one very wet Saturday.\",\"readingTime\":2,\"author\":\"$AUT\",\"category\":\"$CAT\"}}" $U/api/articles | jq -r .data.documentId)
c -H "$T" "$U/api/articles/$ART?populate=*"
c -X PUT -H "$T" -H "$JSON" -d '{"data":{"readingTime":3}}' "$U/api/articles/$ART"
c -X PUT -H "$T" -H "$JSON" -d '{"data":{"title":"Festival week in pictures (draft caption)"}}' "$U/api/articles/$ART?status=draft"
c -X DELETE -H "$T" $U/api/articles/$ART
c -X DELETE -H "$T" $U/api/authors/$AUT
c -H "$T" $U/api/authors/$AUT                                              # 404
c -X PUT -H "$T" -H "$JSON" -d '{"data":{"name":"Ghost"}}' $U/api/authors/k3j5h7g9f1d3s5a7q9w1e3r5  # 404
c -X DELETE -H "$T" $U/api/restaurants/p0o9i8u7y6t5r4e3w2q1a2s3                           # 404
c -X POST -H "$T" -H "$JSON" -d '{"data":{"description":"no title"}}' $U/api/articles     # 400 validation
# the homepage single type
c -H "$T" "$U/api/homepage?populate=*"
c -X PUT -H "$T" -H "$JSON" -d '{"data":{"title":"Harbourlight Weekly","tagline":"Festival week: the full programme inside","intro":"This week: **festival** photos, the flood-line map and a lighthouse without a keeper."}}' $U/api/homepage
c -H "$T" "$U/api/homepage?status=draft"
# upload, file info update (POST /api/upload?id=), files, delete
UP2=$(cj -H "$T" -F "files=@$HERE/files/harbour-at-dawn.png;filename=festival-stage.png;type=image/png" -F 'fileInfo={"name":"festival-stage.png","alternativeText":"Main stage"}' $U/api/upload)
FID2=$(echo "$UP2" | jq -r '.[0].id'); FURL2=$(echo "$UP2" | jq -r '.[0].url')
c -X POST -H "$T" -F 'fileInfo={"alternativeText":"Main stage on the quay, Saturday night","caption":"Photo: Kofi Mensah"}' "$U/api/upload?id=$FID2"
c -H "$T" "$U/api/upload/files?sort=createdAt:desc&pagination[pageSize]=10"
c -H "$T" $U/api/upload/files/$FID2
c $U$FURL2
c -X DELETE -H "$T" $U/api/upload/files/$FID2
c $U$FURL2                                                               # 404 now
c -H "$T" $U/api/upload/files/$FID2                                      # 404
# users and roles (users-permissions plugin) with the full-access token
c -H "$T" $U/api/users
c -H "$T" "$U/api/users?filters[username][\$startsWith]=j&populate=role"
c -H "$T" $U/api/users/count
UID1=$(cj -H "$T" "$U/api/users?filters[username][\$eq]=jonas.berg" | jq -r '.[0].id')
c -H "$T" $U/api/users/$UID1
c -X PUT -H "$T" -H "$JSON" -d '{"username":"jonas.berg","blocked":false,"confirmed":true}' $U/api/users/$UID1
NU=$(cj -X POST -H "$T" -H "$JSON" -d '{"username":"newsletter-bot","email":"newsletter-bot@harbourlight.example","password":"Bot-Pass-5566","role":1,"confirmed":true}' $U/api/users | jq -r .id)
c -H "$T" $U/api/users/$NU
c -X DELETE -H "$T" $U/api/users/$NU
c -H "$T" $U/api/users/999999                                             # 404
c -H "$T" $U/api/users-permissions/roles
c -H "$T" $U/api/users-permissions/roles/1
c -H "$T" $U/api/users-permissions/permissions
c -H "$T" $U/api/content-type-builder/content-types
c -H "$T" "$U/api/content-type-builder/content-types/api::article.article"
c -H "$T" $U/api/content-type-builder/components
c -H "$T" $U/api/i18n/locales
