#!/usr/bin/env bash
# Native ("API") self-service flows with curl, as https://www.ory.sh/docs/kratos/self-service documents them
# for native apps: GET /self-service/<flow>/api -> POST /self-service/<flow>?flow=ID, X-Session-Token auth.
set -u
. "$(dirname "$0")/common.sh"
TOK_DIR=${TOK_DIR:-/tmp/shadowtap-lab/kratos/state}
mkdir -p "$TOK_DIR"

register() { # email first last password
  local f id
  f=$(J "$PUB/self-service/registration/api"); id=$(jq -r .id <<<"$f")
  J "$PUB/self-service/registration/flows?id=$id" >/dev/null
  J -X POST "$PUB/self-service/registration?flow=$id" -H 'Content-Type: application/json' \
    -d "{\"method\":\"password\",\"password\":\"$4\",\"traits\":{\"email\":\"$1\",\"name\":{\"first\":\"$2\",\"last\":\"$3\"}}}"
}
login() { # email password -> prints json
  local f id
  f=$(J "$PUB/self-service/login/api"); id=$(jq -r .id <<<"$f")
  J -X POST "$PUB/self-service/login?flow=$id" -H 'Content-Type: application/json' \
    -d "{\"method\":\"password\",\"identifier\":\"$1\",\"password\":\"$2\"}"
}

for round in 1 2; do
for u in "${USERS[@]}"; do
  set -- $u; email=$1; first=$2; last=$3
  if [ $round = 1 ]; then
    r=$(register "$email" "$first" "$last" "$PASS_A")
    jq -r '.identity.id // empty' <<<"$r" > "$TOK_DIR/$first.id"
    # second registration attempt with the same address -> 400 (duplicate)
    register "$email" "$first" "$last" "$PASS_A" >/dev/null
  fi
  # wrong password first, then the right one
  login "$email" "wrong-password-$round" >/dev/null
  pw=$PASS_A; [ -f "$TOK_DIR/$first.pw2" ] && pw=$PASS_B
  tok=$(login "$email" "$pw" | jq -r '.session_token // empty')
  echo "$tok" > "$TOK_DIR/$first.tok"
  J "$PUB/sessions/whoami" -H "X-Session-Token: $tok" >/dev/null
  J "$PUB/sessions/whoami?tokenize_as=" -H "X-Session-Token: $tok" >/dev/null
  J "$PUB/sessions" -H "X-Session-Token: $tok" >/dev/null
  J "$PUB/sessions?page_size=10" -H "X-Session-Token: $tok" >/dev/null
  # settings: profile then (round 1 only) password
  f=$(J "$PUB/self-service/settings/api" -H "X-Session-Token: $tok"); sid=$(jq -r .id <<<"$f")
  J "$PUB/self-service/settings/flows?id=$sid" -H "X-Session-Token: $tok" >/dev/null
  J -X POST "$PUB/self-service/settings?flow=$sid" -H "X-Session-Token: $tok" -H 'Content-Type: application/json' \
    -d "{\"method\":\"profile\",\"traits\":{\"email\":\"$email\",\"name\":{\"first\":\"$first\",\"last\":\"$last-$round\"}}}" >/dev/null
  if [ $round = 1 ] && [ "$first" != Farid ]; then
    f=$(J "$PUB/self-service/settings/api" -H "X-Session-Token: $tok"); sid=$(jq -r .id <<<"$f")
    J -X POST "$PUB/self-service/settings?flow=$sid" -H "X-Session-Token: $tok" -H 'Content-Type: application/json' \
      -d "{\"method\":\"password\",\"password\":\"$PASS_B\"}" | jq -e .id >/dev/null && touch "$TOK_DIR/$first.pw2"
  fi
  # verification and recovery (code method; the courier only queues the e-mails)
  f=$(J "$PUB/self-service/verification/api"); vid=$(jq -r .id <<<"$f")
  J -X POST "$PUB/self-service/verification?flow=$vid" -H 'Content-Type: application/json' \
    -d "{\"method\":\"code\",\"email\":\"$email\"}" >/dev/null
  J "$PUB/self-service/verification/flows?id=$vid" >/dev/null
  J -X POST "$PUB/self-service/verification?flow=$vid" -H 'Content-Type: application/json' \
    -d '{"method":"code","code":"000000"}' >/dev/null
  f=$(J "$PUB/self-service/recovery/api"); rid=$(jq -r .id <<<"$f")
  J -X POST "$PUB/self-service/recovery?flow=$rid" -H 'Content-Type: application/json' \
    -d "{\"method\":\"code\",\"email\":\"$email\"}" >/dev/null
  J "$PUB/self-service/recovery/flows?id=$rid" >/dev/null
  # a refresh login (aal re-auth) with the session token
  f=$(J "$PUB/self-service/login/api?refresh=true" -H "X-Session-Token: $tok"); lid=$(jq -r .id <<<"$f")
  J "$PUB/self-service/login/flows?id=$lid" >/dev/null
done
done

# extra sessions for Alice and Bob, one revoked by id, the others by "revoke all other sessions"
for first in Alice Bob; do
  set -- ${USERS[0]}; [ $first = Bob ] && set -- ${USERS[1]}
  main=$(cat "$TOK_DIR/$first.tok")
  for i in 1 2 3; do login "$1" "$PASS_B" >/dev/null; done
  sess=$(J "$PUB/sessions" -H "X-Session-Token: $main")
  other=$(jq -r '.[0].id // empty' <<<"$sess")
  [ -n "$other" ] && C -X DELETE "$PUB/sessions/$other" -H "X-Session-Token: $main" -o /dev/null
  C -X DELETE "$PUB/sessions" -H "X-Session-Token: $main" -o /dev/null
  J "$PUB/sessions" -H "X-Session-Token: $main" >/dev/null
done

# missing objects on real routes -> 404 / 410 / 400
for id in 3f1a8d52-0c4e-4b7e-9d0a-2b6f5c1e7a90 b2c4e6f8-1a3c-4e5a-8c7e-9f1b3d5a7c9e; do
  J "$PUB/self-service/login/flows?id=$id" >/dev/null
  J "$PUB/self-service/registration/flows?id=$id" >/dev/null
  J "$PUB/self-service/settings/flows?id=$id" -H "X-Session-Token: $(cat "$TOK_DIR/Carmen.tok")" >/dev/null
  J "$PUB/self-service/errors?id=$id" >/dev/null
  J -X POST "$PUB/self-service/login?flow=$id" -H 'Content-Type: application/json' -d '{"method":"password","identifier":"x@example.org","password":"x"}' >/dev/null
done
J "$PUB/self-service/login/flows" >/dev/null                    # missing id -> 400
J "$PUB/schemas/does-not-exist" >/dev/null

# no credentials / bad credentials on secured routes -> 401 / 403
for i in 1 2 3; do
  J "$PUB/sessions/whoami" >/dev/null
  J "$PUB/sessions/whoami" -H 'X-Session-Token: ory_st_invalidtoken000000000000000' >/dev/null
  J "$PUB/sessions/whoami" -H 'Authorization: Bearer ory_st_notavalidtoken11111111111' >/dev/null
done
J "$PUB/sessions" >/dev/null
J "$PUB/self-service/settings/api" >/dev/null
J -X DELETE "$PUB/sessions" >/dev/null
J -X DELETE "$PUB/sessions/3f1a8d52-0c4e-4b7e-9d0a-2b6f5c1e7a90" >/dev/null

# public, unauthenticated reads that succeed
J "$PUB/schemas" >/dev/null
J "$PUB/schemas?page_size=1&page=1" >/dev/null
J "$PUB/schemas/default" >/dev/null
J "$PUB/schemas/customer" >/dev/null
J "$PUB/health/alive" >/dev/null
J "$PUB/health/ready" >/dev/null
C "$PUB/.well-known/ory/webauthn.js" -o /dev/null

# logout of the API sessions (Carmen, Dmitri, Emma); afterwards whoami -> 401, second logout -> 403
for first in Carmen Dmitri Emma; do
  tok=$(cat "$TOK_DIR/$first.tok")
  J -X DELETE "$PUB/self-service/logout/api" -H 'Content-Type: application/json' -d "{\"session_token\":\"$tok\"}" >/dev/null
  J "$PUB/sessions/whoami" -H "X-Session-Token: $tok" >/dev/null
  J -X DELETE "$PUB/self-service/logout/api" -H 'Content-Type: application/json' -d "{\"session_token\":\"$tok\"}" >/dev/null
done
