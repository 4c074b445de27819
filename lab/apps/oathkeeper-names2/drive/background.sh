#!/usr/bin/env bash
# background.sh - what runs beside the clients for the whole recording:
#   an Envoy sidecar's active health check of /health/ready every 2 s and a Consul agent's check of /health/alive every
#   3 s, both on the API port (recorded);
#   a Prometheus server scraping serve.prometheus (127.0.0.1:14483/metrics, not recorded) every 5 s.
# Runs until killed.
API=http://127.0.0.1:14456
i=0
while true; do
  if [ $((i % 2)) = 0 ]; then
    curl -s -o /dev/null -A 'Envoy/HC' -H 'x-envoy-expected-rq-timeout-ms: 1000' "$API/health/ready"
  fi
  if [ $((i % 3)) = 0 ]; then
    curl -s -o /dev/null -A 'Consul Health Check' -H 'Accept: text/plain, text/*, */*' "$API/health/alive"
  fi
  if [ $((i % 5)) = 0 ]; then
    curl -s -o /dev/null -A 'Prometheus/3.1.0' -H 'Accept: text/plain;version=0.0.4;q=0.5,*/*;q=0.1' http://127.0.0.1:14483/metrics
  fi
  i=$((i + 1))
  sleep 1
done
