#!/usr/bin/env bash
# curl as the Kubernetes API docs show it through `kubectl proxy` ("Access Clusters Using the Kubernetes API"):
# discovery, a pod created, read, patched (merge / JSON patch / strategic / apply), its status, dry runs,
# collection deletes, watches; the health endpoints as load balancers and kubelet-style probes call them;
# OpenAPI with a cached ETag; the service proxy; debug endpoints; tokens that are missing or wrong; the
# proxy's own filters (exec, foreign Host); scanner probes. Phase given as $1: docs | probes | auth | scanners.
set -uo pipefail
D=$(cd "$(dirname "$0")" && pwd)
. "$D/env.sh"
c() {  # c LABEL curl-args... : logs status, method, url
  local label=$1; shift
  local out; out=$(curl -s -o /dev/null -w '%{http_code} %{method} %{url_effective}' "$@"); echo "$label $out" >> "$STATE/calls.log"
}
J='Content-Type: application/json'

docs() {
  c docs "$BASE/api/"
  c docs "$BASE/api/v1" -H 'Accept: application/json'
  c docs "$BASE/apis/apps"
  c docs "$BASE/apis/apps/v1"
  c docs "$BASE/apis/batch/"
  c docs "$BASE/apis/platform.example.com/v1alpha1"
  c docs -H 'Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' "$BASE/api"
  c docs "$BASE/api/v1/namespaces/default/pods"
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/pods" -d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx-demo","labels":{"app":"nginx-demo","env":"docs"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27.3","ports":[{"containerPort":80}]}]}}'
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/pods" -d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx-demo"},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27.3"}]}}'   # 409
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/pods" -d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"broken pod"},"spec":{"containers":[]}}'   # 422
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/pods" -d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"half'   # 400
  sleep 2
  c docs "$BASE/api/v1/namespaces/default/pods/nginx-demo"
  c docs "$BASE/api/v1/namespaces/default/pods/nginx-demo/status"
  c docs -X PATCH -H 'Content-Type: application/merge-patch+json' "$BASE/api/v1/namespaces/default/pods/nginx-demo" -d '{"metadata":{"labels":{"tier":"web"}}}'
  c docs -X PATCH -H 'Content-Type: application/json-patch+json' "$BASE/api/v1/namespaces/default/pods/nginx-demo" -d '[{"op":"add","path":"/metadata/annotations","value":{"docs.example.com/step":"3"}}]'
  c docs -X PATCH -H 'Content-Type: application/strategic-merge-patch+json' "$BASE/api/v1/namespaces/default/pods/nginx-demo" -d '{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27.4"}]}}'
  c docs -X PATCH -H 'Content-Type: application/apply-patch+yaml' "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings?fieldManager=curl-docs" --data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs-demo.settings\ndata:\n  greeting: hello\n'
  c docs -X PATCH -H 'Content-Type: application/apply-patch+yaml' "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings" --data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs-demo.settings\n'   # 400: fieldManager required
  c docs -X PATCH -H 'Content-Type: text/plain' "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings" -d 'greeting=hi'   # 415
  c docs "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings"
  c docs -X PUT -H "$J" "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings" -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"docs-demo.settings"},"data":{"greeting":"bonjour"}}'
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/configmaps?dryRun=All&fieldValidation=Strict" -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry-run-check"},"data":{"a":"1"},"bogus":true}'   # 400
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/configmaps?dryRun=All" -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry-run-check"},"data":{"a":"1"}}'
  c docs "$BASE/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx-demo&watch=1&timeoutSeconds=2"
  c docs "$BASE/api/v1/watch/namespaces/default/pods/nginx-demo?timeoutSeconds=2"
  c docs "$BASE/api/v1/namespaces/default/pods/nginx-demo/log?tailLines=5"
  c docs "$BASE/api/v1/namespaces/team-a/services/web-frontend:80/proxy/healthz"
  c docs "$BASE/api/v1/namespaces/team-a/services/https:checkout-api:/proxy/"
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/pods/nginx-demo/eviction" -d '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"nginx-demo","namespace":"default"}}'
  c docs -X DELETE -H "$J" "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings" -d '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}'
  c docs -X DELETE "$BASE/api/v1/namespaces/default/configmaps/docs-demo.settings"   # 404
  c docs -X DELETE "$BASE/api/v1/namespaces/default/pods?labelSelector=env%3Ddocs"
  c docs -X POST -H "$J" "$BASE/api/v1/namespaces/default/secrets" -d '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"docs-api-key.v1"},"stringData":{"token":"example-token-123"}}'
  c docs "$BASE/api/v1/namespaces/default/secrets/docs-api-key.v1"
  c docs -X DELETE "$BASE/api/v1/namespaces/default/secrets/docs-api-key.v1"
  c docs "$BASE/apis/apps/v1/namespaces/team-a/deployments?fieldSelector=metadata.name%3Dweb-frontend"
  c docs "$BASE/apis/apps/v1/namespaces/team-a/deployments/web-frontend/status"
  c docs "$BASE/apis/apps/v1/namespaces/team-a/replicasets?labelSelector=app%3Dweb-frontend&limit=2"
  c docs "$BASE/apis/batch/v1/namespaces/team-a/cronjobs/nightly-backup"
  c docs "$BASE/apis/batch/v1/namespaces/team-a/cronjobs/nightly-backup/status"
  c docs "$BASE/apis/rbac.authorization.k8s.io/v1/clusterroles/view"
  c docs "$BASE/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings"
  c docs "$BASE/apis/storage.k8s.io/v1/storageclasses"
  c docs "$BASE/apis/scheduling.k8s.io/v1/priorityclasses/system-cluster-critical"
  c docs "$BASE/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas?limit=3"
  c docs "$BASE/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"
  c docs "$BASE/api/v1/componentstatuses"
  c docs "$BASE/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication"
  c docs "$BASE/api/v1/namespaces/kube-public/configmaps"
  c docs "$BASE/api/v1/namespaces/default/services/kubernetes"
  c docs "$BASE/api/v1/namespaces/default/endpoints/kubernetes"
  c docs "$BASE/.well-known/openid-configuration"
  c docs "$BASE/openid/v1/jwks"
  c docs "$BASE/openapi/v3"
  c docs -H "If-None-Match: $(cat "$STATE/openapi-v3-coordination.etag" 2>/dev/null)" "$BASE/openapi/v3/apis/coordination.k8s.io/v1"   # 304: cached
  c docs -H "If-None-Match: $(cat "$STATE/openapi-v2.etag" 2>/dev/null)" -H 'Accept: application/json' "$BASE/openapi/v2"   # 304: cached
  c docs "$BASE/"
}

probes() {  # $2 = rounds
  local n=${2:-3} i
  for i in $(seq 1 "$n"); do
    c lb -A 'ELB-HealthChecker/2.0' "$ANON/readyz"
    c lb -A 'ELB-HealthChecker/2.0' "$ANON/livez"
    c kubelet -A 'kube-probe/1.37' "$ANON/healthz"
    c monitor "$ANON/version"
    sleep 1
  done
}

probes_detail() {
  c ops "$BASE/readyz?verbose"
  c ops "$BASE/livez?verbose&exclude=etcd"
  c ops "$BASE/readyz/etcd"
  c ops "$BASE/readyz/informer-sync"
  c ops "$BASE/livez/ping"
  c ops "$BASE/healthz/etcd"
  c ops "$BASE/healthz/poststarthook/rbac/bootstrap-roles"
  c ops "$BASE/readyz/no-such-check"     # 404
  c ops "$BASE/readyz/shutdown"
  c ops "$BASE/healthz/log"
  c ops "$BASE/version"
  c ops "$BASE/metrics/slis"
  c ops "$BASE/debug/pprof/"
  c ops "$BASE/debug/pprof/cmdline"
  c ops -X PUT -d 2 "$BASE/debug/flags/v"
  c ops -X PUT -d 1 "$BASE/debug/flags/v"
  c ops "$BASE/logs/"                           # documented in swagger.json, no longer served: 404
  c ops "$BASE/flagz"
  c ops "$BASE/statusz"
  c ops "$BASE/api/v1/nodes/worker-1/proxy/healthz"
  c ops "$BASE/api/v1/nodes/worker-1/proxy/containerLogs/team-a/no-such-pod/nginx"
}

auth() {
  c anon "$ANON/api/v1/namespaces/team-a/pods"                   # 403 anonymous
  c anon "$ANON/apis"                                              # 403
  c anon "$ANON/openapi/v2"                                        # 403
  c anon "$ANON/.well-known/openid-configuration"                  # 403
  c anon -X POST -H "$J" "$ANON/api/v1/namespaces/default/configmaps" -d '{"metadata":{"name":"x"}}'   # 403
  c badtoken -H "Authorization: Bearer $BAD_TOKEN" "$ANON/api/v1/namespaces"      # 401
  c badtoken -H "Authorization: Bearer $BAD_TOKEN" "$ANON/apis/apps/v1/namespaces/payments-eu/deployments"   # 401
  c badtoken -H 'Authorization: Basic YWRtaW46YWRtaW4=' "$ANON/api/v1/namespaces/kube-system/secrets"   # 401
  c ci -H "Authorization: Bearer $CI_TOKEN" "$ANON/apis/apps/v1/namespaces/team-a/deployments/checkout-api"
  c ci -H "Authorization: Bearer $CI_TOKEN" -X DELETE "$ANON/api/v1/namespaces/kube-system/configmaps/coredns"   # 403
  c ci -H "Authorization: Bearer $CI_TOKEN" "$ANON/api/v1/namespaces/kube-system/secrets"     # 403
  c dev -H "Authorization: Bearer $DEV_TOKEN" "$ANON/api/v1/namespaces/ml-research/pods?limit=10"
  c dev -H "Authorization: Bearer $DEV_TOKEN" "$ANON/metrics"                                   # 403
  c admin-token -H "Authorization: Bearer $ADMIN_TOKEN" "$ANON/api/v1/namespaces/kube-system/serviceaccounts"
  c impersonate -H "Impersonate-User: ci-bot" "$BASE/api/v1/namespaces/ml-research/configmaps"   # 403 as ci-bot
  c impersonate -H "Impersonate-User: chidi.okafor" -H 'Impersonate-Group: ml-team' "$BASE/api/v1/namespaces/ml-research/configmaps"
  c proxyfilter -X POST "$BASE/api/v1/namespaces/team-a/pods/nginx-demo/exec?command=sh&stdin=true"   # the proxy's 403
  c proxyfilter -H 'Host: k8s.corp.example.com' "$BASE/api/v1/namespaces"                            # the proxy's 403 (host)
}

scanners() {
  local ua='Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'
  for p in /.env /wp-login.php /.git/config /actuator/health /server-status /phpmyadmin/index.php /cgi-bin/luci \
           /owa/auth/logon.aspx /console/ /solr/admin/info/system /v2/_catalog \
           /druid/index.html /.aws/credentials; do
    c scanner -A "$ua" "$ANON$p"
  done
  for p in /.env /swagger-ui.html /kubernetes/api /ui/; do
    c scanner -A 'python-requests/2.31.0' "$BASE$p"
  done
  c scanner --path-as-is -A "$ua" "$ANON/api/v1/../../../../etc/passwd"      # the proxy's ServeMux answers 301
  c scanner --path-as-is -A "$ua" "$BASE/apis/../admin.php"
  c scanner -X POST -A "$ua" "$ANON/boaform/admin/formLogin" -d 'username=admin&psd=Feefifofum'
}

"${1:?phase}" "$@"
