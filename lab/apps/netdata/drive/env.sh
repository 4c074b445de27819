# Shared settings of the Netdata lab scripts (sourced).
L=${L:-/tmp/shadowtap-lab/netdata}
RUN=${RUN:-$L/run}
PARENT_PORT=${PARENT_PORT:-19999}                      # the parent agent's web/API port: the only recorded port
PARENT_HOST=${PARENT_HOST:-observability-hub}          # the parent's hostname
# children: hostname:web port (not recorded); they stream to the parent's port
CHILDREN="${CHILDREN:-web-frontend-01:19101 db-postgres-02:19102 cache-redis-03:19103}"
STREAM_KEY=${STREAM_KEY:-3f6c2a9e-8b41-4d07-a5e2-91c7d0b4e6f3}   # the parent's stream.conf API key
BASE=${BASE:-http://127.0.0.1:$PARENT_PORT}
export L RUN PARENT_PORT PARENT_HOST CHILDREN STREAM_KEY BASE
export DO_NOT_TRACK=1                  # no anonymous statistics (also the opt-out file in each config dir)
