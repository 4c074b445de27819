#!/bin/bash
# Etherpad's HTTP API as its documentation (doc/api/http_api.md) shows it: /api/{version}/{function}, the API key as
# the `apikey` query parameter (as the document's ApiKey scheme declares it: in query), the other parameters in the
# query string (GET) or as a form body (POST), answers
# {"code": 0|1|2|4, "message", "data"}. An application that embeds Etherpad (a CMS, an LMS) maps its own users and
# groups to Etherpad authors and groups (createAuthorIfNotExistsFor, createGroupIfNotExistsFor), creates group pads,
# writes and reads their text and HTML, opens sessions for its users, follows revisions and chat, copies/moves pads,
# lists everything, and cleans up. Calls use the version number the docs' examples use (`/api/1/...`), the version
# that introduced the function (`/api/1.2.1/listAllPads`, `/api/1.2.7/getChatHistory`, ...) and the latest
# (`/api/1.2.15/...`), as clients written against different releases do.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
K=$EP_APIKEY
OUT=$RUN/api.log
: > $OUT
# api METHOD VERSION FUNCTION [name=value ...]  -> prints the "data" member (JSON) of the answer
api() {
  local m=$1 v=$2 f=$3; shift 3
  local args=()
  for a in "$@"; do args+=(--data-urlencode "$a"); done
  local body
  if [ "$m" = GET ]; then body=$(curl -s --get --data-urlencode "apikey=$K" "${args[@]}" "$EP_URL/api/$v/$f")
  elif [ ${#args[@]} -eq 0 ]; then body=$(curl -s -X POST "$EP_URL/api/$v/$f?apikey=$K")
  else body=$(curl -s "${args[@]}" "$EP_URL/api/$v/$f?apikey=$K"); fi
  echo "$m /api/$v/$f $* -> $body" >> $OUT
  echo "$body" | jq -c '.data' 2>/dev/null
}
field() { jq -r ".$1 // empty"; }

echo "== discovery"
curl -s $EP_URL/api >> $OUT; echo >> $OUT
curl -s -o $RUN/openapi-client.json $EP_URL/api/openapi.json
curl -s -o /dev/null $EP_URL/api/1.2.15/openapi.json
api GET 1.2 checkToken >/dev/null

echo "== authors (the embedding app's users)"
declare -A AUTH
for u in "u-1042:Priya Natarajan" "jdoe:John Doe" "bsmith@acme.example:Beatriz Smith" "TeacherKlaus:Klaus Becker" "u-2207:Amara Okafor" "lin_wei:Lin Wei"; do
  mapper=${u%%:*}; name=${u#*:}
  id=$(api POST 1 createAuthorIfNotExistsFor "authorMapper=$mapper" "name=$name" | field authorID)
  AUTH[$mapper]=$id
  api GET 1.1 getAuthorName "authorID=$id" >/dev/null
done
plain=$(api POST 1.2.15 createAuthor "name=Guest Reviewer" | field authorID)
api GET 1.2.15 getAuthorName "authorID=$plain" >/dev/null

echo "== groups and group pads"
declare -A GRP
for g in engineering "Marketing Team" customer-success finance_ops; do
  GRP[$g]=$(api POST 1 createGroupIfNotExistsFor "groupMapper=$g" | field groupID)
done
tmpg=$(api GET 1 createGroup | field groupID)
api GET 1.1 listAllGroups >/dev/null
PADS=()
mk() { # group padName text
  local gid=${GRP[$1]}
  api POST 1 createGroupPad "groupID=$gid" "padName=$2" "text=$3" >/dev/null
  PADS+=("$gid\$$2")
}
mk engineering sprint-42-retro "Sprint 42 retro: the deploy pipeline got 30% faster."
mk engineering IncidentReview_2026-11-30 "Timeline of the cache outage on 30 Nov."
mk engineering apiDesignNotes "Pagination: cursor based, max 200 items."
mk "Marketing Team" LaunchPlan "Launch plan for the spring campaign."
mk "Marketing Team" press-release-draft "FOR IMMEDIATE RELEASE"
mk customer-success onboarding_playbook "Week 1: kickoff call, Week 2: data import."
mk finance_ops budget_2027 "Budget 2027, first draft."
mk finance_ops "Q4 Forecast" "Revenue forecast for Q4."
for g in "${!GRP[@]}"; do api GET 1 listPads "groupID=${GRP[$g]}" >/dev/null; done

echo "== public pads"
for p in meeting-minutes-2026-12-01 CompanyHandbook reading_list; do
  api POST 1 createPad "padID=$p" "text=Started by the intranet on 2026-12-01." >/dev/null
  PADS+=("$p")
done
api GET 1.2.1 listAllPads >/dev/null

echo "== sessions for the app's users"
until=$(( $(date +%s) + 86400 ))
SESS=()
for pair in "engineering:u-1042" "engineering:jdoe" "Marketing Team:bsmith@acme.example" "customer-success:u-2207" "finance_ops:lin_wei" "finance_ops:TeacherKlaus"; do
  g=${pair%%:*}; u=${pair#*:}
  s=$(api POST 1 createSession "groupID=${GRP[$g]}" "authorID=${AUTH[$u]}" "validUntil=$until" | field sessionID)
  SESS+=("$s")
  api GET 1 getSessionInfo "sessionID=$s" >/dev/null
done
for g in "${!GRP[@]}"; do api GET 1 listSessionsOfGroup "groupID=${GRP[$g]}" >/dev/null; done
for u in "${!AUTH[@]}"; do api GET 1 listSessionsOfAuthor "authorID=${AUTH[$u]}" >/dev/null; done

echo "== writing and reading pads"
i=0
for p in "${PADS[@]}"; do
  i=$((i+1))
  api POST 1 setText "padID=$p" "text=$(printf 'Revision %d of %s\nOwner: %s\n' $i "${p#*\$}" "team $i")" >/dev/null
  api POST 1.2.13 appendText "padID=$p" "text=Added by the nightly sync job." >/dev/null
  api GET 1 getText "padID=$p" >/dev/null
  api GET 1 getText "padID=$p" "rev=1" >/dev/null
  api GET 1 getHTML "padID=$p" >/dev/null
  api GET 1 getRevisionsCount "padID=$p" >/dev/null
  api GET 1 getLastEdited "padID=$p" >/dev/null
  api GET 1 listAuthorsOfPad "padID=$p" >/dev/null
  api GET 1 padUsersCount "padID=$p" >/dev/null
  api GET 1.1 padUsers "padID=$p" >/dev/null
  ro=$(api GET 1 getReadOnlyID "padID=$p" | field readOnlyID)
  api GET 1.2.10 getPadID "roID=$ro" >/dev/null
  api GET 1.2.15 getRevisionsCount "padID=$p" >/dev/null
done
api POST 1 setHTML "padID=${PADS[3]}" "html=<html><body><h1>Launch plan</h1><ul><li>Teaser video</li><li>Newsletter</li></ul></body></html>" >/dev/null
api GET 1.2.15 getHTML "padID=${PADS[3]}" >/dev/null
for p in "${PADS[0]}" "${PADS[3]}" "${PADS[6]}"; do
  api POST 1 setPublicStatus "padID=$p" "publicStatus=true" >/dev/null
  api GET 1 getPublicStatus "padID=$p" >/dev/null
done

echo "== revisions, diffs, chat"
for p in "${PADS[0]}" "${PADS[4]}" "${PADS[7]}" "${PADS[8]}"; do
  api POST 1.2.11 saveRevision "padID=$p" >/dev/null
  api GET 1.2.11 getSavedRevisionsCount "padID=$p" >/dev/null
  api GET 1.2.11 listSavedRevisions "padID=$p" >/dev/null
  api GET 1.2.7 createDiffHTML "padID=$p" "startRev=0" "endRev=2" >/dev/null
  api GET 1.2.8 getAttributePool "padID=$p" >/dev/null
  api GET 1.2.8 getRevisionChangeset "padID=$p" "rev=1" >/dev/null
  api POST 1.2.12 appendChatMessage "padID=$p" "text=Reminder: review before Friday" "authorID=${AUTH[u-1042]}" >/dev/null
  api POST 1.2.15 appendChatMessage "padID=$p" "text=Done, merged my notes" "authorID=${AUTH[jdoe]}" "time=$(date +%s)" >/dev/null
  api GET 1.2.7 getChatHead "padID=$p" >/dev/null
  api GET 1.2.7 getChatHistory "padID=$p" >/dev/null
  api GET 1.2.15 getChatHistory "padID=$p" "start=0" "end=1" >/dev/null
  api POST 1.2.11 restoreRevision "padID=$p" "rev=1" >/dev/null
  api GET 1.2.15 getText "padID=$p" >/dev/null
done
api POST 1.1 sendClientsMessage "padID=${PADS[8]}" "msg=The intranet will restart at 18:00 UTC" >/dev/null

echo "== copy, move"
api POST 1.2.9 copyPad "sourceID=${PADS[8]}" "destinationID=meeting-minutes-2026-12-08" "force=false" >/dev/null
api POST 1.2.15 copyPadWithoutHistory "sourceID=${PADS[9]}" "destinationID=CompanyHandbook-v2" "force=true" >/dev/null
api POST 1.2.9 movePad "sourceID=${PADS[10]}" "destinationID=reading-list-2027" "force=false" >/dev/null
api GET 1.2.15 getText "padID=CompanyHandbook-v2" >/dev/null
api GET 1.2.15 getText "padID=reading-list-2027" >/dev/null

echo "== listings"
for u in "${!AUTH[@]}"; do api GET 1 listPadsOfAuthor "authorID=${AUTH[$u]}" >/dev/null; done
api GET 1.2.1 listAllPads >/dev/null
api GET 1.2.15 listAllPads >/dev/null
api GET 1.2.15 listAllGroups >/dev/null
api GET 1.2.14 getStats >/dev/null
api GET 1.2.15 getStats >/dev/null
# the browser's pads, read by the embedding app
for p in Quarterly-Planning-2027 team_retro_notes OnboardingChecklist berlin_offsite_agenda release.notes.v3; do
  api GET 1.2.15 getText "padID=$p" >/dev/null
  api GET 1 listAuthorsOfPad "padID=$p" >/dev/null
  api GET 1.2.7 getChatHistory "padID=$p" >/dev/null
  api GET 1 getRevisionsCount "padID=$p" >/dev/null
done

echo "== mistakes a client makes (answered code 1 with 200, or 404 for an unknown function)"
api GET 1 getText "padID=no-such-pad-xyz" >/dev/null
api GET 1 getText >/dev/null
api POST 1 createGroupPad "groupID=g.0000000000000000" "padName=orphan" >/dev/null
api GET 1 listAllPads >/dev/null          # listAllPads is not in API 1 (404 no such function)
api GET 1.2.15 getPadText "padID=${PADS[0]}" >/dev/null
api GET 1 getSessionInfo "sessionID=s.doesnotexist" >/dev/null

echo "== clean up"
for s in "${SESS[@]:0:3}"; do api POST 1 deleteSession "sessionID=$s" >/dev/null; api GET 1 getSessionInfo "sessionID=$s" >/dev/null; done
api POST 1 deletePad "padID=${PADS[2]}" >/dev/null
api POST 1 deletePad "padID=meeting-minutes-2026-12-08" >/dev/null
api POST 1.2.15 deletePad "padID=reading-list-2027" >/dev/null
api GET 1 getText "padID=${PADS[2]}" >/dev/null
api POST 1 deleteGroup "groupID=$tmpg" >/dev/null
api POST 1 deleteGroup "groupID=${GRP[customer-success]}" >/dev/null
api GET 1.2.15 listAllGroups >/dev/null
api GET 1.2.15 listAllPads >/dev/null
echo "api calls: $(wc -l < $OUT)"
