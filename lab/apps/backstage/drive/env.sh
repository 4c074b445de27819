# Shared settings of the Backstage lab scripts (sourced).
L=/tmp/shadowtap-lab/backstage        # work files
A=$L/app                              # npm project with the backend packages (setup.sh)
RUN=${RUN:-$L/run}                    # one recording: catalog files, logs, capture
PORT=17007
UPSTREAM_PORT=17008
BASE=http://127.0.0.1:$PORT
