#!/usr/bin/env bash
# Trace producers with tracegen (cmd/tracegen from the same module, OpenTelemetry Go SDK, OTLP/HTTP protobuf,
# batching exporter): a load-test service set and three more services in other naming styles, each run a
# separate process. Env TRACEGEN (binary), OTEL_EXPORTER_OTLP_ENDPOINT (default http://127.0.0.1:4318).
set -euo pipefail
T=${TRACEGEN:-/tmp/shadowtap-lab/jaeger/bin/tracegen}
export OTEL_EXPORTER_OTLP_ENDPOINT=${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318}
export OTEL_BSP_SCHEDULE_DELAY=200 OTEL_BSP_MAX_EXPORT_BATCH_SIZE=64
run() { "$T" -trace-exporter otlp-http "$@" 2>>"${TRACEGEN_LOG:-/dev/null}"; }
run -service search_indexer -traces 12 -spans 3 -pause 2ms
run -service RecommendationEngine -workers 2 -traces 8 -spans 5 -attrs 4 -pause 1ms
run -service geo-lookup -traces 20 -spans 1 -pause 1ms
run -service loadtest -services 3 -traces 6 -spans 2 -pause 1ms
run -service search_indexer -traces 5 -spans 6 -pause 3ms -debug
