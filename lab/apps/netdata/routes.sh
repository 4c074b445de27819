#!/usr/bin/env bash
# Extracts Netdata 1.37.1's route table (Debian netdata-core / netdata-web 1.37.1-2) from the installed binary and web
# directory, checked against a running agent. Output: routes.txt (METHOD TEMPLATE).
#
# The Debian source package's tarballs are not downloadable here (`apt-get source netdata` gets the .dsc, then 404
# for netdata_1.37.1.orig.tar.xz), so the table is taken from the binary and the agent, as for pdns:
#  * Netdata's web server has no route table of paths: web_client_process_url() takes the first path segment and
#    dispatches `api` (then the API version `v1`, then the rest of the path compared whole with the v1 command table
#    api_commands_v1[]), `host` (host switching: /host/HOSTNAME/ then the same dispatch again for that host),
#    `netdata.conf`, and hands every other path to the static-file handler (the web directory, index.html for a
#    directory). Each level answers its own miss (404 "Unsupported v1 API command: X", "Unsupported API version: X",
#    "File does not exist, or is not accessible: ...").
#  * Command names: the long ones are strings in the binary, in table order (after "Which API v1 command?"); the short
#    ones are merged by the linker into the tails of longer strings ("data" in "metadata"). So every word of
#    strings(1) and every suffix of it (plus the spec's path names) is a candidate, and drive/probe_routes.py asks a
#    throw-away agent (own network namespace, port 19998) for each at each level: a name is routed unless that
#    level's miss answer comes back.
#  * Methods: the request parser knows GET, OPTIONS and STREAM (the streaming handshake of a child) only; every other
#    method gets 400 "I don't understand you...". OPTIONS is answered 200 (CORS) on every path before any dispatch:
#    `OPTIONS /{path*}`. The methods are probed on three paths and written as found.
#  * Static files: every regular file under /usr/share/netdata/web (find) that the agent serves 200 (the Debian
#    package's symlinks to fonts-font-awesome / libjs-bootstrap are probed too and listed only when served), and the
#    directories with an index.html (`/`, `/old`).
#  * /host/{hostname}/ (a child's hostname or machine GUID) re-enters the same dispatch for that host, so each route
#    is written a second time below /host/{hostname}; `GET /host/{hostname}` (no slash: 308 to the slash) is the same
#    template as its index page (the labeller ignores a trailing slash). Checked with the agent's own hostname.
#    Not written: `/node/{node}/` (1.37.1's dispatcher has no `node`: the file handler answers 404, checked below),
#    `/host` alone and nested `/host/A/host/B/` (the host switch's own 404 / 400 refusals).
set -euo pipefail
APP=$(cd "$(dirname "$0")" && pwd)
. "$APP/drive/env.sh"
[ -x /usr/sbin/netdata ] || bash "$APP/setup.sh"
if [ -z "${NETDATA_LAB_NETNS:-}" ]; then
  exec env NETDATA_LAB_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' "$0"
fi
W=/usr/share/netdata/web
export RUN=$L/routes-run PARENT_PORT=19998 CHILDREN="" BASE=http://127.0.0.1:19998
B=$BASE
bash "$APP/drive/agents.sh" config
bash "$APP/drive/agents.sh" start-parent
trap 'bash "$APP/drive/agents.sh" stop' EXIT
for i in $(seq 100); do curl -fs -o /dev/null $B/api/v1/info && break; sleep 0.3; done
LOG=$L/routes-probe.log; : > $LOG

# candidates: words of the binary's strings and their suffixes, and the spec's path names
{ strings -n 3 /usr/sbin/netdata | grep -oE '[a-z][a-z0-9_./-]*' |
    awk '{for(i=1;i<=length($0)-1;i++){s=substr($0,i); if(length(s)>=3 && length(s)<=32 && s ~ /^[a-z]/) print s}}'
  zstd -dc $APP/netdata-swagger.yaml.zst | grep -oE '^  /[a-z_./]+' | sed 's#^  /##'; } | sort -u > $RUN/candidates.txt
python3 $APP/drive/probe_routes.py 19998 < $RUN/candidates.txt > $RUN/probe.txt
cat $RUN/probe.txt >> $LOG
# v1 commands (names whole; "manage/health" has a slash of its own)
CMDS=$(awk '$1=="v1"{print $2}' $RUN/probe.txt)
# top-level dispatch words: not a file of the web directory, no dots-only path tricks ("x..." answers 400 as illegal)
TOP=$(awk '$1=="top" && $2 !~ /\.\./ && $2 !~ /\// {print $2}' $RUN/probe.txt | while read -r w; do [ -e "$W/$w" ] || echo "$w"; done)
echo "top-level: $(echo $TOP)" >> $LOG; echo "v1: $(echo $CMDS)" >> $LOG
echo "$TOP" | grep -qx api && echo "$TOP" | grep -qx host || { echo "dispatcher words not found" >&2; exit 1; }

# methods
MS=()
for m in GET HEAD POST PUT DELETE PATCH OPTIONS; do
  ok=1
  for p in / /api/v1/info /no-such-file.txt; do
    out=$(curl -s -X $m -o $RUN/body -w '%{http_code}' --max-time 5 "$B$p" || true)
    echo "method $m $p -> $out $(head -c 40 $RUN/body | tr -d '\n')" >> $LOG
    [ "$out" = 400 ] && grep -q "I don't understand you" $RUN/body && ok=0
  done
  [ $ok = 1 ] && MS+=($m)
done
echo "methods: ${MS[*]}" >> $LOG
OPT_ALL=0
[ "$(curl -s -X OPTIONS -o /dev/null -w '%{http_code}' $B/no-such-file.txt)" = 200 ] && OPT_ALL=1

# static files served 200, directories with index.html
FILES=$(cd $W && find . \( -type f -o -type l \) | sed 's#^\.##' | LC_ALL=C sort | while read -r f; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$B$f"); echo "file $f -> $code" >> $LOG
  [ "$code" = 200 ] && echo "$f"; done)
DIRS=$(cd $W && find . -type d | sed 's#^\.##' | LC_ALL=C sort | while read -r d; do
  [ -f "$W$d/index.html" ] || continue
  code=$(curl -s -o /dev/null -w '%{http_code}' "$B$d/"); echo "dir $d/ -> $code" >> $LOG
  [ "$code" = 200 ] && echo "${d:-/}"; done)

# checks of the host prefix (the agent's own hostname) and of /node/
for p in /host/$PARENT_HOST/api/v1/info /host/$PARENT_HOST/netdata.conf /host/$PARENT_HOST/version.txt /host/$PARENT_HOST/ \
         /node/$PARENT_HOST/api/v1/info; do
  echo "check $p -> $(curl -s -o $RUN/body -w '%{http_code}' "$B$p") $(head -c 60 $RUN/body | tr -d '\n')" >> $LOG
done
[ "$(curl -s -o /dev/null -w '%{http_code}' $B/host/$PARENT_HOST/api/v1/info)" = 200 ] || { echo "host switch failed" >&2; exit 1; }

{
  echo "# Netdata 1.37.1 (Debian netdata-core / netdata-web 1.37.1-2) route table, generated by routes.sh: dispatcher"
  echo "# words and v1 API commands probed on a running agent with the binary's strings as candidates, static files"
  echo "# from the web directory (/usr/share/netdata/web) as served, each again below /host/{hostname}. Methods: ${MS[*]}."
  for pfx in "" "/host/{hostname}"; do
    echo "# --- ${pfx:-root} ---"
    for m in "${MS[@]}"; do
      [ $m = OPTIONS ] && [ $OPT_ALL = 1 ] && continue
      for cmd in $CMDS; do echo "$m $pfx/api/v1/$cmd"; done
      for w in $TOP; do case $w in api|host) ;; *) echo "$m $pfx/$w" ;; esac; done
      for d in $DIRS; do [ "$d" = / ] && echo "$m ${pfx:-/}" || echo "$m $pfx$d"; done
      for f in $FILES; do echo "$m $pfx$f"; done
    done
  done
  if [ $OPT_ALL = 1 ]; then echo "# OPTIONS: answered 200 on every path (CORS), before any dispatch"; echo "OPTIONS /"; echo "OPTIONS /{path*}"; fi
} > $RUN/routes.txt
mv $RUN/routes.txt $APP/routes.txt
grep -c '^[A-Z*]' $APP/routes.txt
