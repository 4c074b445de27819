# shared settings of routes.sh / record.sh / the clients
L=/tmp/shadowtap-lab/homebridge
A=$L/app
RUN=$L/run
PORT=18581
export HB_URL=http://127.0.0.1:$PORT
export HB_ADMIN_USER=admin HB_ADMIN_PASSWORD='Lantern-Otter-58'
