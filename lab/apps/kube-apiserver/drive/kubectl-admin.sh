#!/usr/bin/env bash
# The platform admin (jane.admin) with kubectl through the admin kubectl proxy: namespaces, RBAC, config, secrets,
# workloads, services, rollouts, patches of every type, server-side apply, jobs and cronjobs, nodes (cordon, taint,
# drain: evictions), CSRs, service-account tokens, custom resources, describe/get in every output, users' mistakes.
# Phase given as $1: bootstrap | apps | day2 | cleanup.
set -uo pipefail
D=$(cd "$(dirname "$0")" && pwd)
. "$D/kc.sh"
M=$D/manifests
W=$STATE/work; mkdir -p "$W"

bootstrap() {
  ka get namespaces
  for ns in team-a payments-eu ml-research web-platform observability ci-runners; do ka create namespace "$ns"; done
  ka create namespace team-a                                       # 409 AlreadyExists
  ka label namespace team-a team=storefront env=prod
  ka label namespace payments-eu team=payments env=prod region=eu-west-1 compliance=pci-dss
  ka label namespace ml-research team=ml env=research
  ka annotate namespace ml-research owner=ml-research@corp.example scheduler.alpha.kubernetes.io/node-selector=
  ka get ns -l env=prod
  ka get ns kube-system -o yaml
  ka apply -f "$M/ml-research.yaml"
  # service accounts
  ka create serviceaccount deployer -n team-a
  ka create serviceaccount ledger-operator -n payments-eu
  ka create serviceaccount prometheus-scraper -n observability
  ka create serviceaccount notebook-runner -n ml-research
  ka create serviceaccount gitlab-runner -n ci-runners
  # RBAC: the CI bot edits team-a and payments-eu, the developer administers ml-research, dashboards view
  ka create rolebinding ci-bot-edit --clusterrole=edit --user=ci-bot -n team-a
  ka create rolebinding ci-bot-edit --clusterrole=edit --user=ci-bot -n payments-eu
  ka create rolebinding ml-team-admin --clusterrole=admin --group=ml-team -n ml-research
  ka create clusterrolebinding dashboards-view --clusterrole=view --group=viewers
  ka create role pod-reader --verb=get,list,watch --resource=pods,pods/log -n team-a
  ka create rolebinding oncall-pod-reader --role=pod-reader --user=chidi.okafor -n team-a
  ka create role ledger-operator --verb=get,list,watch,create,update,patch --resource=configmaps,leases.coordination.k8s.io,events.events.k8s.io -n payments-eu
  ka create rolebinding ledger-operator --role=ledger-operator --serviceaccount=payments-eu:ledger-operator -n payments-eu
  ka create clusterrole metrics-reader --verb=get --non-resource-url=/metrics --non-resource-url=/metrics/slis
  ka create clusterrolebinding prometheus-metrics --clusterrole=metrics-reader --serviceaccount=observability:prometheus-scraper
  ka create clusterrolebinding ci-bot-edit --clusterrole=edit --user=ci-bot   # typo'd intent, deleted below
  ka delete clusterrolebinding ci-bot-edit
  ka get rolebindings -n team-a -o wide
  ka auth can-i create deployments -n team-a --as=ci-bot
  ka auth can-i delete secrets -n kube-system --as=ci-bot
  ka auth can-i list pods --all-namespaces --as=grafana-dashboard --as-group=viewers
  ka auth can-i --list -n ml-research --as=chidi.okafor --as-group=ml-team
  ka auth whoami
  # config and secrets
  ka create configmap web-frontend-config -n team-a --from-literal=API_URL=https://shop.example.com/api \
     --from-literal=FEATURE_NEW_CHECKOUT=true --from-literal=CACHE_TTL=300
  printf 'server {\n  listen 8080;\n  location / { root /usr/share/nginx/html; }\n  location /healthz { return 200; }\n}\n' > "$W/nginx.conf"
  ka create configmap nginx-conf -n team-a --from-file="$W/nginx.conf"
  ka create configmap feature-flags.v2 -n web-platform --from-literal=dark-mode=on --from-literal=beta.search=off
  ka create configmap ledger-settings -n payments-eu --from-literal=settlement.cutoff=17:30 --from-literal=currency=EUR -o yaml
  ka label configmap ledger-settings -n payments-eu app=ledger
  ka create secret generic checkout-db-credentials -n team-a --from-literal=username=checkout --from-literal=password='s3cr3t-Checkout!2026'
  ka create secret generic db-credentials.payments -n payments-eu --from-literal=username=ledger --from-literal=password=Lx9-p4ss-eu
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/tls.key" -out "$W/tls.crt" -days 30 -subj "/CN=shop.example.com" 2>/dev/null
  ka create secret tls shop-example-com-tls -n team-a --cert="$W/tls.crt" --key="$W/tls.key"
  ka create secret docker-registry regcred -n team-a --docker-server=registry.example.com --docker-username=ci-pull --docker-password=pull-2026-token
  ka create secret generic checkout-db-credentials -n team-a --from-literal=password=again   # 409
  ka get secrets -n team-a
  ka get secret checkout-db-credentials -n team-a -o jsonpath='{.data.username}'
  ka get configmap web-frontend-config -n team-a -o yaml
  ka get cm -n team-a -l app=ledger
  ka get configmap web-frontend-conifg -n team-a                     # typo: 404
}

apps() {
  ka apply -f "$M/web-frontend.yaml"
  ka apply -f "$M/checkout-api.yaml"
  ka apply -f "$M/payments.yaml"
  ka create deployment api.v2 -n web-platform --image=registry.example.com/web/api:2.0.0-rc.1 --replicas=1 --port=8080
  ka create deployment jupyter-hub -n ml-research --image=quay.io/jupyterhub/k8s-hub:4.0.0
  ka create deployment redis-cache -n team-a --image=redis:7.4-alpine
  ka expose deployment web-frontend -n team-a --port=80 --target-port=8080 --name=web-frontend
  ka expose deployment api.v2 -n web-platform --port=80 --target-port=8080 --name=api-v2
  ka create service clusterip orders-db -n team-a --tcp=5432:5432
  ka create service externalname payments-psp -n payments-eu --external-name=api.psp-provider.example
  ka create ingress storefront -n team-a --class=nginx --rule="shop.example.com/*=web-frontend:80,tls=shop-example-com-tls" \
     --rule="shop.example.com/api/*=checkout-api:80"
  ka autoscale deployment checkout-api -n team-a --min=2 --max=6 --cpu=70%
  ka create poddisruptionbudget checkout-api-pdb -n team-a --selector=app=checkout-api --min-available=1
  ka create priorityclass batch-low --value=1000 --description="ML training and batch jobs"
  ka apply -f "$M/bad-deploy.yaml"                                # 422: bad enum values
  ka create -f "$M/unknown-field.yaml"                            # 400: strict field validation
  ka create deployment web-frontend -n team-a --image=nginx:1.27.2   # 409
  sleep 4
  ka get deploy -n team-a
  ka get deployments --all-namespaces -o wide
  ka get pods -n team-a -o wide
  ka get pods -n team-a -l app=web-frontend
  ka get pods -A --field-selector=status.phase=Pending
  ka get rs -n team-a -l app=checkout-api
  ka get svc,ingress,hpa,pdb -n team-a
  ka get deploy web-frontend -n team-a -o yaml
  ka get deploy checkout-api -n team-a -o json
  ka get deploy payments-gateway -n payments-eu -o jsonpath='{.status.readyReplicas}'
  ka describe deployment checkout-api -n team-a
  ka describe namespace payments-eu
  ka get deploy web-fronted -n team-a                             # typo: 404
  ka get endpointslices -n team-a -l kubernetes.io/service-name=web-frontend
  ka get events -n team-a --sort-by=.lastTimestamp
  ka events -n payments-eu --types=Normal
}

day2() {
  # scale (the scale subresource), with and without a precondition
  ka scale deployment payments-gateway -n payments-eu --current-replicas=2 --replicas=3
  ka scale deployment ledger-worker -n payments-eu --current-replicas=5 --replicas=2   # precondition fails
  ka scale deployment/api.v2 -n web-platform --replicas=2
  ka get deployment web-frontend -n team-a -o jsonpath='{.spec.replicas}'
  # rollouts
  ka set image deployment/web-frontend -n team-a nginx=nginx:1.27.3
  ka annotate deployment/web-frontend -n team-a kubernetes.io/change-cause="bump nginx to 1.27.3 (CVE-2026-1234)" --overwrite
  ka rollout status deployment/web-frontend -n team-a --timeout=20s
  ka rollout history deployment/web-frontend -n team-a
  ka rollout history deployment/web-frontend -n team-a --revision=1
  ka rollout pause deployment/checkout-api -n team-a
  ka set image deployment/checkout-api -n team-a api=registry.example.com/storefront/checkout-api:v3.15.0
  ka set env deployment/checkout-api -n team-a LOG_LEVEL=debug OTEL_SERVICE_NAME=checkout-api
  ka set resources deployment/checkout-api -n team-a -c api --limits=cpu=500m,memory=512Mi --requests=cpu=100m,memory=128Mi
  ka rollout resume deployment/checkout-api -n team-a
  ka rollout status deployment/checkout-api -n team-a --timeout=20s
  ka rollout undo deployment/checkout-api -n team-a
  ka rollout restart deployment/payments-gateway -n payments-eu
  ka set image deployment/ledger-worker -n payments-eu worker=registry.example.com/payments/ledger-worker:1.8.1
  ka rollout status deployment/payments-gateway -n payments-eu --timeout=20s
  # labels and annotations
  ka label deployment checkout-api -n team-a release=2026-12 owner=storefront-oncall
  ka label deployment checkout-api -n team-a owner-
  ka label pods -n team-a -l app=web-frontend canary=false --overwrite
  ka annotate service web-frontend -n team-a prometheus.io/scrape=true prometheus.io/port=9113
  ka annotate configmap web-frontend-config -n team-a config.example.com/reviewed-by=jane.admin
  # patches: strategic, merge, json, and mistakes
  ka patch deployment redis-cache -n team-a -p '{"spec":{"template":{"spec":{"containers":[{"name":"redis","resources":{"limits":{"memory":"256Mi"}}}]}}}}'
  ka patch deployment web-frontend -n team-a -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},"minReadySeconds":5}}'
  ka patch deployment api.v2 -n web-platform --type=merge -p '{"metadata":{"labels":{"api-version":"v2"}},"spec":{"revisionHistoryLimit":5}}'
  ka patch service orders-db -n team-a --type=json -p '[{"op":"add","path":"/metadata/labels/tier","value":"database"},{"op":"replace","path":"/spec/ports/0/name","value":"postgres"}]'
  ka patch configmap feature-flags.v2 -n web-platform --type=merge -p '{"data":{"beta.search":"on","checkout.v3":"10%"}}'
  ka patch deployment payments-gateway -n payments-eu --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/5/image","value":"x"}]'   # 422
  ka patch deployment redis-cache -n team-a --type=merge -p '{"spec":{"replicas":"three"}}'                # 400/422
  ka patch cronjob nightly-backup -n team-a -p '{"spec":{"suspend":true}}'                                  # 404, not created yet
  ka patch node worker-1 -p '{"metadata":{"labels":{"pool":"general"}}}'
  ka patch node worker-2 --type=merge -p '{"metadata":{"labels":{"pool":"general"}}}'
  ka patch node gpu-a100-0 --type=json -p '[{"op":"add","path":"/metadata/labels/pool","value":"gpu"}]'
  ka patch deployment checkout-api -n team-a --subresource=scale --type=merge -p '{"spec":{"replicas":3}}'
  ka patch deployment web-frontend -n team-a --subresource=status --type=merge -p '{"status":{"observedGeneration":1}}'
  # server-side apply (a GitOps controller's field manager), a hand scale, the conflict it makes, forced
  ka apply --server-side --field-manager=argocd-controller -f "$M/ssa-status-page.yaml"
  ka scale deployment status-page -n web-platform --replicas=2
  ka apply --server-side --field-manager=argocd-controller -f "$M/ssa-status-page.yaml"                 # 409 conflict on replicas
  ka apply --server-side --field-manager=argocd-controller --force-conflicts -f "$M/ssa-status-page.yaml"
  ka get deployment status-page -n web-platform -o yaml --show-managed-fields
  ka diff -f "$M/web-frontend.yaml"
  ka apply --dry-run=server -f "$M/checkout-api.yaml"
  # replace and edit
  kao get configmap nginx-conf -n team-a -o yaml > "$W/nginx-conf.yaml"
  sed -i 's/listen 8080;/listen 8081;/' "$W/nginx-conf.yaml"
  ka replace -f "$W/nginx-conf.yaml"
  ka replace -f "$W/nginx-conf.yaml"                                          # stale resourceVersion: 409
  printf '#!/bin/sh\nsed -i "s/CACHE_TTL: \\"300\\"/CACHE_TTL: \\"600\\"/" "$1"\n' > "$W/editor.sh"; chmod +x "$W/editor.sh"
  KUBE_EDITOR="$W/editor.sh" ka edit configmap web-frontend-config -n team-a
  printf '#!/bin/sh\nsed -i "s/^  replicas: .*/  replicas: two/" "$1"\n' > "$W/editor-bad.sh"; chmod +x "$W/editor-bad.sh"
  KUBE_EDITOR="$W/editor-bad.sh" ka edit deployment redis-cache -n team-a                                # invalid: refused by kubectl
  kao get service checkout-api -n team-a -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); d["metadata"]["labels"]["exposed-by"]="ingress"; print(json.dumps(d))' > "$W/svc.json"
  ka replace -f "$W/svc.json"
  # jobs and cronjobs
  ka create job db-migrate-20261207 -n team-a --image=registry.example.com/storefront/migrations:v3.15.0 -- ./migrate up
  ka create cronjob nightly-backup -n team-a --image=registry.example.com/ops/pg-backup:16 --schedule="0 2 * * *" -- backup.sh orders-db
  ka create cronjob report.weekly -n payments-eu --image=registry.example.com/payments/reports:4.2 --schedule="30 6 * * 1"   # 422: dots
  ka create cronjob weekly-report -n payments-eu --image=registry.example.com/payments/reports:4.2 --schedule="30 6 * * 1"
  ka create job manual-backup-1207 -n team-a --from=cronjob/nightly-backup
  ka patch cronjob nightly-backup -n team-a -p '{"spec":{"suspend":true}}'
  ka get cronjobs -A
  ka get jobs -n team-a -o wide
  ka wait --for=condition=complete job/db-migrate-20261207 -n team-a --timeout=20s
  ka logs job/db-migrate-20261207 -n team-a
  ka logs deployment/web-frontend -n team-a --tail=20
  ka logs -n payments-eu -l app=payments-gateway --prefix --tail=5
  ka logs no-such-pod-7d9f -n team-a                                              # 404
  ka exec -n team-a deploy/redis-cache -- redis-cli ping                          # refused by the proxy's filter
  # a debug pod
  ka run netshoot-debug -n team-a --image=nicolaka/netshoot:v0.13 --restart=Never --labels=purpose=debug -- sleep 3600
  ka get pod netshoot-debug -n team-a -o wide
  ka delete pod netshoot-debug -n team-a --grace-period=0 --force
  # nodes: taint, cordon, drain (evictions respect the PDBs), uncordon
  ka get nodes -o wide
  ka get nodes -l accelerator=nvidia-a100
  ka taint nodes gpu-a100-0 nvidia.com/gpu=present:NoSchedule
  ka cordon worker-2
  ka drain worker-2 --ignore-daemonsets --delete-emptydir-data --timeout=25s
  ka get pods -A -o wide --field-selector=spec.nodeName=worker-2
  ka uncordon worker-2
  # certificates: a developer's CSR, approved
  openssl req -newkey rsa:2048 -nodes -keyout "$W/amara.key" -out "$W/amara.csr" -subj "/CN=amara.nwosu/O=ml-team" 2>/dev/null
  cat > "$W/csr.yaml" <<CSR
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: amara.nwosu-20261207
spec:
  request: $(base64 -w0 < "$W/amara.csr")
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages: [client auth]
CSR
  ka create -f "$W/csr.yaml"
  ka get csr
  ka certificate approve amara.nwosu-20261207
  ka get csr amara.nwosu-20261207 -o jsonpath='{.status.conditions[0].type}'
  ka certificate deny nobody-20261207                                              # 404
  # service-account tokens (TokenRequest)
  ka create token deployer -n team-a --duration=1h
  ka create token prometheus-scraper -n observability --audience=https://kubernetes.default.svc.cluster.local
  ka create token ghost-runner -n ci-runners                                          # 404
  # custom resources of the CRD the platform team installed
  ka get crd
  ka get backupschedules -A
  printf 'apiVersion: platform.example.com/v1alpha1\nkind: BackupSchedule\nmetadata:\n  name: orders-db-nightly\n  namespace: team-a\nspec:\n  schedule: "0 2 * * *"\n  target: orders-db\n  retentionDays: 14\n' | ka apply -f -
  printf 'apiVersion: platform.example.com/v1alpha1\nkind: BackupSchedule\nmetadata:\n  name: ledger.hourly\n  namespace: payments-eu\nspec:\n  schedule: "@hourly"\n  target: ledger-db\n  retentionDays: 90\n' | ka apply -f -
  printf 'apiVersion: platform.example.com/v1alpha1\nkind: BackupSchedule\nmetadata:\n  name: bad-retention\n  namespace: team-a\nspec:\n  schedule: "0 3 * * *"\n  retentionDays: 0\n' | ka apply -f -   # 422
  ka get bks -n team-a -o yaml
  ka patch backupschedule orders-db-nightly -n team-a --type=merge -p '{"spec":{"retentionDays":30}}'
  ka patch backupschedule orders-db-nightly -n team-a --subresource=status --type=merge -p '{"status":{"phase":"Ready","lastBackupTime":"2026-12-07T02:00:11Z"}}'
  ka delete backupschedule ledger.hourly -n payments-eu
  # misc reads
  ka get leases -n kube-node-lease
  ka get priorityclasses
  ka get clusterrole admin -o jsonpath='{.aggregationRule}'
  ka get apiservices
  ka get --raw /apis/apps/v1/namespaces/team-a/deployments/web-frontend/scale
  ka get --raw '/api/v1/namespaces/team-a/pods?labelSelector=app%3Dcheckout-api&limit=1'
  ka get --raw /version
  ka explain deployment.spec.strategy
  ka api-versions
  ka top pods -n team-a                                                          # no metrics API
  ka config view --minify
}

cleanup() {
  ka delete deployment redis-cache -n team-a
  ka delete service payments-psp -n payments-eu
  ka delete configmap -n team-a -l app=ledger
  ka delete job db-migrate-20261207 -n team-a
  ka delete pods -n payments-eu -l app=payments-gateway --field-selector=spec.nodeName=worker-1 --wait=false
  ka delete deploy search-indexer -n team-a                                       # 404: it never was created
  ka delete hpa checkout-api -n team-a
  ka delete rolebinding oncall-pod-reader -n team-a
  ka create namespace sandbox-2026
  ka create configmap scratch -n sandbox-2026 --from-literal=k=v
  ka delete namespace sandbox-2026 --wait=false
  ka get namespace sandbox-2026 -o jsonpath='{.status.phase}'
  ka delete priorityclass batch-low
  ka delete csr amara.nwosu-20261207
  ka get ns
}

"${1:?phase}"
