#!/usr/bin/env bash
# Benchmarks for shadowtap. Speed and memory are measured here, never in
# timed tests. Figures are only comparable as ratios within one run: the
# machines are shared and noisy.
#
#   bench/run.sh micro            # go test -bench on the hot paths, 6 counts, benchstat-ready output
#   bench/run.sh product          # bench/perf/bench.sh: ingest vs read+decode floor vs tshark
#   PRODUCT_MODE=exchanges bench/run.sh product   # the same for `shadowtap exchanges`
#   bench/run.sh soak             # bench/soak/run.sh: `shadowtap run` on a veth pair at rising rates (root)
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
mkdir -p bench/out
case "${1:-micro}" in
micro)
	go test -run '^$' -bench . -benchmem -count "${COUNT:-6}" ./capture ./reassembly ./inventory ./storage ./diff |
		tee "bench/out/micro-$(date +%Y%m%d-%H%M%S).txt"
	echo "compare two runs with: go run golang.org/x/perf/cmd/benchstat@latest OLD NEW"
	;;
product)
	go build -trimpath -o bench/out/shadowtap ./cmd/shadowtap
	PERF="${PERF:-bench/perf}"
	[ -x "$PERF/bench.sh" ] || { echo "bench: $PERF/bench.sh not found (set PERF=path/to/shared/perf)"; exit 1; }
	"$PERF/bench.sh" "$PWD/bench/out/shadowtap"
	;;
soak)
	exec bench/soak/run.sh
	;;
*)
	echo "usage: bench/run.sh micro|product|soak" >&2
	exit 1
	;;
esac
