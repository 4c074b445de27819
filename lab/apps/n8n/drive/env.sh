# shared by the curl drivers: base URL, state dir, and a curl wrapper that prints "STATUS METHOD PATH" to stderr
B=${B:-http://127.0.0.1:15678}
STATE=${STATE:-/tmp/shadowtap-lab/n8n/run/state}
mkdir -p "$STATE"
# req AUTH METHOD PATH [JSON] -> body on stdout
#   AUTH: "-" no credentials; "key:NAME" the public API key saved as $STATE/NAME.key (X-N8N-API-KEY header, as the
#   API docs show); "jar:NAME" the session cookie jar $STATE/NAME.jar (what the editor UI sends to /rest)
req() {
  local auth=$1 m=$2 p=$3 body=${4-}
  local args=(-s -X "$m" -o "$STATE/last.body" -w '%{http_code}' -H 'Accept: application/json')
  case "$auth" in
    key:*) args+=(-H "X-N8N-API-KEY: $(cat "$STATE/${auth#key:}.key")");;
    jar:*) args+=(-b "$STATE/${auth#jar:}.jar" -c "$STATE/${auth#jar:}.jar" -H 'browser-id: 6f1c2a4e-lab-cli');;
  esac
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local code
  code=$(curl "${args[@]}" "$B$p")
  echo "$code $m $p" >&2
  cat "$STATE/last.body"
}
