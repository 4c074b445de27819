# Environment of the lab's Strapi (sourced by setup.sh, routes.sh, record.sh and drive/server.sh).
# SQLite database and uploads under /tmp/shadowtap-lab/strapi, bound to 127.0.0.1:11337, nothing outbound.
W=/tmp/shadowtap-lab/strapi
A=$W/app                                   # the Strapi project (made by setup.sh)
export HOST=127.0.0.1 PORT=11337 PUBLIC_URL=http://127.0.0.1:11337 STRAPI_URL=http://127.0.0.1:11337
export NODE_ENV=production
export DATABASE_FILENAME=$W/run/data.db
export APP_KEYS=lab-key-a1b2c3d4e5f6,lab-key-0f9e8d7c6b5a,lab-key-5a6b7c8d9e0f,lab-key-f0e9d8c7b6a5
export API_TOKEN_SALT=lab-api-token-salt-3c1e9a7f ADMIN_JWT_SECRET=lab-admin-jwt-secret-8b2d4f6a1c3e
export TRANSFER_TOKEN_SALT=lab-transfer-salt-6e4c2a0b JWT_SECRET=lab-jwt-secret-2f7a9c1e5b3d
export ENCRYPTION_KEY=lab-encryption-key-9d7b5f3a1c2e4a6b
export STRAPI_TELEMETRY_DISABLED=true STRAPI_HIDE_STARTUP_MESSAGE=true
export BROWSER=none
export ADMIN_EMAIL=editor-in-chief@harbourlight.example ADMIN_PASSWORD='Harbour-Light-2026!'
