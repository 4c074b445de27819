# Shared settings of the kube-apiserver lab app (sourced by setup.sh, routes.sh, record.sh and the drive scripts).
HERE_DRIVE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export APP_DIR=$(cd "$HERE_DRIVE/.." && pwd)
export L=/tmp/shadowtap-lab/kube-apiserver
export K8S_V=v1.37.2 STAGING_V=v0.37.2 ETCDSRV_V=v3.7.3
export RUN=${RUN:-$L/run} STATE=${STATE:-$L/state}; export PKI=${PKI:-$RUN/pki}   # routes.sh sets its own
export ETCDSRV_PORT=18679 ETCDSRV_PEER=18680 APISERVER_PORT=18643
# the recorded ports, each a `kubectl proxy`: the platform admin's, one without credentials (clients send their own
# Authorization header or none), the CI bot's and a developer's (kubectl sends no token over plain HTTP, so each
# user runs a proxy with their own kubeconfig, as people do on their laptops)
export PORT=18661 ANON_PORT=18662 CI_PORT=18663 DEV_PORT=18664
export BASE=http://127.0.0.1:$PORT ANON=http://127.0.0.1:$ANON_PORT CIURL=http://127.0.0.1:$CI_PORT DEVURL=http://127.0.0.1:$DEV_PORT
export PATH=$L/bin:$PATH
export GOFLAGS="${GOFLAGS:--p=1}"
# static tokens (--token-auth-file): test data of this lab
export ADMIN_TOKEN=lab-admin-7f3c9e21b4d84a6f9c0e ADMIN_USER=jane.admin
export CI_TOKEN=ci-bot-2b9d4e7a1c6f48e0b3a5 CI_USER=ci-bot
export DASH_TOKEN=dash-ro-5e8a1f3c7b2d49c6a0f4 DASH_USER=grafana-dashboard
export DEV_TOKEN=dev-okafor-8c1e4b7d2a9f43 DEV_USER=chidi.okafor
export BAD_TOKEN=expired-token-0000deadbeef
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
