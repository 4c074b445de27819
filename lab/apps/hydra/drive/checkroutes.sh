#!/usr/bin/env bash
# checkroutes.sh [PCAP] - list every recorded request whose METHOD+path matches no line of routes.txt
# (expected: only the scanner probes). Reads capture.pcap.zst by default.
HERE=$(cd "$(dirname "$0")/.." && pwd)
P=${1:-$HERE/capture.pcap.zst}
T=$(mktemp); zstd -dcf "$P" > "$T"
tshark -r "$T" -Y http.request -T fields -e http.request.method -e http.request.uri 2>/dev/null |
awk -v RF="$HERE/routes.txt" '
  BEGIN { while ((getline l < RF) > 0) { sub(/#.*/, "", l); if (split(l, f, " ") < 2) continue; n++; M[n]=f[1]; R[n]=f[2] } }
  function seg(p, a) { sub(/\?.*/, "", p); return split(substr(p, 2), a, "/") }
  function match1(m, p,    i, k, rs, ps, a, b, j) {
    for (i = 1; i <= n; i++) {
      if (M[i] != "*" && M[i] != m) continue
      rs = seg(R[i], a); ps = seg(p, b)
      ok = 1
      for (j = 1; j <= rs; j++) {
        if (a[j] ~ /^\{.*\*\}$/) { if (ps >= j) { ok = 2 }; break }
        if (j > ps) { ok = 0; break }
        if (a[j] ~ /^\{.*\}$/) { if (b[j] == "") { ok = 0; break } continue }
        if (a[j] != b[j]) { ok = 0; break }
      }
      if (ok == 1 && rs != ps) ok = 0
      if (ok) return R[i]
    }
    return ""
  }
  { total++; r = match1($1, $2); if (r == "") { miss++; print "NO ROUTE: " $1 " " $2 } else hit[$1 " " r]++ }
  END { printf "total %d, matched %d, unmatched %d\n", total, total - miss, miss > "/dev/stderr"
        for (k in hit) printf "%5d %s\n", hit[k], k | "sort -rn > /dev/stderr" }'
rm -f "$T"
