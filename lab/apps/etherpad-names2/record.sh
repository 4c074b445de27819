#!/usr/bin/env bash
# record.sh - the etherpad lab with other data: copies lab/apps/etherpad next
# to itself (lab/apps/.etherpad-names2-run, so the copy's scripts find the
# repository as the original's do), rewrites the clients' names, ids, counts,
# locales and formats with names.py (the run folder becomes
# /tmp/shadowtap-lab/etherpad-names2/run; the install under
# /tmp/shadowtap-lab/etherpad/app is only read), records with the copy's
# record.sh and keeps the capture here. Set up etherpad first
# (lab/apps/etherpad/setup.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.etherpad-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../etherpad" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
