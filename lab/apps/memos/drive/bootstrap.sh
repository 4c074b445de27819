#!/usr/bin/env bash
# First contact as an administrator does it after installing Memos (curl, as the API docs show): health and public
# instance profile, the first user registration (the first user becomes the instance ADMIN; no credentials), sign-in
# (wrong password first), a personal access token for scripts, and some calls without or with bad credentials.
set -euo pipefail
. "$(dirname "$0")/env.sh"
req - GET /healthz >/dev/null
req - GET /api/v1/instance/profile >/dev/null
req - GET /api/v1/instance/settings/GENERAL >/dev/null
req - GET /api/v1/auth/me >/dev/null                       # 401
req - GET /api/v1/users >/dev/null                         # 401
req - POST /api/v1/users '{"username":"sofia-admin","password":"Harbour-Lights-42","email":"sofia@northwind.example","displayName":"Sofia Lindqvist"}' >/dev/null
req - POST /api/v1/auth/signin '{"passwordCredentials":{"username":"sofia-admin","password":"wrong-password"}}' >/dev/null
tok=$(req - POST /api/v1/auth/signin '{"passwordCredentials":{"username":"sofia-admin","password":"Harbour-Lights-42"}}' | jq -r .accessToken)
req "$tok" GET /api/v1/auth/me >/dev/null
pat=$(req "$tok" POST /api/v1/users/1/personalAccessTokens '{"parent":"users/1","description":"ops scripts","expiresInDays":90}' | jq -r .token)
echo "$pat" > "$STATE/admin.pat"
req "$pat" GET /api/v1/users/1/personalAccessTokens >/dev/null
req "memos_pat_notavalidtoken0000000000" GET /api/v1/memos >/dev/null   # 401
req "$pat" GET /api/v1/auth/me >/dev/null
