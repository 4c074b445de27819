#!/usr/bin/env bash
# Score shadowtap on one lab application, or on all of them, by hand.
#
#   lab/score.sh              # every lab/apps/* with app.json, routes.txt (or .zst) and capture.pcap.zst
#   lab/score.sh NAME [...]   # some of them; extra scorer flags go after --, e.g. -- -v -variant base
#
# For each application it writes the scenario folder to /tmp/shadowtap-lab-scen/CHECKOUT/NAME with
# internal/applab/cmd/labtruth, builds ./cmd/shadowtap (CGO_ENABLED=0) once, and runs the shared
# scorer wrapper (../shared/scenarios/score) when present, else the vendored copy
# (internal/scenariolab/testdata/scorer), with -oneline unless other flags are given.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
apps=() flags=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; flags=("$@"); break; fi
  apps+=("$1"); shift
done
[ ${#flags[@]} -gt 0 ] || flags=(-oneline)
if [ ${#apps[@]} -eq 0 ]; then
  for d in lab/apps/*/; do
    d="${d%/}"
    [ -f "$d/app.json" ] && { [ -f "$d/routes.txt" ] || [ -f "$d/routes.txt.zst" ]; } && [ -f "$d/capture.pcap.zst" ] && apps+=("$(basename "$d")")
  done
fi
[ ${#apps[@]} -gt 0 ] || { echo "score.sh: no application to score" >&2; exit 1; }
# One folder per checkout (SHADOWTAP_LAB_OUT overrides): two worktrees scoring
# at once must not build over each other's binary or scenario folders.
OUT=${SHADOWTAP_LAB_OUT:-/tmp/shadowtap-lab-scen/$(basename "$ROOT")}
mkdir -p "$OUT"
BIN="$OUT/shadowtap"
CGO_ENABLED=0 go build -o "$BIN" ./cmd/shadowtap
CGO_ENABLED=0 go build -o "$OUT/labtruth" ./internal/applab/cmd/labtruth
SHARED="$ROOT/../shared/scenarios/score"
status=0
for a in "${apps[@]}"; do
  dir="$OUT/$a"
  rm -rf "$dir"
  if ! "$OUT/labtruth" -app "lab/apps/$a" -out "$dir"; then status=1; continue; fi
  if [ -x "$SHARED" ]; then
    "$SHARED" -scenario "$dir" -bin "$BIN" "${flags[@]}" || status=1
  else
    (cd internal/scenariolab/testdata/scorer && GOWORK=off GOFLAGS= go run . -scenario "$dir" -bin "$BIN" "${flags[@]}") || status=1
  fi
done
exit $status
