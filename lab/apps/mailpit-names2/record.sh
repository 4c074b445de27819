#!/usr/bin/env bash
# record.sh - the mailpit lab with other data: copies lab/apps/mailpit next to
# itself (lab/apps/.mailpit-names2-run, so the copy's scripts find the
# repository as the original's do), rewrites the clients' users, passwords,
# addresses, subjects, tag names, file names, contents, counts and scanner
# probes with names.py (the work folder becomes
# /tmp/shadowtap-lab/mailpit-names2; the binary under
# /tmp/shadowtap-lab/mailpit/bin is only read), records with the copy's
# record.sh and keeps the capture here. Set up mailpit first
# (lab/apps/mailpit/setup.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.mailpit-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../mailpit" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
