# curl helpers: every call logs "STATUS METHOD PATH" to $STATE/calls.log (the clients' own view, for checking)
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$STATE"
UA=${UA:-curl/8.14.1}
# j METHOD URL [JSON]: a JSON call; the answer body goes to $STATE/last.json
j() {
  local m=$1 u=$2 d=${3:-}
  local args=(-s -o "$STATE/last.json" -w '%{http_code}' -X "$m" -A "$UA" -H 'Accept: application/json')
  [ -n "$d" ] && args+=(-H 'Content-Type: application/json' --data-binary "$d")
  local code; code=$(curl "${args[@]}" "$u" || echo 000)
  echo "$code $m ${u#http://127.0.0.1:}" >> "$STATE/calls.log"
  echo "$code"
}
q() { j "$@" >/dev/null; }
rid() { cat /proc/sys/kernel/random/uuid; }
runid() { jq -r '.workflowExecutionInfo.execution.runId // empty' "$STATE/last.json"; }
