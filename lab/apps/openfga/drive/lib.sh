# curl helpers of the drive scripts (sourced). api METHOD PATH [JSON] [KEY] prints the answer body to stdout and
# logs "who code METHOD path" to $STATE/calls.log. WHO and UA are set by the caller.
api() {
  local m=$1 p=$2 body=${3:-} key=${4-$KEY_PLATFORM} out code
  local -a h=(-H 'Accept: application/json')
  [ -n "$key" ] && h+=(-H "Authorization: Bearer $key")
  out=$(mktemp)
  if [ -n "$body" ]; then
    code=$(curl -s -A "$UA" -X "$m" "${h[@]}" -H 'Content-Type: application/json' --data-binary "$body" -o "$out" -w '%{http_code}' "$BASE$p")
  else
    code=$(curl -s -A "$UA" -X "$m" "${h[@]}" -o "$out" -w '%{http_code}' "$BASE$p")
  fi
  echo "$WHO $code $m $p" >> "$STATE/calls.log"
  cat "$out"; rm -f "$out"
}
# model JSON from a DSL file (the fga CLI's local transform: no network)
model_json() { "$L/bin/fga" model transform --file "$1"; }
# tuple_keys JSON array from "user relation object" lines on stdin
tuple_keys() { jq -Rn '[inputs | select(length > 0) | split(" ") | {user: .[0], relation: .[1], object: .[2]}]'; }
