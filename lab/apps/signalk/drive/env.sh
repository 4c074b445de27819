# Shared settings of the Signal K lab scripts (sourced).
L=/tmp/shadowtap-lab/signalk          # work files
A=$L/global                           # npm install -g --prefix $A signalk-server (the layout the Signal K docs use)
SK=$A/lib/node_modules/signalk-server
RUN=${RUN:-$L/run}                    # one recording: config dir, logs, capture
PORT=13000
BASE=http://127.0.0.1:$PORT
