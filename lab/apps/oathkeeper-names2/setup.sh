#!/usr/bin/env bash
# setup.sh - the original's setup (../oathkeeper/setup.sh: Oathkeeper v0.40.9 from the Go module proxy, Debian nginx,
# curl, python3), building into this app's own folder, /tmp/shadowtap-lab/oathkeeper-names2. Idempotent.
set -euo pipefail
OATHKEEPER_LAB=/tmp/shadowtap-lab/oathkeeper-names2 exec bash "$(cd "$(dirname "$0")" && pwd)/../oathkeeper/setup.sh"
