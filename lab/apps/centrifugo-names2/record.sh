#!/usr/bin/env bash
# record.sh - the centrifugo lab with other data: copies lab/apps/centrifugo next to itself
# (lab/apps/.centrifugo-names2-run, so the copy's scripts find the repository as the original's do), rewrites the
# clients' users, channels, namespaces, keys, passwords, messages, counts and scanner probes with names.py (the
# state, tokens, demo page, Go SDK client and capture go to /tmp/shadowtap-lab/centrifugo-names2; the centrifugo
# binary and the npm SDK under /tmp/shadowtap-lab/centrifugo are only read), records with the copy's record.sh
# (the same ports, 18800-18802) and keeps the capture here. Set up centrifugo first (lab/apps/centrifugo/setup.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.centrifugo-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../centrifugo" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
