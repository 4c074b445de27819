#!/usr/bin/env bash
# routes.sh - the same server as ../oathkeeper, so the same route table: runs the original's routes.sh (which
# regenerates ../oathkeeper/routes.txt from the module source, unchanged) and copies it here. Arguments (--verify)
# are passed on.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
bash "$HERE/../oathkeeper/routes.sh" "$@"
cp "$HERE/../oathkeeper/routes.txt" "$HERE/routes.txt"
