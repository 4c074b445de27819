#!/usr/bin/env bash
# background.sh - what runs beside the clients for the whole recording:
#   kubelet-style liveness/readiness probes on the API port (recorded), every second;
#   a Prometheus server scraping serve.prometheus (127.0.0.1:14483/metrics, not recorded), every 3 seconds.
# Runs until killed.
API=http://127.0.0.1:14456
i=0
while true; do
  curl -s -o /dev/null -A 'kube-probe/1.31' "$API/health/alive"
  curl -s -o /dev/null -A 'kube-probe/1.31' "$API/health/ready"
  if [ $((i % 3)) = 0 ]; then
    curl -s -o /dev/null -A 'Prometheus/3.1.0' -H 'Accept: application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.1' \
      -H 'X-Prometheus-Scrape-Timeout-Seconds: 10' http://127.0.0.1:14483/metrics
  fi
  i=$((i + 1))
  sleep 1
done
