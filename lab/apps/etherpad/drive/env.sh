# shared settings of setup.sh / routes.sh / record.sh / the clients
L=/tmp/shadowtap-lab/etherpad
A=$L/app          # the npm install; A/src is ep_etherpad-lite (the Etherpad root is A, as in a git checkout)
RUN=${EP_RUN:-$L/run}   # routes.sh runs its own server in its own folder
PORT=19001
export EP_URL=http://127.0.0.1:$PORT
export EP_ADMIN_USER=admin EP_ADMIN_PASSWORD='Quill-Harbor-73'
export EP_APIKEY=8f3c1e9a7b2d4f60a5e1c7d9b3f8a2e4c6d0b1a9f7e5c3d2b8a6e4f1c0d9b7a5
