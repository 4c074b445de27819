#!/usr/bin/env bash
# Calls the Engine API with curl as Docker's API docs show (https://docs.docker.com/engine/api/sdk/examples/),
# both with the /v1.41 prefix and unversioned, plus monitoring-style polling, debug endpoints and scanner probes.
set -uo pipefail
U=${DOCKER_URL:-http://127.0.0.1:23750}
V=$U/v1.41
ROUNDS=${ROUNDS:-8}
c() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "${@:3}" "$2"; }
J=(-H 'Content-Type: application/json')

# health checks and version negotiation
c HEAD "$U/_ping"; c GET "$U/_ping"; c GET "$U/version"; c GET "$V/version"; c GET "$U/v1.40/version"; c GET "$U/v1.24/info"

# create objects the way the examples do
for v in grafana-data loki-chunks; do c POST "$V/volumes/create" "${J[@]}" -d "{\"Name\":\"$v\",\"Labels\":{\"owner\":\"monitoring\"}}"; done
c POST "$V/networks/create" "${J[@]}" -d '{"Name":"monitoring","Driver":"bridge","Internal":true,"Labels":{"owner":"monitoring"}}'
for n in grafana loki promtail; do
  c POST "$V/containers/create?name=$n" "${J[@]}" -d "{\"Image\":\"acme/web:1.2\",\"Cmd\":[\"/bin/sh\",\"-c\",\"echo $n; sleep 600\"],\"Labels\":{\"owner\":\"monitoring\"},\"HostConfig\":{\"NetworkMode\":\"none\",\"Binds\":[\"grafana-data:/var/lib/$n\"]}}"
done
c POST "$V/containers/create" "${J[@]}" -d '{"Image":"no/such-image:1"}'
c POST "$V/containers/create?name=bad" "${J[@]}" -d '{not json'
c POST "$V/images/acme/web:1.2/tag?repo=registry.acme.internal/platform/web&tag=1.2" 
c POST "$U/images/acme/worker:0.9/tag?repo=acme/worker&tag=stable"

for r in $(seq 1 "$ROUNDS"); do
  # a monitoring agent polling the daemon (cAdvisor/Portainer-style)
  c GET "$U/_ping"; c HEAD "$U/_ping"
  c GET "$V/info"; c GET "$V/containers/json"; c GET "$V/containers/json?all=1&size=1"
  c GET "$V/containers/json?all=true&filters=%7B%22label%22%3A%5B%22owner%3Dmonitoring%22%5D%7D"
  c GET "$V/images/json"; c GET "$V/images/json?filters=%7B%22reference%22%3A%5B%22acme%2F*%22%5D%7D"
  c GET "$V/volumes"; c GET "$V/networks"; c GET "$V/system/df"
  for n in grafana loki promtail; do
    c GET "$V/containers/$n/json"; c GET "$V/containers/$n/logs?stdout=1&stderr=1&tail=20"; c GET "$V/containers/$n/top"
  done
  for i in acme/web:1.2 library/alpine:3 acme/worker:stable registry.acme.internal/platform/web:1.2; do
    c GET "$V/images/$i/json"; c GET "$U/images/$i/history"
  done
  c GET "$V/volumes/grafana-data"; c GET "$V/volumes/loki-chunks"; c GET "$V/networks/monitoring"; c GET "$U/networks/none"
  c GET "$U/containers/json?limit=2"; c GET "$U/info"
  c GET "$V/events?since=0&until=1&filters=%7B%22type%22%3A%5B%22container%22%5D%7D"
  c GET "$V/containers/grafana/changes"
  c GET "$V/plugins"
  c GET "$V/containers/missing-$r/json"; c GET "$V/images/ghost/image:$r/json"
done

# exec create/inspect (the container is not running: the daemon refuses; then start one and exec)
c POST "$V/containers/loki/exec" "${J[@]}" -d '{"Cmd":["date"],"AttachStdout":true}'
c POST "$V/containers/grafana/start"
ID=$(curl -s -X POST "${J[@]}" -d '{"Cmd":["/bin/echo","ok"],"AttachStdout":true}' "$V/containers/grafana/exec" | sed -nE 's/.*"Id":"([0-9a-f]+)".*/\1/p')
echo "exec id: ${ID:-none}"
if [ -n "$ID" ]; then c GET "$V/exec/$ID/json"; c POST "$V/exec/$ID/resize?h=40&w=120"; fi
c GET "$V/exec/0000000000000000000000000000000000000000000000000000000000000000/json"
c GET "$V/containers/grafana/stats?stream=false"
c POST "$V/containers/grafana/stop?t=1"; c POST "$V/containers/grafana/wait"
c POST "$V/containers/promtail/rename?name=promtail-old"
c POST "$V/containers/loki/update" "${J[@]}" -d '{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}'
c GET "$V/containers/loki/archive?path=/etc/passwd"; c HEAD "$V/containers/loki/archive?path=/etc"
c GET "$V/containers/loki/export"
c GET "$V/containers/loki/checkpoints"
c GET "$V/distribution/acme/web:1.2/json"
c GET "$V/images/search?term=busybox"
c GET "$V/swarm"; c GET "$V/nodes"; c GET "$V/services"; c GET "$V/tasks"; c GET "$V/secrets"; c GET "$V/configs"
c GET "$V/plugins/privileges?remote=acme/plugin"; c GET "$V/plugins/acme/plugin:1/json"
c GET "$U/debug/vars"; c GET "$U/debug/pprof/"; c GET "$U/debug/pprof/cmdline"; c GET "$U/debug/pprof/goroutine?debug=1"; c GET "$U/debug/pprof/heap"

# clean up what this client created
for n in grafana loki promtail-old; do c DELETE "$V/containers/$n?force=1&v=1"; done
c DELETE "$V/containers/grafana"
c DELETE "$V/images/registry.acme.internal/platform/web:1.2"; c DELETE "$U/images/acme/worker:stable"
c DELETE "$V/volumes/grafana-data"; c DELETE "$V/volumes/loki-chunks"; c DELETE "$V/networks/monitoring"
c POST "$V/volumes/prune"; c POST "$V/containers/prune"

# dead paths: the router's "page not found", and scanner probes
c GET "$V/containers"; c GET "$V/v2/_catalog"; c GET "$U/v1.41/nosuch"; c PUT "$V/containers/json"
for p in /.env /wp-login.php /.git/config /admin /server-status /actuator/health /v2/ /api/v1/namespaces; do c GET "$U$p"; done
c POST "$U/cgi-bin/luci"
