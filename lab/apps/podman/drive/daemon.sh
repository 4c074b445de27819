#!/usr/bin/env bash
# start | stop | reset: the lab's Podman API service on 127.0.0.1:$PORT (plain HTTP/1.1, no TLS, no auth), with the
# configuration of drive/env.sh. Readiness is checked with ss (a listening socket), never with a request, so that
# nothing but the clients' requests crosses the recorded port.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
unmount_state() { awk -v s="$STATE" 'index($2, s) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done; }
stop() {
  if [ -s "$B/service.pid" ] && kill -0 "$(cat "$B/service.pid")" 2>/dev/null; then
    kill "$(cat "$B/service.pid")"; for i in $(seq 50); do kill -0 "$(cat "$B/service.pid")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$B/service.pid"
  # containers left running (conmon keeps them after the service): stopped with the local podman, same store
  podman ps -q 2>/dev/null | xargs -r podman kill >/dev/null 2>&1 || true
}
case "${1:-}" in
  start)
    mkdir -p "$STATE/tmp"
    podman --tmpdir "$STATE/tmp" system service --time=0 "tcp:127.0.0.1:$PORT" > "$B/service.log" 2>&1 &
    echo $! > "$B/service.pid"
    for i in $(seq 100); do ss -ltn "sport = :$PORT" | grep -q LISTEN && break; sleep 0.1; done
    ss -ltn "sport = :$PORT" | grep -q LISTEN || { cat "$B/service.log"; exit 1; } ;;
  stop) stop ;;
  reset)   # a fresh store; the busybox image loaded by the local podman (outside any capture)
    stop
    podman rm -af >/dev/null 2>&1 || true
    podman pod rm -af >/dev/null 2>&1 || true
    unmount_state
    rm -rf "$STATE"; mkdir -p "$STATE/tmp"
    podman import --quiet --change 'CMD ["/bin/sh"]' --message 'busybox from Debian busybox-static' \
      "$IMG/busybox-rootfs.tar" docker.io/library/busybox:1.36 >/dev/null ;;
  *) echo "usage: $0 start|stop|reset" >&2; exit 2 ;;
esac
