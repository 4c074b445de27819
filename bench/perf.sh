#!/usr/bin/env bash
# bench/perf.sh — the README's performance table, reproduced from a clone.
#
# Builds shadowtap and the perf generator and floor (bench/perf, a module of
# its own), generates the captures (cached by generator hash under
# $PERF_CACHE, never in the repository), then times, on each capture,
#
#   floor      the read + decode floor: `floor -mode bufio-dlp FILE`
#   exchanges  `shadowtap exchanges --format ndjson FILE > /dev/null`
#   ingest     `shadowtap ingest --db DB FILE` (fresh DB each run)
#
# interleaved (floor, exchanges, ingest, floor, exchanges, ingest, ...) so
# that a noisy neighbour hits every tool alike, REPS times, and prints the
# median wall and CPU seconds, MB/s, exchanges/s, peak RSS and the ratio to
# the floor's median wall time of the same capture in the same run. The
# medium capture is also run with GOMAXPROCS=1 (per-core cost).
#
#   bench/perf.sh                       # small, medium, impaired, stress
#   LARGE=1 bench/perf.sh               # ... and the 2 GB large capture
#   ONLY=medium REPS=5 bench/perf.sh    # one capture
#
# Knobs: PERF_CACHE (/tmp/shadowtap-perf-repo), REPS (3), LARGE (0),
# ONLY (all), PROCS ("2 1": GOMAXPROCS values for medium), SEED (1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CGO_ENABLED=0
PERF_CACHE="${PERF_CACHE:-/tmp/shadowtap-perf-repo}"
REPS="${REPS:-3}"
LARGE="${LARGE:-0}"
ONLY="${ONLY:-}"
PROCS="${PROCS:-2 1}"
SEED="${SEED:-1}"
[ -x /usr/bin/time ] || { echo "perf: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

BIN=$PERF_CACHE/bin PCAPS=$PERF_CACHE/pcap RUN=$PERF_CACHE/run
mkdir -p "$BIN" "$PCAPS" "$RUN"
go build -trimpath -o "$BIN/shadowtap" ./cmd/shadowtap
(cd bench/perf && go build -trimpath -o "$BIN/gen" ./cmd/gen && go build -trimpath -o "$BIN/floor" ./cmd/floor)
GENHASH=$(cat bench/perf/cmd/gen/*.go | sha256sum | cut -c1-12)

# label : gen flags
INPUTS=(
	"small:-exchanges 50000 -flows 10000"
	"medium:-exchanges 200000 -flows 10000"
	"impaired:-exchanges 50000 -flows 10000 -loss 1 -reorder 3 -dup 1"
	"stress:-mode stress -exchanges 20000 -flows 2000"
)
[ "$LARGE" = 1 ] && INPUTS+=("large:-exchanges 1000000 -flows 10000")

pcap_of() { echo "$PCAPS/$1-s$SEED-$GENHASH.pcap"; }

for in in "${INPUTS[@]}"; do
	label=${in%%:*} flags=${in#*:}
	[ -n "$ONLY" ] && [ "$ONLY" != "$label" ] && continue
	f=$(pcap_of "$label")
	if [ ! -s "$f" ]; then
		rm -f "$PCAPS/$label-s$SEED-"*.pcap
		# shellcheck disable=SC2086
		"$BIN/gen" $flags -seed "$SEED" -truth none -o "$f" >&2
	fi
done

# one TOOL FILE PROCS: prints "wall cpu rss_kib" for one run.
one() {
	local tool=$1 f=$2 procs=$3 out=$RUN/time.out t0 t1
	# Wall time from the clock in ns (/usr/bin/time rounds to 10 ms, too
	# coarse for the floor); CPU and peak RSS from /usr/bin/time.
	t0=$(date +%s%N)
	case $tool in
	floor) GOMAXPROCS=$procs /usr/bin/time -o "$out" -f "%e %U %S %M" "$BIN/floor" -mode bufio-dlp "$f" >/dev/null 2>&1 ;;
	exchanges) GOMAXPROCS=$procs /usr/bin/time -o "$out" -f "%e %U %S %M" "$BIN/shadowtap" exchanges --format ndjson "$f" >/dev/null 2>"$RUN/err" ;;
	ingest)
		rm -f "$RUN/ingest.db"
		GOMAXPROCS=$procs /usr/bin/time -o "$out" -f "%e %U %S %M" "$BIN/shadowtap" ingest --db "$RUN/ingest.db" "$f" >/dev/null 2>"$RUN/err"
		;;
	esac
	t1=$(date +%s%N)
	awk -v ns=$((t1 - t0)) '{printf "%.3f %.2f %s\n", ns / 1e9, $2+$3, $4}' "$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

exchanges_of() {
	# the exchange count the product reports on stderr
	"$BIN/shadowtap" exchanges --format ndjson "$1" 2>&1 >/dev/null | awk '$1=="exchanges"{print $2; exit}'
}

printf 'shadowtap perf, %s, %s, %d cores, load average before: %s\n\n' "$(date -u +%FT%TZ)" \
	"$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| command | capture | GOMAXPROCS | wall s | CPU s | MB/s | exchanges/s | peak RSS MiB | x floor |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
for in in "${INPUTS[@]}"; do
	label=${in%%:*}
	[ -n "$ONLY" ] && [ "$ONLY" != "$label" ] && continue
	f=$(pcap_of "$label")
	size=$(stat -c %s "$f")
	nex=$(exchanges_of "$f")
	procs_list=2
	[ "$label" = medium ] && procs_list=$PROCS
	for procs in $procs_list; do
		: >"$RUN/floor" && : >"$RUN/exchanges" && : >"$RUN/ingest"
		cat "$f" >/dev/null # page cache
		reps=$REPS
		[ "$label" = stress ] && reps=1
		for _ in $(seq "$reps"); do
			for tool in floor exchanges ingest; do one "$tool" "$f" "$procs" >>"$RUN/$tool"; done
		done
		fw=$(awk '{print $1}' "$RUN/floor" | median)
		for tool in floor exchanges ingest; do
			w=$(awk '{print $1}' "$RUN/$tool" | median)
			c=$(awk '{print $2}' "$RUN/$tool" | median)
			r=$(awk 'BEGIN{m=0} {if ($3>m) m=$3} END{print m}' "$RUN/$tool")
			awk -v t="$tool" -v l="$label ($((size / 1000000)) MB, $nex exchanges)" -v p="$procs" -v w="$w" -v c="$c" \
				-v s="$size" -v n="$nex" -v r="$r" -v fw="$fw" 'BEGIN {
				ws = (w > 0 ? w : 0.01)
				x = (t == "floor" ? "1.0" : sprintf("%.1f", w / (fw > 0 ? fw : 0.01)))
				xs = (t == "floor" ? "-" : sprintf("%.0fk", n / ws / 1000))
				printf "| %s | %s | %s | %.3f | %.2f | %.0f | %s | %.0f | %s |\n", t, l, p, w, c, s / ws / 1e6, xs, r / 1024, x }'
		done
	done
done
printf '\nload average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
