#!/usr/bin/env bash
# Lists every HTTP request in a capture and whether its METHOD+path matches a line of routes.txt.
# usage: drive/check_routes.sh capture.pcap[.gz]   -> prints unmatched requests and totals
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
F=${1:-$HERE/capture.pcap.zst}
T=$(mktemp); trap 'rm -f $T ${T}.pcap' EXIT
case "$F" in *.zst) zstd -dc "$F" > "$T.pcap"; F=$T.pcap;; esac
tshark -r "$F" -Y http.request -T fields -e http.request.method -e http.request.uri > "$T"
awk -F'\t' '
  NR==FNR { if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next; split($0, a, " "); n++; RM[n]=a[1]; RP[n]=a[2]; next }
  function segs(p, arr) { sub(/\?.*/, "", p); if (p == "/") { return 0 } sub(/^\//, "", p); return split(p, arr, "/") }
  function match_route(m, p,   i, k, nr, np, r, q, ok, j) {
    np = segs(p, q)
    for (i = 1; i <= n; i++) {
      if (RM[i] != m && RM[i] != "*") continue
      nr = segs(RP[i], r); ok = 1
      if (nr == 0 || np == 0) { if (nr == np) return RM[i] " " RP[i]; continue }
      j = 1
      for (k = 1; k <= nr; k++) {
        if (r[k] ~ /^\{.*\*\}$/) { if (k == nr) { if (np >= j) return RM[i] " " RP[i]; ok = 0; break } ok = 0; break }
        if (j > np) { ok = 0; break }
        if (r[k] ~ /^\{.*\}$/ || r[k] == q[j]) { j++; continue }
        ok = 0; break
      }
      if (ok && j == np + 1) return RM[i] " " RP[i]
    }
    return ""
  }
  { t++; r = match_route($1, $2); if (r == "") { u++; print "NOROUTE " $1 " " $2 } else { hit[r]++ } }
  END { for (r in hit) printf "%6d %s\n", hit[r], r; printf "total=%d matched=%d unmatched=%d\n", t, t-u, u }
' "$HERE/routes.txt" "$T" | sort -k1,1 -k2
