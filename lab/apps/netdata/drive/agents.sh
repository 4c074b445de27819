#!/usr/bin/env bash
# Writes the configuration of the parent agent and its children under $RUN (fresh), one directory per agent
# (etc, cache, lib, log), and starts them: `agents.sh start` (pids in $RUN/*.pid), `agents.sh stop`.
# Parent: observability-hub on 127.0.0.1:19999, dbengine, health on, registry on (announced as itself), accepts
# streams with $STREAM_KEY (stream.conf). Children: their own hostname, machine GUID (lib dir), web port, memory mode
# ram, health off (the parent runs their alarms), streaming to 127.0.0.1:19999 with the key.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
conf() {  # $1 name, $2 hostname, $3 port, $4 role
  local d=$RUN/$1
  mkdir -p $d/etc/health.d $d/etc/python.d $d/etc/charts.d $d/cache $d/lib/registry $d/log
  touch $d/etc/.opt-out-from-anonymous-statistics
  cat > $d/etc/netdata.conf <<CONF
[global]
    hostname = $2
    run as user = root
    web files owner = root
    web files group = root
    process scheduling policy = keep
[db]
    update every = $([ "$4" = parent ] && echo 1 || echo 5)
    mode = $([ "$4" = parent ] && echo dbengine || echo ram)
    retention = 3600
    dbengine multihost disk space MB = 256
[directories]
    config = $d/etc
    stock config = /usr/lib/netdata/conf.d
    log = $d/log
    web = /usr/share/netdata/web
    cache = $d/cache
    lib = $d/lib
    home = $d/lib
    plugins = /usr/lib/netdata/plugins.d
    health config = $d/etc/health.d
    stock health config = /usr/lib/netdata/conf.d/health.d
    registry = $d/lib/registry
[logs]
    debug log = none
    error = $d/log/error.log
    access = $d/log/access.log
    health = $d/log/health.log
[web]
    mode = static-threaded
    bind to = 127.0.0.1:$3
    allow connections from = localhost *
    allow dashboard from = localhost *
    allow badges from = *
    allow streaming from = *
    allow netdata.conf from = localhost
    allow management from = localhost
    enable gzip compression = no
[health]
    enabled = $([ "$4" = parent ] && echo yes || echo no)
    script to execute on alarm = /bin/true
[registry]
    enabled = $([ "$4" = parent ] && echo yes || echo no)
    registry to announce = http://127.0.0.1:$PARENT_PORT
    registry hostname = $2
[plugins]
    proc = yes
    diskspace = yes
    timex = no
    idlejitter = yes
    tc = no
    cgroups = no
    statsd = no
    apps = $([ "$4" = parent ] && echo yes || echo no)
    perf = no
    slabinfo = no
    python.d = no
    charts.d = no
    cups = no
    nfacct = no
    fping = no
    ioping = no
    go.d = no
    ebpf = no
    enable running new plugins = no
[ml]
    enabled = no
CONF
  if [ "$4" = child ]; then   # a smaller set of system charts on the children (less streaming traffic)
    cat >> $d/etc/netdata.conf <<CONF
[plugin:proc]
    /proc/interrupts = no
    /proc/softirqs = no
    /proc/net/softnet_stat = no
    /proc/net/snmp6 = no
    /proc/net/netstat = no
    /proc/net/sockstat6 = no
    /proc/net/stat/nf_conntrack = no
    /proc/net/stat/synproxy = no
    /proc/net/ip_vs/stats = no
    /sys/kernel/mm/ksm = no
    /sys/devices/system/edac/mc = no
    /sys/devices/system/node = no
    /proc/pagetypeinfo = no
    /proc/net/wireless = no
    /proc/net/rpc/nfsd = no
    /proc/net/rpc/nfs = no
    /proc/spl/kstat/zfs/arcstats = no
    /sys/fs/btrfs = no
    /proc/net/sctp/snmp = no
    ipc = no
    /sys/class/power_supply = no
    /sys/class/infiniband = no
    /proc/net/sockstat = yes
CONF
  fi
  if [ "$4" = parent ]; then
    cat > $d/etc/stream.conf <<CONF
[stream]
    enabled = no
[$STREAM_KEY]
    enabled = yes
    default memory mode = dbengine
    health enabled by default = yes
    allow from = 127.0.0.1 localhost *
    default postpone alarms on connect seconds = 10
CONF
  else
    cat > $d/etc/stream.conf <<CONF
[stream]
    enabled = yes
    destination = tcp:127.0.0.1:$PARENT_PORT
    api key = $STREAM_KEY
    timeout seconds = 60
    buffer size bytes = 4194304
    reconnect delay seconds = 5
    enable compression = no
CONF
  fi
}
start_one() {  # $1 name
  local d=$RUN/$1
  /usr/sbin/netdata -D -c $d/etc/netdata.conf -P $d/netdata.pid -W set global "process scheduling policy" keep \
    > $d/log/stdout.log 2>&1 &
  echo $! > $RUN/$1.pid
}
case "${1:-start}" in
  config)
    rm -rf "$RUN"; mkdir -p "$RUN"
    conf parent $PARENT_HOST $PARENT_PORT parent
    for c in $CHILDREN; do conf ${c%%:*} ${c%%:*} ${c##*:} child; done ;;
  start-parent) start_one parent ;;
  start-children) for c in $CHILDREN; do start_one ${c%%:*}; sleep 1; done ;;
  stop)
    for f in $RUN/*.pid; do [ -f "$f" ] || continue; p=$(cat $f); kill -TERM $p 2>/dev/null || true; done
    for f in $RUN/*.pid; do [ -f "$f" ] || continue; p=$(cat $f); for i in $(seq 50); do kill -0 $p 2>/dev/null || break; sleep 0.2; done; kill -KILL $p 2>/dev/null || true; done ;;
esac
