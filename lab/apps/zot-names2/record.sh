#!/usr/bin/env bash
# record.sh - the zot lab with other data: copies lab/apps/zot next to itself
# (lab/apps/.zot-names2-run, so the copy's scripts find the repository as the
# original's do), rewrites the clients' repository names, tags, users and
# passwords (htpasswd and access control), image contents and labels, counts,
# user agents, search terms and scanner probes with names.py (the work folder
# becomes /tmp/shadowtap-lab/zot-names2; the binaries zot and crane under
# /tmp/shadowtap-lab/zot/bin, built by ../zot/setup.sh, are only read),
# records with the copy's record.sh and keeps the capture here. Same port as
# ../zot (18510), so the two cannot run at once.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.zot-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../zot" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
