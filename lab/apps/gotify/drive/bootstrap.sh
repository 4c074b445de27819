#!/usr/bin/env bash
# Bootstrap per the Gotify docs (gotify.net/docs/pushmsg, /docs/more-pushmsg):
# public endpoints, then create a client token with basic auth (as the CLI's `gotify init` does).
set -u
B=http://127.0.0.1:19080
ST=${STATE:?}
C="curl -sS -o /dev/null -w %{http_code}\n"
$C $B/version
$C $B/health
$C -I $B/health
# unauthenticated calls on secured routes -> 401
$C $B/application
$C $B/current/user
$C -u admin:wrong-password $B/current/user
# login the way `gotify init` / the web UI do: POST /client with basic auth
curl -sS -u admin:admin -H 'Content-Type: application/json' -d '{"name":"gotify-cli on build-host"}' $B/client > $ST/admin_client.json
jq -r .token $ST/admin_client.json > $ST/admin_client.token
$C -u admin:admin $B/current/user
