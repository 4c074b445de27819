#!/bin/bash
# Starts Homebridge with the UI the way the Homebridge docs run it as a service: `hb-service run` (the UI's own service
# runner: it serves the UI itself and forks homebridge as its child), with the storage path under $RUN/storage and the
# plugins from the lab's install (-P). `fresh` lays a new storage directory (config.json from drive/config.json, no UI
# users yet: the first-run setup creates the admin). hb-service exits when the UI asks for a full restart (after UI or
# bridge settings changed) and expects its service manager to start it again (systemd's Restart=always in the
# service file `hb-service install` writes): the loop below does that.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
if [ "${1:-}" = fresh ]; then rm -rf $RUN/storage; mkdir -p $RUN/storage; cp "$HERE/config.json" $RUN/storage/config.json; fi
cd $RUN
trap 'kill $CHILD 2>/dev/null; wait $CHILD; exit 0' TERM INT
while true; do
  node $A/node_modules/homebridge-config-ui-x/dist/bin/hb-service.js run --allow-root -U $RUN/storage -P $A/node_modules &
  CHILD=$!
  wait $CHILD
  echo "[server.sh] hb-service exited ($?), starting it again in 2 s"
  sleep 2
done
