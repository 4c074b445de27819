# shared by the curl drivers: base URL, state dir, and a curl wrapper that prints "STATUS METHOD PATH" to stderr
B=${B:-http://127.0.0.1:15808}
STATE=${STATE:-/tmp/shadowtap-lab/nocodb/run/state}
mkdir -p "$STATE"
# req AUTH METHOD PATH [JSON] -> body on stdout
#   AUTH: "-" no credentials; "tok:NAME" the API token saved as $STATE/NAME.tok (xc-token header, as NocoDB's API docs
#   show); "jwt:NAME" the signed-in user's JWT saved as $STATE/NAME.jwt (xc-auth header, what the web UI sends)
req() {
  local auth=$1 m=$2 p=$3 body=${4-}
  local args=(-s -X "$m" -o "$STATE/last.body" -w '%{http_code}' -H 'Accept: application/json')
  case "$auth" in
    tok:*) args+=(-H "xc-token: $(cat "$STATE/${auth#tok:}.tok")");;
    jwt:*) args+=(-H "xc-auth: $(cat "$STATE/${auth#jwt:}.jwt")");;
  esac
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local code
  code=$(curl "${args[@]}" "$B$p")
  echo "$code $m $p" >&2
  cat "$STATE/last.body"
}
