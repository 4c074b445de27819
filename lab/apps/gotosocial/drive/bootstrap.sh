#!/usr/bin/env bash
# The admin makes the first accounts with GoToSocial's own CLI (before the server starts: the CLI opens the SQLite
# database directly): create, confirm, promote the admin. The sixth user (noor_haddad) signs up later through the API.
set -euo pipefail
. "$(dirname "$0")/env.sh"
first=1
for u in $USERS; do
  IFS=: read -r name email pw <<<"$u"
  [ "$name" = noor_haddad ] && continue
  "$GTS" --config-path "$GTS_CONFIG" admin account create --username "$name" --email "$email" --password "$pw"
  "$GTS" --config-path "$GTS_CONFIG" admin account confirm --username "$name"
  if [ $first = 1 ]; then "$GTS" --config-path "$GTS_CONFIG" admin account promote --username "$name"; first=0; fi
done
