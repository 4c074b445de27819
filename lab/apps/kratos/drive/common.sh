# Shared helpers for the curl drivers. Public API 19433, admin API 19434 (all on 127.0.0.1).
PUB=${PUB:-http://127.0.0.1:19433}
ADM=${ADM:-http://127.0.0.1:19434}
C() { curl -s --http1.1 "$@"; }
J() { C -H 'Accept: application/json' "$@"; }
# identities used by the self-service flows: "email first last"
USERS=(
  "alice.nguyen@example.org Alice Nguyen"
  "bob.okafor@example.org Bob Okafor"
  "carmen.diaz@example.com Carmen Diaz"
  "dmitri.volkov@example.com Dmitri Volkov"
  "emma.schulz@example.net Emma Schulz"
  "farid.haddad@example.net Farid Haddad"
)
PASS_A='Correct-Horse-Battery-9'
PASS_B='Tr0ub4dor&3-Saltwater'
