# Shared settings of haproxy-dpapi's scripts (sourced).
export L=/tmp/shadowtap-lab/haproxy-dpapi          # work files
export V=v1.2.5                                    # github.com/haproxytech/dataplaneapi
export PORT=18555                                  # the Data Plane API (the only recorded port)
export HOST=127.0.0.1
export BASE=http://$HOST:$PORT
export RUN=$L/run                                  # haproxy.cfg, sockets, transactions of one run
export STATE=$L/state                              # calls.log of one run
# Users of the `controller` userlist in haproxy.cfg (Basic auth of the API).
export ADMIN_USER=admin        ADMIN_PASS='Hx-adm1n-2024'
export DEPLOY_USER=deploy_bot  DEPLOY_PASS='d3ploy.Pipeline!'
export DASH_USER=grafana       DASH_PASS='gr4fana-ro'
export PYTHONDONTWRITEBYTECODE=1                 # no __pycache__ in drive/
