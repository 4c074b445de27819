#!/bin/bash
# Starts the lab's Strapi project in production the way its docs show (`strapi start` after `strapi build`), on
# 127.0.0.1:11337 with the SQLite database under /tmp/shadowtap-lab/strapi/run.
# usage: server.sh fresh|start   (fresh = wipe the database and the uploads first;
# runs in the foreground)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
cd $A
if [ "${1:-}" = fresh ]; then
  rm -rf $W/run $A/public/uploads
  mkdir -p $W/run $A/public/uploads
fi
exec node node_modules/@strapi/strapi/bin/strapi.js start
