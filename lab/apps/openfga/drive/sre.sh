#!/usr/bin/env bash
# The SRE on call: Prometheus-style scrapes of the metrics listener, the pprof index and profiles with curl, and
# `go tool pprof` fetching a heap and a CPU profile from the profiler listener (as Go's docs show).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
log() { echo "sre $1 $2 $3" >> "$STATE/calls.log"; }
get() { local c; c=$(curl -s -A "$1" -o /dev/null -w '%{http_code}' "$2$3"); log "$c" GET "$3"; }
get "Prometheus/2.53.0" "$METRICS" /metrics
get "curl/7.88.1" "$PROFILER" /debug/pprof
get "curl/7.88.1" "$PROFILER" /debug/pprof/
get "curl/7.88.1" "$PROFILER" "/debug/pprof/goroutine?debug=1"
get "curl/7.88.1" "$PROFILER" "/debug/pprof/heap?debug=1"
get "curl/7.88.1" "$PROFILER" "/debug/pprof/allocs?debug=1"
get "curl/7.88.1" "$PROFILER" "/debug/pprof/threadcreate?debug=1"
get "curl/7.88.1" "$PROFILER" /debug/pprof/cmdline
get "curl/7.88.1" "$PROFILER" "/debug/pprof/trace?seconds=1"
get "curl/7.88.1" "$PROFILER" "/debug/pprof/mutex?debug=1"
export HOME=$STATE/sre-home; mkdir -p "$HOME"
GOTOOLCHAIN=local go tool pprof -top -nodecount=5 "$PROFILER/debug/pprof/heap" > "$STATE/pprof-heap.txt" 2>&1 || true
log - GET /debug/pprof/heap
GOTOOLCHAIN=local go tool pprof -top -nodecount=5 -seconds 2 "$PROFILER/debug/pprof/profile" > "$STATE/pprof-cpu.txt" 2>&1 || true
log - GET /debug/pprof/profile
get "Prometheus/2.53.0" "$METRICS" /metrics
