#!/usr/bin/env bash
# start|stop the LXD daemon (Debian's /usr/bin/lxd) with its state in $LXD_DIR, and the two socat bridges that make
# the lxc CLI's requests cross lo in plain HTTP/1.1:
#   lxc -> $CLIENT/unix.socket -> socat -> TCP 127.0.0.1:18443 -> socat -> $LXD_DIR/unix.socket -> lxd
# start takes an optional "verbose" (routes.sh: the daemon logs "Sending top level 404" for router misses).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
case "$1" in
start)
  mkdir -p "$LXD_DIR" "$CLIENT" "$L/log"
  v=(); [ "${2:-}" = verbose ] && v=(--verbose)
  lxd --group root "${v[@]}" --logfile "$L/log/lxd.log" > "$L/log/lxd.out" 2>&1 &
  echo $! > "$L/lxd.pid"
  timeout 60 lxd waitready
  socat TCP-LISTEN:$PORT,bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:"$LXD_DIR/unix.socket" 2> "$L/log/socat-server.log" &
  echo $! > "$L/socat-server.pid"
  rm -f "$CLIENT/unix.socket"
  socat UNIX-LISTEN:"$CLIENT/unix.socket",fork TCP:127.0.0.1:$PORT 2> "$L/log/socat-client.log" &
  echo $! > "$L/socat-client.pid"
  for i in $(seq 50); do [ -S "$CLIENT/unix.socket" ] && break; sleep 0.1; done
  ;;
stop)
  # lxd shutdown asks over the daemon's own socket (not the bridge: not recorded); it stops the instances
  timeout 120 lxd shutdown 2>/dev/null || true
  for f in socat-client socat-server lxd; do
    [ -f "$L/$f.pid" ] && { kill "$(cat "$L/$f.pid")" 2>/dev/null || true; rm -f "$L/$f.pid"; }
  done
  # LXD leaves a managed bridge's dnsmasq running on shutdown (networks outlive a daemon restart); the lab's
  # bridges die with the namespace, so their dnsmasq (found by this run's lease file path) is stopped too
  for p in $(pgrep -f -- "--dhcp-leasefile=$LXD_DIR/networks/" || true); do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  ;;
esac
