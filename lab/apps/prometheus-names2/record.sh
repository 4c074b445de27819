#!/usr/bin/env bash
# record.sh - the prometheus lab with other data: copies lab/apps/prometheus next to itself
# (lab/apps/.prometheus-names2-run, so the copy's scripts find the repository as the original's do), rewrites the
# clients' names (metric, label, job, rule, dashboard and user names, label values) with names.py, which also points
# the copy at its own work directory /tmp/shadowtap-lab/prometheus-names2 (fresh run/ and TSDB; the first recording's
# builds are copied from /tmp/shadowtap-lab/prometheus when present, else setup.sh builds them), records with the
# copy's record.sh and keeps the capture here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.prometheus-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../prometheus" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
