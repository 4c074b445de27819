#!/usr/bin/env bash
# record.sh - the hydra lab with other data: copies lab/apps/hydra next to
# itself (lab/apps/.hydra-names2-run, so the copy's scripts find the
# repository as the original's do), rewrites the clients' names and ids with
# names.py, records with the copy's record.sh (tcpdump buffer raised to
# 128 MiB), and keeps the capture here. Set up hydra first
# (lab/apps/hydra/setup.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.hydra-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../hydra" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
sed -i 's/tcpdump -i lo -s 0 -U/tcpdump -i lo -s 0 -B 131072 -U/' "$RUNDIR/record.sh"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
