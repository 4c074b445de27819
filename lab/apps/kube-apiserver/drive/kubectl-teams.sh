#!/usr/bin/env bash
# Other users with kubectl, each through their own kubectl proxy (drive/kc.sh):
# the CI bot (edit in team-a and payments-eu) deploying releases, a developer (admin of ml-research) running
# training jobs and notebooks, and kubectl without credentials (403; calls with bad tokens are curl's and python's).
set -uo pipefail
D=$(cd "$(dirname "$0")" && pwd)
. "$D/kc.sh"
M=$D/manifests
W=$STATE/work; mkdir -p "$W"

ci() {
  kci auth whoami
  kci get deployments -n team-a
  kci set image deployment/web-frontend -n team-a nginx=nginx:1.27.4
  kci rollout status deployment/web-frontend -n team-a --timeout=20s
  kci apply -f "$M/checkout-api.yaml"
  kci create configmap release-notes-v3.15.0 -n team-a --from-literal=notes="checkout: faster 3DS flow"
  kci create configmap release-notes-v3.15.0 -n team-a --from-literal=notes=dup                                  # 409
  kci label configmap release-notes-v3.15.0 -n team-a app.kubernetes.io/version=v3.15.0
  kci get secret regcred -n team-a -o name
  kci create secret generic payments-api-key -n payments-eu --from-literal=key=pk_test_51Hx9
  kci set image deployment/payments-gateway -n payments-eu gateway=registry.example.com/payments/gateway:2026.12.1
  kci rollout status deployment/payments-gateway -n payments-eu --timeout=20s
  kci rollout history deployment/payments-gateway -n payments-eu
  kci get pods -n payments-eu -l app=payments-gateway -o name
  kci scale deployment ledger-worker -n payments-eu --replicas=2
  kci get deploy -n kube-system                                                   # 403
  kci create namespace ci-preview-4821                                            # 403
  kci delete deployment jupyter-hub -n ml-research                                # 403
  kci get nodes                                                                   # 403
  kci auth can-i create deployments -n payments-eu
  kci auth can-i create deployments -n ml-research
  kci delete configmap release-notes-v3.15.0 -n team-a
}

dev() {
  kdev auth whoami
  kdev get all -n ml-research
  kdev create configmap hyperparams.v3 -n ml-research --from-literal=lr=0.0003 --from-literal=batch_size=256 --from-literal=epochs=90
  kdev create job train-resnet50-2026-12-07 -n ml-research --image=registry.example.com/ml/trainer:cuda12.4-py3.11 -- python train.py --config /etc/hp/hyperparams.v3
  kdev create job eval-resnet50-2026-12-07 -n ml-research --image=registry.example.com/ml/trainer:cuda12.4-py3.11 -- python eval.py
  kdev get jobs -n ml-research -w --request-timeout=4s
  kdev scale deployment jupyter-hub -n ml-research --replicas=2
  kdev patch deployment jupyter-hub -n ml-research -p '{"spec":{"template":{"spec":{"nodeSelector":{"accelerator":"nvidia-a100"},"tolerations":[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}]}}}}'
  kdev get pods -n ml-research -o wide
  kdev logs -n ml-research job/train-resnet50-2026-12-07 --tail=3
  kdev get pods -n team-a -l app=checkout-api
  kdev logs -n team-a deploy/checkout-api --tail=10
  kdev delete pod -n team-a -l app=checkout-api                                    # 403: pod-reader only
  kdev get secrets -n payments-eu                                                  # 403
  kdev describe resourcequota gpu-quota -n ml-research
  kdev delete job eval-resnet50-2026-12-07 -n ml-research
  kdev get job train-resnet50-2026-12-07 -n ml-research -o jsonpath='{.status.succeeded}'
  kdev get jobs -n ml-research/train-resnet50                                         # wrong syntax: 404
}

anon() {
  kanon get pods -n team-a                                                         # 403 system:anonymous
  kanon get namespaces                                                             # 403
  kanon version
}

"${1:?phase}"
