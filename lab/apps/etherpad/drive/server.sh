#!/bin/bash
# Starts Etherpad 1.8.14 the way its own bin/run.sh does (node src/node/server.js from the Etherpad root), with this
# lab's settings.json, APIKEY.txt and SESSIONKEY.txt under $RUN (passed with --settings/--apikey/--sessionkey).
# The Etherpad root is $A (the npm install, with ep_etherpad-lite moved to $A/src as in a git checkout; see setup.sh).
# `fresh` lays a new run directory (empty dirty database).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
if [ "${1:-}" = fresh ]; then rm -rf $RUN/var $RUN/settings.json; fi
mkdir -p $RUN/var
sed "s#\"var/dirty.db\"#\"$RUN/var/dirty.db\"#" "$HERE/settings.json" > $RUN/settings.json
printf '%s' "$EP_APIKEY" > $RUN/APIKEY.txt
[ -f $RUN/SESSIONKEY.txt ] || printf '%s' 'c2f7a91e5b0d4e8f9a3c6b1d7e2f0a4b8c5d9e1f3a7b6c2d0e4f8a1b5c9d3e7f' > $RUN/SESSIONKEY.txt
cd $A
exec env NODE_ENV=production node src/node/server.js --settings $RUN/settings.json --apikey $RUN/APIKEY.txt \
  --sessionkey $RUN/SESSIONKEY.txt
