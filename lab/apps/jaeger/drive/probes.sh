#!/usr/bin/env bash
# Kubernetes-style liveness checks of the query port (GET / as the Jaeger Helm chart's probe of 16686 does)
# and scanner probes on paths Jaeger has no handler for (its fallback answers every one with index.html).
set -uo pipefail
U=${JAEGER_URL:-http://127.0.0.1:16686}
PHASE=${1:-probe}
if [ "$PHASE" = probe ]; then
  args=(); for i in $(seq 1 ${N:-8}); do args+=(-o /dev/null "$U/"); done
  curl -s -A 'kube-probe/1.31' "${args[@]}"
  exit 0
fi
Z='Mozilla/5.0 zgrab/0.x'
for p in /.env /wp-login.php /admin/config.php /.git/config /actuator/health /server-status /phpmyadmin/index.php \
         /api/v1/pods /solr/admin/info/system /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php; do
  curl -s -o /dev/null -w "%{http_code} $p\n" -A "$Z" "$U$p"
done
curl -s -o /dev/null -w "%{http_code} POST /xmlrpc.php\n" -A "$Z" -X POST -d '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' "$U/xmlrpc.php"
curl -s -o /dev/null -w "%{http_code} POST /api/graphql\n" -A "$Z" -H 'Content-Type: application/json' -d '{"query":"{__schema{types{name}}}"}' "$U/api/graphql"
