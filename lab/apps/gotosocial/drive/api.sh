#!/usr/bin/env bash
# curl on GoToSocial's API as its docs show (docs/api/swagger.yaml, docs/api/authentication.md, scripts/auth_flow.sh):
# a sign-up through the API with an app token, the admin's moderation work, v2 filters, instance settings, the
# remote servers' ActivityPub / well-known GETs, media through /fileserver, calls without credentials, Prometheus
# scrapes, health probes. Usage: api.sh signup|admin|filters|federation|anon|late
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
TOK=$STATE/tokens.json
tok() { jq -r --arg u "$1" '.[$u].token' "$TOK"; }
id() { jq -r --arg u "$1" '.[$u]' "$STATE/ids.json"; }
post() { jq -r --arg k "$1" '.[$k].id' "$STATE/posts.json"; }
UA='curl/8.14.1'
# c TOKEN METHOD PATH [curl args...]: one call, prints the status to the log and the body to stdout
c() {
  local t=$1 m=$2 p=$3; shift 3
  local auth=(); [ -n "$t" ] && auth=(-H "Authorization: Bearer $t")
  local out; out=$(curl -s -A "$UA" -X "$m" "${auth[@]}" -w '\n%{http_code}' "$@" "$PUB$p")
  echo "$m $p -> ${out##*$'\n'}" >&2
  printf '%s' "${out%$'\n'*}"
}

signup() {
  # scripts/auth_flow.sh: an app, an app token by client credentials, then POST /api/v1/accounts
  local app cid csec apptok
  app=$(c "" POST /api/v1/apps -F "client_name=Fjordlight sign-up form" -F "redirect_uris=$PUB" -F "scopes=read write")
  cid=$(jq -r .client_id <<<"$app"); csec=$(jq -r .client_secret <<<"$app")
  apptok=$(c "" POST /oauth/token -F scope=read -F grant_type=client_credentials -F "client_id=$cid" -F "client_secret=$csec" -F "redirect_uri=$PUB" | jq -r .access_token)
  c "$apptok" GET /api/v1/instance >/dev/null
  c "$apptok" POST /api/v1/accounts -F "reason=Friend of Amara, I run a small record shop in Beirut and want to share finds." \
    -F "email=noor.haddad@fjordlight.social" -F "username=noor_haddad" -F "password=Cedar-Moonlit-303" -F agreement=true -F locale=en >/dev/null
  c "$apptok" POST /api/v1/accounts -F "reason=Hello, I am a social media marketer and would love to share great daily deals with your community!" -F "email=promo@spam-mailer.example" \
    -F "username=best_deals_4u" -F "password=Sup3r-Deals-2026!!" -F agreement=true -F locale=en >/dev/null
  # a taken username and a weak password: refused
  c "$apptok" POST /api/v1/accounts -F "reason=hi" -F "email=another@fjordlight.social" -F "username=kenji_watanabe" \
    -F "password=Another-Long-Pass-91" -F agreement=true -F locale=en >/dev/null
  c "$apptok" POST /api/v1/accounts -F "reason=hi" -F "email=weak@fjordlight.social" -F "username=weak_pw" -F "password=1234" -F agreement=true -F locale=en >/dev/null
  # the app token cannot read a user's home timeline
  c "$apptok" GET /api/v1/timelines/home >/dev/null
}

admin() {
  local A; A=$(tok ingrid_halvorsen)
  c "$A" GET '/api/v1/admin/accounts?pending=true' >/dev/null
  local pend; pend=$(c "$A" GET '/api/v2/admin/accounts?status=pending&origin=local')
  for row in $(jq -r '.[] | .id + ":" + .username' <<<"$pend"); do
    case "$row" in
      *:noor_haddad) c "$A" POST "/api/v1/admin/accounts/${row%%:*}/approve" >/dev/null ;;
      *) c "$A" POST "/api/v1/admin/accounts/${row%%:*}/reject" -F "private_comment=spam sign-up" -F "message=Sorry, this looks like advertising." -F send_email=false >/dev/null ;;
    esac
  done
  c "$A" GET '/api/v2/admin/accounts?origin=local&status=active' >/dev/null
  c "$A" GET "/api/v1/admin/accounts/$(id leafpress)" >/dev/null
  c "$A" GET '/api/v1/admin/accounts/01ZZZZZZZZZZZZZZZZZZZZZZZZ' >/dev/null
  # reports
  local reps rid; reps=$(c "$A" GET '/api/v1/admin/reports?resolved=false')
  rid=$(jq -r '.[0].id // empty' <<<"$reps")
  if [ -n "$rid" ]; then
    c "$A" GET "/api/v1/admin/reports/$rid" >/dev/null
    c "$A" POST "/api/v1/admin/reports/$rid/resolve" -F "action_taken_comment=Talked to Mateo: it is his cousin's shop, he added a disclosure." >/dev/null
  fi
  c "$(tok leafpress)" GET /api/v1/reports >/dev/null
  [ -n "$rid" ] && c "$(tok leafpress)" GET "/api/v1/reports/$rid" >/dev/null
  # domain blocks and allows
  local b1 b2 al
  b1=$(c "$A" POST /api/v1/admin/domain_blocks -F domain=spam-farm.example -F "public_comment=Spam and harassment" -F "private_comment=see ticket 112" -F obfuscate=false | jq -r .id)
  b2=$(c "$A" POST /api/v1/admin/domain_blocks -F domain=crypto-giveaways.example -F "public_comment=Scams" -F obfuscate=true | jq -r .id)
  c "$A" GET /api/v1/admin/domain_blocks >/dev/null
  c "$A" GET "/api/v1/admin/domain_blocks/$b1" >/dev/null
  c "$A" DELETE "/api/v1/admin/domain_blocks/$b2" >/dev/null
  al=$(c "$A" POST /api/v1/admin/domain_allows -F domain=mastodon.fjordlight.example -F "public_comment=our sister server" | jq -r .id)
  c "$A" GET /api/v1/admin/domain_allows >/dev/null
  c "$A" GET "/api/v1/admin/domain_allows/$al" >/dev/null
  c "$A" DELETE "/api/v1/admin/domain_allows/$al" >/dev/null
  c "$A" POST /api/v1/admin/domain_keys_expire -F domain=old-friends.example >/dev/null
  # header filters
  local hb ha
  hb=$(c "$A" POST /api/v1/admin/header_blocks -F "header=User-Agent" -F 'regex=.*BadBot.*' | jq -r .id)
  ha=$(c "$A" POST /api/v1/admin/header_allows -F "header=User-Agent" -F 'regex=^Mastodon/.*' | jq -r .id)
  c "$A" GET /api/v1/admin/header_blocks >/dev/null
  c "$A" GET "/api/v1/admin/header_blocks/$hb" >/dev/null
  c "$A" GET /api/v1/admin/header_allows >/dev/null
  c "$A" DELETE "/api/v1/admin/header_allows/$ha" >/dev/null
  c "$A" DELETE "/api/v1/admin/header_blocks/$hb" >/dev/null
  # custom emoji
  local e1 e2
  c "$A" POST /api/v1/admin/custom_emojis -F shortcode=fjord_wave -F category=fjordlight -F "image=@$STATE/emoji-wave.png;type=image/png" >/dev/null
  c "$A" POST /api/v1/admin/custom_emojis -F shortcode=ramen_bowl -F category=food -F "image=@$STATE/emoji-ramen.png;type=image/png" >/dev/null
  local el; el=$(c "$A" GET '/api/v1/admin/custom_emojis?filter=domain:local&limit=20')
  e1=$(jq -r '.[] | select(.shortcode=="fjord_wave") | .id' <<<"$el"); e2=$(jq -r '.[] | select(.shortcode=="ramen_bowl") | .id' <<<"$el")
  c "$A" GET "/api/v1/admin/custom_emojis/$e1" >/dev/null
  c "$A" PATCH "/api/v1/admin/custom_emojis/$e2" -F type=modify -F category=food-and-drink >/dev/null
  c "$A" GET /api/v1/admin/custom_emojis/categories >/dev/null
  c "" GET /api/v1/custom_emojis >/dev/null
  echo "$e1 $e2" > "$STATE/emojis"
  # instance settings and rules
  c "$A" PATCH /api/v1/instance -F "title=Fjordlight Social" -F "short_description=A small, friendly server for photographers, cooks and record collectors." \
    -F "description=Fjordlight is run by volunteers from Tromsø. Be kind, tag your photos, no ads." -F contact_username=ingrid_halvorsen \
    -F contact_email=admin@fjordlight.social -F "terms=Be decent. Moderators decide." >/dev/null
  local r1 r2
  r1=$(c "$A" POST /api/v1/admin/instance/rules -F "text=No harassment, hate speech or doxxing." | jq -r .id)
  r2=$(c "$A" POST /api/v1/admin/instance/rules -F "text=Mark advertising and sponsored posts clearly." | jq -r .id)
  c "$A" POST /api/v1/admin/instance/rules -F "text=Add image descriptions where you can." >/dev/null
  c "$A" GET /api/v1/admin/instance/rules >/dev/null
  c "$A" GET "/api/v1/admin/instance/rules/$r1" >/dev/null
  c "$A" PATCH "/api/v1/admin/instance/rules/$r2" -F "text=Mark advertising, affiliate links and sponsored posts clearly." >/dev/null
  c "" GET /api/v1/instance/rules >/dev/null
  # maintenance
  c "$A" POST /api/v1/admin/media_cleanup -F remote_cache_days=14 >/dev/null
  c "$A" POST /api/v1/admin/email/test -F email=ingrid@fjordlight.social >/dev/null
  # a non-admin tries admin routes
  c "$(tok mateo_ruiz)" GET /api/v1/admin/reports >/dev/null
  c "$(tok mateo_ruiz)" POST /api/v1/admin/domain_blocks -F domain=rival-kitchen.example >/dev/null
}

filters() {
  local T f kw st
  T=$(tok kenji_watanabe)
  f=$(c "$T" POST /api/v2/filters -F "title=Spoilers for Drops of God" -F 'context[]=home' -F 'context[]=public' -F filter_action=warn \
    -F 'keywords_attributes[][keyword]=drops of god' -F 'keywords_attributes[][whole_word]=false' | jq -r .id)
  c "$T" GET /api/v2/filters >/dev/null
  c "$T" GET "/api/v2/filters/$f" >/dev/null
  kw=$(c "$T" POST "/api/v2/filters/$f/keywords" -F keyword=sommelier -F whole_word=true | jq -r .id)
  c "$T" GET "/api/v2/filters/$f/keywords" >/dev/null
  c "$T" GET "/api/v2/filters/keywords/$kw" >/dev/null
  c "$T" PUT "/api/v2/filters/keywords/$kw" -F keyword=sommeliers -F whole_word=false >/dev/null
  st=$(c "$T" POST "/api/v2/filters/$f/statuses" -F "status_id=$(post paella)" | jq -r .id)
  c "$T" GET "/api/v2/filters/$f/statuses" >/dev/null
  c "$T" GET "/api/v2/filters/statuses/$st" >/dev/null
  c "$T" DELETE "/api/v2/filters/statuses/$st" >/dev/null
  c "$T" PUT "/api/v2/filters/$f" -F "title=Drops of God spoilers" -F 'context[]=home' -F filter_action=hide >/dev/null
  c "$T" DELETE "/api/v2/filters/keywords/$kw" >/dev/null
  c "$T" GET /api/v1/filters >/dev/null
  c "$T" DELETE "/api/v2/filters/$f" >/dev/null
  c "$T" GET "/api/v2/filters/$f" >/dev/null
  # user settings through the API
  local M; M=$(tok mateo_ruiz)
  c "$M" GET /api/v1/accounts/themes >/dev/null
  local theme; theme=$(c "$M" GET /api/v1/accounts/themes | jq -r '.[0].file_name')
  c "$M" PATCH /api/v1/accounts/update_credentials -F "theme=$theme" -F "custom_css=.profile .about-user { border-radius: 0; }" -F enable_rss=true >/dev/null
  c "$M" POST /api/v1/user/password_change -F "old_password=wrong-password" -F "new_password=Paella-Sunrise-89" >/dev/null
  c "$(tok amara_okafor)" GET /api/v1/user >/dev/null
  c "$(tok amara_okafor)" GET /api/v1/conversations >/dev/null
  c "$(tok leafpress)" GET /api/v1/featured_tags >/dev/null
  c "$(tok leafpress)" GET /api/v1/blocks >/dev/null
  c "$(tok leafpress)" GET "/api/v2/search?q=%23gardening&type=hashtags" >/dev/null
  c "$(tok leafpress)" GET "/api/v1/search?q=ramen&type=statuses" >/dev/null
  c "$(tok ingrid_halvorsen)" GET /api/v2/instance >/dev/null
  c "$(tok ingrid_halvorsen)" GET "/api/v1/accounts/relationships?id[]=$(id kenji_watanabe)&id[]=$(id leafpress)" >/dev/null
  c "$(tok ingrid_halvorsen)" GET "/api/v1/accounts/$(id amara_okafor)/lists" >/dev/null
  c "$(tok ingrid_halvorsen)" GET "/api/v1/statuses/$(post aurora)/history" >/dev/null
  c "$(tok ingrid_halvorsen)" GET "/api/v1/statuses/$(post spoiler)/history" >/dev/null
  # media through the v2 endpoint, as Mastodon clients upload
  local m; m=$(c "$(tok leafpress)" POST /api/v2/media -F "file=@$STATE/garden.png;type=image/png" -F "description=Raised beds in a city allotment" | jq -r .id)
  c "$(tok leafpress)" PUT "/api/v1/media/$m" -F "description=Raised beds in the Grünerløkka allotment" >/dev/null
  c "$(tok leafpress)" POST /api/v1/statuses -F "status=From the allotment story: raised beds in Grünerløkka. #gardening" -F "media_ids[]=$m" -F visibility=public >/dev/null
  c "$(tok leafpress)" PATCH /api/v1/accounts/update_credentials -F enable_rss=true -F "avatar=@$STATE/leaf-avatar.png;type=image/png" >/dev/null
  c "$(tok amara_okafor)" PATCH /api/v1/accounts/update_credentials -F "avatar=@$STATE/amara-avatar.png;type=image/png" >/dev/null
  c "$(tok kenji_watanabe)" PATCH /api/v1/accounts/update_credentials -F "header=@$STATE/kenji-header.png;type=image/png" -F "header_description=Lanterns over a ramen alley" >/dev/null
  c "$(tok ingrid_halvorsen)" PATCH /api/v1/accounts/update_credentials -F 'fields_attributes[0][name]=Pronouns' -F 'fields_attributes[0][value]=she/her' \
    -F 'fields_attributes[1][name]=Camera' -F 'fields_attributes[1][value]=Fujifilm X-T5' >/dev/null
  c "$(tok amara_okafor)" DELETE /api/v1/profile/avatar >/dev/null
  c "$(tok amara_okafor)" PATCH /api/v1/accounts/update_credentials -F "avatar=@$STATE/amara-avatar.png;type=image/png" >/dev/null
  # mutes, account search, lists by curl (form fields as the docs show)
  local K; K=$(tok kenji_watanabe)
  c "$M" POST "/api/v1/accounts/$(id leafpress)/mute" -F notifications=true >/dev/null
  c "$M" GET /api/v1/mutes >/dev/null
  c "$M" POST "/api/v1/accounts/$(id leafpress)/unmute" >/dev/null
  c "$K" GET '/api/v1/accounts/search?q=ama&limit=5' >/dev/null
  c "$K" GET '/api/v1/accounts/search?q=leaf&resolve=false&following=true' >/dev/null
  local li; li=$(c "$K" POST /api/v1/lists -F "title=Ramen scouts" -F replies_policy=followed | jq -r .id)
  c "$K" POST "/api/v1/lists/$li/accounts" -F "account_ids[]=$(id ingrid_halvorsen)" -F "account_ids[]=$(id amara_okafor)" >/dev/null
  c "$K" GET "/api/v1/lists/$li/accounts" >/dev/null
  c "$K" GET "/api/v1/timelines/list/$li?limit=20" >/dev/null
  c "$K" PUT "/api/v1/lists/$li" -F "title=Ramen scouts (Tokyo)" >/dev/null
  c "$K" DELETE "/api/v1/lists/$li/accounts" -F "account_ids[]=$(id amara_okafor)" >/dev/null
  c "$(tok leafpress)" DELETE /api/v1/profile/header >/dev/null
  # markers by curl
  c "$(tok kenji_watanabe)" GET "/api/v1/markers?timeline[]=home&timeline[]=notifications" >/dev/null
  c "$(tok kenji_watanabe)" POST /api/v1/markers -F "notifications[last_read_id]=01HZZZZZZZZZZZZZZZZZZZZZZZ" >/dev/null
}

federation() {
  local AP='Accept: application/activity+json'
  local LD='Accept: application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
  local R='http.rb/5.1.1 (Mastodon/4.2.10; +https://mastodon.fjordlight.example/)'
  for u in ingrid_halvorsen mateo_ruiz kenji_watanabe leafpress nobody_here; do
    curl -s -o /dev/null -A "$R" -H 'Accept: application/jrd+json' "$PUB/.well-known/webfinger?resource=acct:$u@$HOST"
  done
  curl -s -o /dev/null -A "$R" "$PUB/.well-known/webfinger"
  curl -s -o /dev/null -A "$R" "$PUB/.well-known/host-meta"
  curl -s -o /dev/null -A "$R" "$PUB/.well-known/nodeinfo"
  curl -s -o /dev/null -A "$R" "$PUB/nodeinfo/2.0"
  curl -s -o /dev/null -A "Pleroma 2.6.2; https://pleroma.fjordlight.example" "$PUB/nodeinfo/2.0"
  for u in ingrid_halvorsen kenji_watanabe leafpress; do
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$u"
    curl -s -o /dev/null -A "$R" -H "$LD" "$PUB/users/$u/outbox"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$u/outbox?page=true"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$u/followers"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$u/following"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$u/collections/featured"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$u/main-key"
  done
  for k in aurora ramen longread; do
    local s a; s=$(post $k); a=$(jq -r --arg k "$k" '.[$k].acct' "$STATE/posts.json")
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$a/statuses/$s"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$a/statuses/$s/replies"
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/users/$a/statuses/$s/replies?page=true&only_other_accounts=false"
    # the web profile and status URLs, asked for as ActivityPub (content negotiation)
    curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/@$a/statuses/$s"
  done
  curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/@ingrid_halvorsen"
  # a remote server delivering to inboxes without a valid signature (refused)
  curl -s -o /dev/null -A "$R" -X POST -H 'Content-Type: application/activity+json' \
    --data '{"@context":"https://www.w3.org/ns/activitystreams","type":"Follow","actor":"https://mastodon.fjordlight.example/users/sven","object":"'"$PUB"'/users/ingrid_halvorsen"}' \
    "$PUB/users/ingrid_halvorsen/inbox"
  curl -s -o /dev/null -A "$R" -X POST -H 'Content-Type: application/activity+json' --data '{}' "$PUB/users/kenji_watanabe/inbox"
  local e1; e1=$(cut -d' ' -f1 "$STATE/emojis")
  curl -s -o /dev/null -A "$R" -H "$AP" "$PUB/emoji/$e1"
  # media through the fileserver, as remote servers and browsers fetch them
  for k in aurora2 shio crate; do
    for u in $(jq -r --arg k "$k" '.[$k].media[]' "$STATE/posts.json"); do
      curl -s -o /dev/null -A "$R" "$u"
      curl -s -o /dev/null -A "$R" -I "$u"
      curl -s -o /dev/null -A "$R" "${u/\/original\//\/small\/}" -H 'Accept: image/webp,image/*'
    done
  done
  curl -s -o /dev/null -A "$R" "$PUB/fileserver/01AAAAAAAAAAAAAAAAAAAAAAAA/attachment/original/01BBBBBBBBBBBBBBBBBBBBBBBB.png"
}

anon() {
  # public without credentials
  c "" GET /api/v1/instance >/dev/null
  c "" GET /api/v2/instance >/dev/null
  c "" GET /api/v1/instance/peers >/dev/null
  c "" GET '/api/v1/instance/peers?filter=suspended' >/dev/null
  c "" GET '/api/v1/timelines/public?local=true&limit=20' >/dev/null
  c "" GET '/api/v1/timelines/public?limit=5' >/dev/null
  c "" GET /api/v1/custom_emojis >/dev/null
  c "" GET /livez >/dev/null
  c "" GET /readyz >/dev/null
  c "" HEAD /livez >/dev/null
  c "" HEAD /readyz >/dev/null
  # 401 without a token, or with a bad one
  c "" GET /api/v1/timelines/home >/dev/null
  c "" GET /api/v1/notifications >/dev/null
  c "" GET /api/v1/accounts/verify_credentials >/dev/null
  c "" POST /api/v1/statuses -F "status=hello?" >/dev/null
  c "" GET "/api/v1/accounts/$(id kenji_watanabe)" >/dev/null
  c "" GET "/api/v1/statuses/$(post ramen)" >/dev/null
  c "" GET '/api/v1/timelines/tag/ramen' >/dev/null
  c "" GET /api/v1/admin/accounts >/dev/null
  c "not-a-real-token-7f3a9" GET /api/v1/timelines/home >/dev/null
  c "not-a-real-token-7f3a9" GET /api/v1/bookmarks >/dev/null
  c "" POST /oauth/token -F grant_type=client_credentials -F client_id=nope -F client_secret=nope >/dev/null
  # metrics: a Prometheus scrape without the credentials (401); the real scrape is in `late`
  curl -s -o /dev/null -A 'Prometheus/2.53.1' -H 'Accept: application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1' "$PUB/metrics"
}

late() {
  local A; A=$(tok ingrid_halvorsen)
  # the spam account that got through: suspended later
  c "$A" GET '/api/v1/admin/accounts?local=true' >/dev/null
  local noor; noor=$(c "$A" GET '/api/v1/admin/accounts?local=true&username=noor_haddad' | jq -r '.[0].id')
  c "$A" POST "/api/v1/admin/accounts/$noor/action" -F type=suspend -F "text=Account sold to a spammer (confirmed by email)." >/dev/null
  c "$A" GET "/api/v1/admin/accounts/$noor" >/dev/null
  local e2; e2=$(cut -d' ' -f2 "$STATE/emojis")
  c "$A" DELETE "/api/v1/admin/custom_emojis/$e2" >/dev/null
  c "$A" DELETE "/api/v1/admin/domain_blocks/$(c "$A" GET /api/v1/admin/domain_blocks | jq -r '.[0].id')" >/dev/null
  c "$A" DELETE "/api/v1/admin/instance/rules/$(c "$A" GET /api/v1/admin/instance/rules | jq -r '.[-1].id')" >/dev/null
  c "$A" GET /api/v1/admin/reports?resolved=true >/dev/null
  # one Prometheus scrape with its basic auth (the exposition is large: one per run, gzip as Prometheus asks)
  curl -s -o /dev/null --compressed -A 'Prometheus/2.53.1' -u "$METRICS_USER:$METRICS_PASS" \
    -H 'Accept: application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1' "$PUB/metrics"
}

"$@"
