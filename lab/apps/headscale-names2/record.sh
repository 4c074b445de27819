#!/usr/bin/env bash
# record.sh - the headscale lab with other data: copies lab/apps/headscale next
# to itself (lab/apps/.headscale-names2-run, so the copy's scripts find the
# repository, the lab's browser driver and ../headscale/setup.sh as the
# original's do), rewrites the clients' user names, device hostnames and given
# names, tags, ACL policy, pre-auth key options, route prefixes, API key
# expirations, e-mail addresses, DERP region and MagicDNS domain, counts, user
# agents, wrong credentials and scanner probes with names.py (the work folder
# becomes /tmp/shadowtap-lab/headscale-names2; the binary
# /tmp/shadowtap-lab/headscale/bin/headscale, built by ../headscale/setup.sh, is
# only read), records with the copy's record.sh and keeps the capture here.
# Same ports as ../headscale (18085, 19095), so the two cannot run at once.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNDIR="$HERE/../.headscale-names2-run"
rm -rf "$RUNDIR"
cp -r "$HERE/../headscale" "$RUNDIR"
trap 'rm -rf "$RUNDIR"' EXIT
rm -f "$RUNDIR/capture.pcap.zst"
python3 "$HERE/names.py" "$RUNDIR"
bash "$RUNDIR/record.sh"
cp "$RUNDIR/capture.pcap.zst" "$HERE/capture.pcap.zst"
