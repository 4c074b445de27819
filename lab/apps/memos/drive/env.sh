# shared by the curl drivers: base URL, state dir, and a curl wrapper that prints "STATUS METHOD PATH" to stderr
B=${B:-http://127.0.0.1:15230}
STATE=${STATE:-/tmp/shadowtap-lab/memos/run/state}
mkdir -p "$STATE"
# req TOKEN METHOD PATH [JSON] -> body on stdout (TOKEN "-" = no Authorization header)
req() {
  local tok=$1 m=$2 p=$3 body=${4-}
  local args=(-s -X "$m" -o "$STATE/last.body" -w '%{http_code}' -H 'Accept: application/json')
  [ "$tok" = "-" ] || args+=(-H "Authorization: Bearer $tok")
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local code
  code=$(curl "${args[@]}" "$B$p")
  echo "$code $m $p" >&2
  cat "$STATE/last.body"
}
