#!/bin/bash
# Starts Directus (npm "directus" CLI) the way its docs show for a self-hosted install: `directus bootstrap` (creates the
# SQLite database, runs the migrations, creates the first admin user from ADMIN_EMAIL/ADMIN_PASSWORD/ADMIN_TOKEN), then
# `directus start` (the CLI of @directus/api that the directus package runs).  usage: server.sh fresh|start   (fresh = wipe the database and uploads first; runs in the foreground)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
cd $W/app
# node_modules/directus/cli.js only adds an update check (a request to the npm registry) before importing this CLI:
# run the CLI itself so nothing leaves the machine.
D=/tmp/shadowtap-lab/directus/app/node_modules/@directus/api/dist/cli/run.js
if [ "${1:-}" = fresh ]; then
  rm -rf $W/data; mkdir -p $W/data/uploads $W/data/extensions
  node $D bootstrap >$W/bootstrap.log 2>&1
fi
exec node $D start
