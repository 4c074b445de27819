// Starts NocoDB the way its Docker image does (packages/nocodb/docker/main.js): an Express app, listening first, then
// `Noco.init({}, httpServer, server)` mounted on it. Port and state directory come from drive/server-env.sh.
const path = require('path');
const M = process.env.NOCODB_MODULES || '/tmp/shadowtap-lab/nocodb/node_modules';
const express = require(path.join(M, 'express'));
const cors = require(path.join(M, 'cors'));
const { Noco } = require(path.join(M, 'nocodb'));
const server = express();
server.enable('trust proxy');
server.disable('etag');
server.disable('x-powered-by');
server.use(cors({ exposedHeaders: 'xc-db-response' }));
server.set('view engine', 'ejs');
const httpServer = server.listen(Number(process.env.PORT), '127.0.0.1', async () => {
  server.use(await Noco.init({}, httpServer, server));
  console.log('[lab] NocoDB mounted on 127.0.0.1:' + process.env.PORT);
});
