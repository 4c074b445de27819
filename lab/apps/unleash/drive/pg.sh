#!/bin/bash
# Private PostgreSQL 15 cluster for the Unleash lab: 127.0.0.1:19543 only, data under /tmp/shadowtap-lab/unleash/pg.
# usage: pg.sh fresh|stop
set -euo pipefail
BASE=/tmp/shadowtap-lab/unleash
PGBIN=/usr/lib/postgresql/15/bin
PGDATA=$BASE/pg
PGPORT=19543
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
fresh)
  if [ -f "$PGDATA/postmaster.pid" ]; then as_pg $PGBIN/pg_ctl -D "$PGDATA" -m fast -w stop || true; fi
  rm -rf "$PGDATA" "$BASE/pgsock"
  mkdir -p "$PGDATA" "$BASE/pgsock"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA" "$BASE/pgsock"
  chmod 700 "$PGDATA"
  as_pg $PGBIN/initdb -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg $PGBIN/pg_ctl -D "$PGDATA" -w -l "$PGDATA/../pgsock/pg.log" \
     -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$BASE/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  as_pg $PGBIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -q -c "CREATE USER unleash PASSWORD 'unleash'" -c "CREATE DATABASE unleash OWNER unleash"
  ;;
stop)
  if [ -f "$PGDATA/postmaster.pid" ]; then as_pg $PGBIN/pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null; fi
  ;;
*) echo "usage: $0 fresh|stop" >&2; exit 2;;
esac
