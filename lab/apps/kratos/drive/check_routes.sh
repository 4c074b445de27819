#!/usr/bin/env bash
# Checks every HTTP request in a capture against routes.txt; prints the requests that match no route.
# usage: check_routes.sh capture.pcap[.gz] [routes.txt]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CAP=$1; ROUTES=${2:-$HERE/../routes.txt}
if [[ $CAP == *.zst ]]; then T=$(mktemp); zstd -dc "$CAP" > "$T"; CAP=$T; fi
tshark -r "$CAP" -Y http.request -T fields -e tcp.dstport -e http.request.method -e http.request.uri 2>/dev/null |
awk -v routes="$ROUTES" '
BEGIN { n=0
  while ((getline line < routes) > 0) {
    sub(/#.*/, "", line); if (line ~ /^[ \t]*$/) continue
    split(line, f, " "); m[n]=f[1]; re=f[2]
    gsub(/\./, "\\.", re); gsub(/\{[^}\/]*\*\}/, "@@", re); gsub(/\{[^}\/]*\}/, "[^/]+", re); gsub(/@@/, ".+", re)
    r[n]="^" re "$"; n++ }
}
{ path=$3; sub(/\?.*/, "", path); ok=0
  for (i=0;i<n;i++) if ((m[i]=="*" || m[i]==$2) && path ~ r[i]) { ok=1; break }
  total++; if (ok) matched++; else { print "UNMATCHED port=" $1, $2, $3; un++ } }
END { printf "total=%d matched=%d unmatched=%d\n", total, matched, un }'
