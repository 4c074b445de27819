#!/bin/bash
# Starts Signal K server 2.23.0 (drive/server.cjs, the same start as bin/signalk-server) on port 13000 with the
# config dir $RUN/cfg. `fresh` lays a new config dir: drive/settings.json (port 13000, mDNS off, no interfaces besides
# the defaults, security strategy ./tokensecurity with no users yet: the first admin is created through
# /skServer/enableSecurity as the admin UI does). The plugins and webapps are the package's own dependencies, found in
# signalk-server/node_modules of the global install.
# Demo data: the package's own samples (--sample-nmea0183-data --sample-n2k-data), timestamps rewritten to now.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
if [ "${1:-}" = fresh ]; then
  rm -rf $RUN/cfg; mkdir -p $RUN/cfg; cp "$HERE/settings.json" $RUN/cfg/settings.json
fi
cd $RUN
exec env SIGNALK_NODE_CONFIG_DIR=$RUN/cfg SIGNALK_DISABLE_SERVER_UPDATES=true node "$HERE/server.cjs" \
  --sample-nmea0183-data --sample-n2k-data --override-timestamps
