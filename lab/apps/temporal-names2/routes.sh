#!/usr/bin/env bash
# Writes routes.txt for temporal-names2: the route table of the original's routes.sh (../temporal/routes.sh, from
# the routers' sources), cut to the one port this recording has (17243, the HTTP API: parts 1 and 2). Part 3 is the
# web UI's port (18233), not recorded here; kept, its `GET /{path*}` index fallback would route this port's GET probes.
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r "$APP/../temporal/." "$T/"
bash "$T/routes.sh"
awk '/^# --- 3\. web UI/ {exit} {print}' "$T/routes.txt" > "$APP/routes.txt"
echo "# part 3 (web UI, port 18233) left out: this recording has only port 17243" >> "$APP/routes.txt"
