#!/usr/bin/env bash
# The REST API (grpc-gateway, /api/v1) as the docs show it with curl and a personal access token
# ("Authorization: Bearer memos_pat_..."): the admin creates a team, each member signs in and makes a token, writes
# memos with tags, tasks and links in three visibilities, comments on and reacts to each other's memos, links memos,
# uploads attachments and downloads them from /file/attachments/..., pins and edits, keeps shortcuts (saved filters),
# reads settings, stats, inbox notifications and activities, tries webhooks, deletes things; the admin manages
# users, identity providers and instance settings.
set -euo pipefail
. "$(dirname "$0")/env.sh"
ADM=$(cat "$STATE/admin.pat")

# --- the admin creates the team (USER role) and one more admin
declare -A UID_OF PASS_OF
PASS_OF[marco-rossi]=Aperol-Spritz-77; PASS_OF[priya-nair]=Monsoon-Garden-19; PASS_OF[lena-fischer]=Schwarzwald-Trail-5
PASS_OF[tom-okafor]=Lagos-Sunrise-88; PASS_OF[ana-silva]=Porto-Tram-28
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do
  role=USER; [ "$u" = ana-silva ] && role=ADMIN
  dn=$(echo "$u" | sed -E 's/-/ /; s/\b(.)/\u\1/g')
  id=$(req "$ADM" POST /api/v1/users "{\"username\":\"$u\",\"password\":\"${PASS_OF[$u]}\",\"email\":\"$u@northwind.example\",\"displayName\":\"$dn\",\"role\":\"$role\"}" | jq -r .name)
  UID_OF[$u]=${id#users/}
done
req "$ADM" POST /api/v1/users '{"username":"marco-rossi","password":"dup","role":"USER"}' >/dev/null   # already exists
req "$ADM" GET /api/v1/users >/dev/null
req "$ADM" GET '/api/v1/users?pageSize=3' >/dev/null
req "$ADM" GET "/api/v1/users/${UID_OF[priya-nair]}" >/dev/null

# --- each member signs in and creates a personal access token
declare -A TOK
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do
  at=$(req - POST /api/v1/auth/signin "{\"passwordCredentials\":{\"username\":\"$u\",\"password\":\"${PASS_OF[$u]}\"}}" | jq -r .accessToken)
  TOK[$u]=$(req "$at" POST "/api/v1/users/${UID_OF[$u]}/personalAccessTokens" "{\"parent\":\"users/${UID_OF[$u]}\",\"description\":\"curl on $(echo $u | cut -d- -f1)'s laptop\",\"expiresInDays\":30}" | jq -r .token)
  req "${TOK[$u]}" GET /api/v1/auth/me >/dev/null
  req "${TOK[$u]}" PATCH "/api/v1/users/${UID_OF[$u]}?updateMask=description" "{\"name\":\"users/${UID_OF[$u]}\",\"description\":\"Northwind team, $(echo $u | cut -d- -f2) desk\"}" >/dev/null
done

# --- memos: content per user
mk() { # user visibility content -> memo name
  local body
  body=$(jq -nc --arg c "$3" --arg v "$2" '{content:$c, visibility:$v}')
  req "${TOK[$1]}" POST /api/v1/memos "$body" | jq -r .name
}
declare -A MEMOS
add() { MEMOS[$1]="${MEMOS[$1]-} $2"; }
add marco-rossi "$(mk marco-rossi PUBLIC $'Cacio e pepe that actually works: pasta water at 60°C, pecorino first. #recipes #italian')"
add marco-rossi "$(mk marco-rossi PROTECTED $'Standup 12/02\n- [x] fix invoice export\n- [ ] review priya\'s PR on the sync job\n#work/standup')"
add marco-rossi "$(mk marco-rossi PRIVATE $'Gift ideas for Giulia: ceramic class, the Calvino box set. #personal')"
add marco-rossi "$(mk marco-rossi PUBLIC $'Trip to Matera in April, hotel list: https://example.org/matera #travel')"
add priya-nair "$(mk priya-nair PUBLIC $'Reading notes on *Designing Data-Intensive Applications*, ch. 5 replication lag. #books #databases')"
add priya-nair "$(mk priya-nair PROTECTED $'Sync job plan\n- [ ] idempotent upserts\n- [ ] backfill 2024 data\n```sql\nSELECT count(*) FROM orders WHERE synced = 0;\n```\n#work/sync')"
add priya-nair "$(mk priya-nair PUBLIC $'Kerala fish curry, my amma\'s version. Kodampuli is not optional. #recipes')"
add priya-nair "$(mk priya-nair PRIVATE $'Dentist Thursday 9:30')"
add lena-fischer "$(mk lena-fischer PUBLIC $'Westweg stage 3 done, 28 km, legs gone. #travel #hiking')"
add lena-fischer "$(mk lena-fischer PROTECTED $'Onboarding checklist for new hires\n- [ ] laptop\n- [ ] VPN\n- [ ] memos account #work/onboarding')"
add lena-fischer "$(mk lena-fischer PUBLIC $'Sourdough starter day 6, finally doubling. #baking')"
add tom-okafor "$(mk tom-okafor PUBLIC $'Jollof rice party tips: smoky bottom is a feature. #recipes #nigerian')"
add tom-okafor "$(mk tom-okafor PROTECTED $'Incident 2291 postmortem draft: disk filled by debug logs. #work/incidents')"
add tom-okafor "$(mk tom-okafor PRIVATE $'Renew passport before June!')"
add ana-silva "$(mk ana-silva PUBLIC $'Lisbon meetup on Friday at the usual place, bring a friend. #community #travel')"
add ana-silva "$(mk ana-silva PROTECTED $'Q1 goals: migrate wiki to memos, retire the old pastebin. #work/planning')"
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do
  for i in 1 2; do add $u "$(mk $u PUBLIC "Daily log $i for $(echo $u | cut -d- -f1): $(shuf -n1 -e 'shipped the release notes' 'paired on the search bug' 'cleaned up the backlog' 'wrote tests for the exporter') #journal")"; done
done
first() { echo ${MEMOS[$1]} | awk '{print $1}'; }
nth() { echo ${MEMOS[$1]} | awk -v n=$2 '{print $n}'; }

# --- reading: lists with filters and paging, single memos
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do
  req "${TOK[$u]}" GET /api/v1/memos >/dev/null
  req "${TOK[$u]}" GET '/api/v1/memos?pageSize=5' >/dev/null
  req "${TOK[$u]}" GET "/api/v1/memos?filter=$(jq -rn --arg f "creator_id == ${UID_OF[$u]}" '$f|@uri')" >/dev/null
  req "${TOK[$u]}" GET "/api/v1/memos?filter=$(jq -rn --arg f 'tag in ["recipes"]' '$f|@uri')" >/dev/null
  for m in ${MEMOS[$u]}; do req "${TOK[$u]}" GET "/api/v1/$m" >/dev/null; done
done
nt=$(req "${TOK[priya-nair]}" GET '/api/v1/memos?pageSize=4' | jq -r .nextPageToken)
req "${TOK[priya-nair]}" GET "/api/v1/memos?pageSize=4&pageToken=$nt" >/dev/null
req "${TOK[priya-nair]}" GET '/api/v1/memos?state=ARCHIVED' >/dev/null
req "${TOK[priya-nair]}" GET '/api/v1/memos?orderBy=display_time%20asc' >/dev/null

# --- comments, reactions, relations across users
# the web UI gives a comment its memo's visibility; a comment without one is PRIVATE (no inbox notification)
comment() { req "${TOK[$1]}" POST "/api/v1/$2/comments" "$(jq -nc --arg c "$3" --arg v "${4:-PUBLIC}" '{content:$c, visibility:$v}')" | jq -r .name; }
C1=$(comment priya-nair "$(first marco-rossi)" 'Tried it tonight, the temperature trick is the key!')
comment lena-fischer "$(first marco-rossi)" 'Pecorino romano or the Sardinian one?' >/dev/null
comment marco-rossi "$(first marco-rossi)" '@lena-fischer romano, always.' >/dev/null
comment tom-okafor "$(first priya-nair)" 'Chapter 5 is the best one. Wait for ch. 9.' >/dev/null
comment ana-silva "$(first lena-fischer)" 'Which hut did you stay in?' >/dev/null
comment marco-rossi "$(nth priya-nair 2)" 'Backfill can run at night, I will watch the queue.' PROTECTED >/dev/null
comment priya-nair "$(nth tom-okafor 2)" 'Add log rotation to the action items.' PROTECTED >/dev/null
comment lena-fischer "$(first ana-silva)" 'Count me in!' >/dev/null
comment tom-okafor "$(first ana-silva)" 'Me too, bringing two people from the Porto office.' >/dev/null
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do
  for m in $(first marco-rossi) $(first ana-silva) $(first tom-okafor); do req "${TOK[$u]}" GET "/api/v1/$m/comments" >/dev/null; done
done
react() { req "${TOK[$1]}" POST "/api/v1/$2/reactions" "$(jq -nc --arg m "$2" --arg r "$3" '{name:$m, reaction:{contentId:$m, reactionType:$r}}')" | jq -r .name; }
R1=$(react priya-nair "$(first marco-rossi)" '👍')
react lena-fischer "$(first marco-rossi)" '❤️' >/dev/null
react tom-okafor "$(first marco-rossi)" '😋' >/dev/null
react marco-rossi "$(first priya-nair)" '🔥' >/dev/null
react ana-silva "$(first lena-fischer)" '👏' >/dev/null
R2=$(react marco-rossi "$(first ana-silva)" '🎉')
react priya-nair "$(first ana-silva)" '🎉' >/dev/null
react lena-fischer "$(first tom-okafor)" '😂' >/dev/null
for m in $(first marco-rossi) $(first ana-silva) $(first priya-nair); do req "${TOK[ana-silva]}" GET "/api/v1/$m/reactions" >/dev/null; done
req "${TOK[marco-rossi]}" DELETE "/api/v1/$R2" >/dev/null
req "${TOK[marco-rossi]}" DELETE "/api/v1/$R1" >/dev/null     # someone else's reaction
rel() { req "${TOK[$1]}" PATCH "/api/v1/$2/relations" "$(jq -nc --arg a "$2" --arg b "$3" '{name:$a, relations:[{memo:{name:$a}, relatedMemo:{name:$b}, type:"REFERENCE"}]}')" >/dev/null; }
rel marco-rossi "$(nth marco-rossi 2)" "$(nth priya-nair 2)"
rel priya-nair "$(nth priya-nair 2)" "$(first priya-nair)"
rel lena-fischer "$(nth lena-fischer 2)" "$(nth ana-silva 2)"
rel tom-okafor "$(nth tom-okafor 2)" "$(nth tom-okafor 1)"
for m in $(nth marco-rossi 2) $(nth priya-nair 2) $(nth lena-fischer 2); do req "${TOK[priya-nair]}" GET "/api/v1/$m/relations" >/dev/null; done

# --- attachments: upload (base64 content), link to memos, list, download through /file/attachments
b64() { base64 -w0; }
PNG=$(printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82' | b64)
upload() { # user memo filename type base64 -> attachment name
  req "${TOK[$1]}" POST /api/v1/attachments "$(jq -nc --arg f "$3" --arg t "$4" --arg c "$5" --arg m "$2" '{filename:$f, type:$t, content:$c, memo:$m}')" | jq -r .name
}
declare -a ATT ATTF ATTU
for spec in "marco-rossi|2|standup-notes.md|text/markdown" "marco-rossi|4|matera-hotels.csv|text/csv" \
            "priya-nair|2|sync-plan.sql|application/sql" "priya-nair|1|ddia-ch5.txt|text/plain" \
            "lena-fischer|1|westweg-stage3.png|image/png" "lena-fischer|2|onboarding.txt|text/plain" \
            "tom-okafor|2|incident-2291.log|text/plain" "ana-silva|1|meetup-flyer.png|image/png" \
            "ana-silva|2|q1-goals.md|text/markdown"; do
  IFS='|' read -r u n f t <<< "$spec"
  if [ "$t" = image/png ]; then c=$PNG; else c=$(printf 'Notes for %s\nline 2 of %s\n' "$f" "$u" | b64); fi
  a=$(upload $u "$(nth $u $n)" "$f" "$t" "$c")
  ATT+=("$a"); ATTF+=("$f"); ATTU+=("$u")
done
for i in "${!ATT[@]}"; do
  u=${ATTU[$i]}
  req "${TOK[$u]}" GET "/api/v1/${ATT[$i]}" >/dev/null
  curl -s -o /dev/null -w "%{http_code} GET /file/${ATT[$i]}/${ATTF[$i]}\n" -H "Authorization: Bearer ${TOK[$u]}" "$B/file/${ATT[$i]}/${ATTF[$i]}" >&2
done
# the thumbnail of an image, as the UI asks for it
curl -s -o /dev/null -w '%{http_code} GET thumbnail\n' -H "Authorization: Bearer ${TOK[lena-fischer]}" "$B/file/${ATT[4]}/${ATTF[4]}?thumbnail=true" >&2
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do req "${TOK[$u]}" GET /api/v1/attachments >/dev/null; done
req "${TOK[marco-rossi]}" GET "/api/v1/$(nth marco-rossi 2)/attachments" >/dev/null
req "${TOK[lena-fischer]}" GET "/api/v1/$(nth lena-fischer 1)/attachments" >/dev/null
req "${TOK[priya-nair]}" PATCH "/api/v1/${ATT[3]}?updateMask=filename" "$(jq -nc --arg n "${ATT[3]}" '{name:$n, filename:"ddia-chapter5-notes.txt"}')" >/dev/null
# detach one file from its memo, then delete it
req "${TOK[marco-rossi]}" PATCH "/api/v1/$(nth marco-rossi 4)/attachments" "$(jq -nc --arg m "$(nth marco-rossi 4)" '{name:$m, attachments:[]}')" >/dev/null
req "${TOK[marco-rossi]}" DELETE "/api/v1/${ATT[1]}" >/dev/null
req "${TOK[tom-okafor]}" DELETE "/api/v1/${ATT[0]}" >/dev/null       # not his
req "${TOK[tom-okafor]}" GET /api/v1/attachments/doesNotExist42 >/dev/null

# --- updates: edit content, pin, change visibility, archive
for u in marco-rossi priya-nair lena-fischer; do
  m=$(first $u)
  req "${TOK[$u]}" PATCH "/api/v1/$m?updateMask=pinned" "$(jq -nc --arg m "$m" '{name:$m, pinned:true}')" >/dev/null
done
m=$(nth priya-nair 2)
req "${TOK[priya-nair]}" PATCH "/api/v1/$m?updateMask=content" "$(jq -nc --arg m "$m" '{name:$m, content:"Sync job plan\n- [x] idempotent upserts\n- [ ] backfill 2024 data\n#work/sync"}')" >/dev/null
m=$(nth lena-fischer 3)
req "${TOK[lena-fischer]}" PATCH "/api/v1/$m?updateMask=visibility" "$(jq -nc --arg m "$m" '{name:$m, visibility:"PROTECTED"}')" >/dev/null
m=$(nth tom-okafor 3)
req "${TOK[tom-okafor]}" PATCH "/api/v1/$m?updateMask=state" "$(jq -nc --arg m "$m" '{name:$m, state:"ARCHIVED"}')" >/dev/null
req "${TOK[tom-okafor]}" GET '/api/v1/memos?state=ARCHIVED' >/dev/null
m=$(first marco-rossi)
req "${TOK[tom-okafor]}" PATCH "/api/v1/$m?updateMask=content" "$(jq -nc --arg m "$m" '{name:$m, content:"hijacked"}')" >/dev/null   # not his

# --- shortcuts (saved filters)
for spec in "marco-rossi|Recipes|tag in [\"recipes\"]" "marco-rossi|Work|tag in [\"work\"]" "priya-nair|Sync project|tag in [\"work/sync\"]" \
            "lena-fischer|Trips|tag in [\"travel\", \"hiking\"]" "tom-okafor|Pinned|pinned"; do
  IFS='|' read -r u t f <<< "$spec"
  s=$(req "${TOK[$u]}" POST "/api/v1/users/${UID_OF[$u]}/shortcuts" "$(jq -nc --arg t "$t" --arg f "$f" '{title:$t, filter:$f}')" | jq -r .name)
  echo "$s" >> "$STATE/shortcuts.$u"
done
for u in marco-rossi priya-nair lena-fischer tom-okafor; do
  req "${TOK[$u]}" GET "/api/v1/users/${UID_OF[$u]}/shortcuts" >/dev/null
  for s in $(cat "$STATE/shortcuts.$u"); do req "${TOK[$u]}" GET "/api/v1/$s" >/dev/null; done
done
s=$(head -1 "$STATE/shortcuts.marco-rossi")
req "${TOK[marco-rossi]}" PATCH "/api/v1/$s?updateMask=title,filter" "$(jq -nc --arg s "$s" '{name:$s, title:"Recipes (italian)", filter:"tag in [\"recipes\", \"italian\"]"}')" >/dev/null
req "${TOK[marco-rossi]}" DELETE "/api/v1/$(sed -n 2p "$STATE/shortcuts.marco-rossi")" >/dev/null
req "${TOK[priya-nair]}" GET "/api/v1/users/${UID_OF[marco-rossi]}/shortcuts" >/dev/null   # someone else's

# --- user settings, stats, notifications (comments and mentions land in the inbox), activities
for u in marco-rossi priya-nair lena-fischer tom-okafor ana-silva; do
  id=${UID_OF[$u]}
  req "${TOK[$u]}" GET "/api/v1/users/$id/settings" >/dev/null
  req "${TOK[$u]}" GET "/api/v1/users/$id/settings/GENERAL" >/dev/null
  req "${TOK[$u]}" GET "/api/v1/users/$id/notifications" >/dev/null
done
req "${TOK[lena-fischer]}" PATCH "/api/v1/users/${UID_OF[lena-fischer]}/settings/GENERAL?updateMask=locale,memo_visibility" "$(jq -nc --arg n "users/${UID_OF[lena-fischer]}/settings/GENERAL" '{name:$n, generalSetting:{locale:"de", memoVisibility:"PROTECTED"}}')" >/dev/null
req "${TOK[ana-silva]}" PATCH "/api/v1/users/${UID_OF[ana-silva]}/settings/GENERAL?updateMask=locale,theme" "$(jq -nc --arg n "users/${UID_OF[ana-silva]}/settings/GENERAL" '{name:$n, generalSetting:{locale:"pt-PT", theme:"paper"}}')" >/dev/null
req "${TOK[marco-rossi]}" GET "/api/v1/users/${UID_OF[marco-rossi]}/settings/WEBHOOKS" >/dev/null
for u in marco-rossi ana-silva; do
  for n in $(req "${TOK[$u]}" GET "/api/v1/users/${UID_OF[$u]}/notifications" | jq -r '.notifications[]?.name' | head -2); do
    req "${TOK[$u]}" PATCH "/api/v1/$n?updateMask=status" "$(jq -nc --arg n "$n" '{name:$n, status:"ARCHIVED"}')" >/dev/null
  done
  n=$(req "${TOK[$u]}" GET "/api/v1/users/${UID_OF[$u]}/notifications" | jq -r '.notifications[-1]?.name // empty')
  [ -z "$n" ] || req "${TOK[$u]}" DELETE "/api/v1/$n" >/dev/null
done
req "$ADM" GET /api/v1/users:stats >/dev/null
req "${TOK[priya-nair]}" GET /api/v1/users:stats >/dev/null
for a in $(req "${TOK[marco-rossi]}" GET '/api/v1/activities?pageSize=10' | jq -r '.activities[]?.name' | head -4); do
  req "${TOK[marco-rossi]}" GET "/api/v1/$a" >/dev/null
done
req "$ADM" GET /api/v1/activities >/dev/null

# --- webhooks: Memos refuses hooks that resolve to loopback or private addresses (the lab's receiver is local)
for u in priya-nair tom-okafor; do
  req "${TOK[$u]}" GET "/api/v1/users/${UID_OF[$u]}/webhooks" >/dev/null
  req "${TOK[$u]}" POST "/api/v1/users/${UID_OF[$u]}/webhooks" '{"displayName":"team chat relay","url":"http://127.0.0.1:15299/hooks/memos"}' >/dev/null
done
req "${TOK[tom-okafor]}" PATCH "/api/v1/users/${UID_OF[tom-okafor]}/webhooks/1?updateMask=url" "{\"name\":\"users/${UID_OF[tom-okafor]}/webhooks/1\",\"url\":\"http://localhost:15299/x\"}" >/dev/null
req "${TOK[tom-okafor]}" DELETE "/api/v1/users/${UID_OF[tom-okafor]}/webhooks/1" >/dev/null

# --- personal access tokens: list, one more, revoke it
for u in priya-nair ana-silva; do
  req "${TOK[$u]}" GET "/api/v1/users/${UID_OF[$u]}/personalAccessTokens" >/dev/null
  p=$(req "${TOK[$u]}" POST "/api/v1/users/${UID_OF[$u]}/personalAccessTokens" "{\"parent\":\"users/${UID_OF[$u]}\",\"description\":\"raycast extension\"}" | jq -r .personalAccessToken.name)
  req "${TOK[$u]}" DELETE "/api/v1/$p" >/dev/null
done

# --- admin: identity providers, instance settings, users
idp=$(req "$ADM" POST /api/v1/identity-providers '{"title":"Northwind SSO","type":"OAUTH2","identifierFilter":"@northwind\\.example$","config":{"oauth2Config":{"clientId":"memos-web","clientSecret":"not-a-real-secret","authUrl":"http://127.0.0.1:15444/oauth2/auth","tokenUrl":"http://127.0.0.1:15444/oauth2/token","userInfoUrl":"http://127.0.0.1:15444/userinfo","scopes":["openid","email","profile"],"fieldMapping":{"identifier":"sub","displayName":"name","email":"email"}}}}' | jq -r .name)
req "$ADM" GET /api/v1/identity-providers >/dev/null
req "$ADM" GET "/api/v1/$idp" >/dev/null
req "$ADM" PATCH "/api/v1/$idp?updateMask=title" "$(jq -nc --arg n "$idp" '{name:$n, title:"Northwind Single Sign-On"}')" >/dev/null
idp2=$(req "${TOK[ana-silva]}" POST /api/v1/identity-providers '{"title":"Test IdP","type":"OAUTH2","config":{"oauth2Config":{"clientId":"t","clientSecret":"t","authUrl":"http://127.0.0.1:15445/a","tokenUrl":"http://127.0.0.1:15445/t","userInfoUrl":"http://127.0.0.1:15445/u","scopes":["openid"],"fieldMapping":{"identifier":"sub"}}}}' | jq -r .name)
req "${TOK[ana-silva]}" DELETE "/api/v1/$idp2" >/dev/null
req "${TOK[marco-rossi]}" POST /api/v1/identity-providers '{"title":"mine","type":"OAUTH2"}' >/dev/null    # not admin
for k in GENERAL MEMO_RELATED STORAGE; do req "$ADM" GET "/api/v1/instance/settings/$k" >/dev/null; done
req "$ADM" PATCH '/api/v1/instance/settings/GENERAL?updateMask=disallow_user_registration,custom_profile' '{"name":"instance/settings/GENERAL","generalSetting":{"disallowUserRegistration":true,"customProfile":{"title":"Northwind Notes","description":"Team notebook"}}}' >/dev/null
req "$ADM" PATCH '/api/v1/instance/settings/MEMO_RELATED?updateMask=content_length_limit,reactions' '{"name":"instance/settings/MEMO_RELATED","memoRelatedSetting":{"contentLengthLimit":16384,"reactions":["👍","❤️","🔥","🎉","😂","👏","😋"]}}' >/dev/null
req "${TOK[tom-okafor]}" PATCH '/api/v1/instance/settings/GENERAL?updateMask=disallow_user_registration' '{"name":"instance/settings/GENERAL","generalSetting":{"disallowUserRegistration":false}}' >/dev/null   # not admin
req "${TOK[tom-okafor]}" GET /api/v1/users >/dev/null
tmp=$(req "$ADM" POST /api/v1/users '{"username":"intern-2025","password":"Summer-Intern-1","role":"USER","displayName":"Summer Intern"}' | jq -r .name)
req "$ADM" PATCH "/api/v1/$tmp?updateMask=state" "$(jq -nc --arg n "$tmp" '{name:$n, state:"ARCHIVED"}')" >/dev/null
req "$ADM" DELETE "/api/v1/$tmp" >/dev/null
req "$ADM" GET /api/v1/users/999 >/dev/null

# --- deletes and a sign-out
req "${TOK[priya-nair]}" DELETE "/api/v1/$(nth priya-nair 4)" >/dev/null
req "${TOK[tom-okafor]}" DELETE "/api/v1/$(nth tom-okafor 3)" >/dev/null
req "${TOK[lena-fischer]}" DELETE "/api/v1/$(first marco-rossi)" >/dev/null   # not hers
req "${TOK[priya-nair]}" GET "/api/v1/$(nth priya-nair 4)" >/dev/null         # gone
req "${TOK[priya-nair]}" DELETE "/api/v1/$C1" >/dev/null                      # a comment is a memo
req "${TOK[marco-rossi]}" POST /api/v1/auth/signout '{}' >/dev/null

# hand over to the other drivers
for u in "${!UID_OF[@]}"; do echo "$u ${UID_OF[$u]} ${PASS_OF[$u]} ${TOK[$u]}"; done > "$STATE/users"
for u in "${!MEMOS[@]}"; do echo "$u ${MEMOS[$u]}"; done > "$STATE/memos"
printf '%s\n' "${ATT[@]}" | paste - <(printf '%s\n' "${ATTF[@]}") > "$STATE/attachments"
