#!/usr/bin/env bash
# Verification helper: lists each request in the capture whose METHOD+path matches no line of routes.txt
# (these should be only the intended scanner probes), and prints request counts.
set -euo pipefail
APP=$(cd "$(dirname "$0")/.." && pwd)
PCAP=${1:-/tmp/shadowtap-lab/gotify/run/capture.pcap}
[ -f "$PCAP" ] || { zstd -dc $APP/capture.pcap.zst > /tmp/shadowtap-lab/gotify/check.pcap; PCAP=/tmp/shadowtap-lab/gotify/check.pcap; }
tshark -r "$PCAP" -Y http.request -T fields -e http.request.method -e http.request.uri \
| awk -v RT="$APP/routes.txt" '
BEGIN { n=0; while ((getline l < RT) > 0) { if (l ~ /^#/ || l ~ /^[ \t]*$/) continue; split(l, a, " ");
          re=a[2]; gsub(/\{[A-Za-z0-9_]+\*\}/, "@@", re); gsub(/\{[A-Za-z0-9_]+\}/, "[^/]+", re); gsub(/@@/, ".+", re);
          m[n]=a[1]; r[n]="^" re "$"; n++ } }
{ p=$2; sub(/\?.*/, "", p); ok=0; for (i=0;i<n;i++) if ((m[i]==$1 || m[i]=="*") && p ~ r[i]) { ok=1; break }
  tot++; if (ok) matched++; else { print "NOISE " $1 " " p } }
END { print "total " tot ", matched a route " matched ", noise " tot-matched }'
