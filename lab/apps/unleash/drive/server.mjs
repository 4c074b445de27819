// Starts Unleash (unleash-server from npm) the way its docs show: require('unleash-server').start({...}).
// Bound to 127.0.0.1:19242, database = the private PostgreSQL cluster on 127.0.0.1:19543 (drive/pg.sh).
// With --dump-routes FILE it starts the same app, walks the Express router and writes the raw layer list, then exits.
import { createRequire } from 'node:module';
import fs from 'node:fs';
const require = createRequire('/tmp/shadowtap-lab/unleash/app/package.json');
const unleash = await import(require.resolve('unleash-server'));

process.env.CHECK_VERSION = 'false';      // no call to version.unleash.run
process.env.SEND_TELEMETRY = 'false';
process.env.UNLEASH_DEFAULT_ADMIN_USERNAME = 'admin';
process.env.UNLEASH_DEFAULT_ADMIN_PASSWORD = 'unleash4all';
process.env.INIT_ADMIN_API_TOKENS = '*:*.lab-admin-5f3c1e2a9b7d4c8e';
process.env.INIT_BACKEND_API_TOKENS = '*:development.lab-backend-dev-7a1b2c3d4e5f,*:production.lab-backend-prod-9e8d7c6b5a4f';
process.env.INIT_FRONTEND_API_TOKENS = '*:development.lab-frontend-dev-3c4d5e6f7a8b,*:production.lab-frontend-prod-1f2e3d4c5b6a';

const dumpIdx = process.argv.indexOf('--dump-routes');
const inst = await unleash.start({
  db: { host: '127.0.0.1', port: 19543, user: 'unleash', password: 'unleash', database: 'unleash', ssl: false },
  server: { port: 19242, host: '127.0.0.1', enableRequestLogger: false },
  authentication: { type: 'open-source', createAdminUser: true },
  logLevel: process.env.UNLEASH_LOG_LEVEL || 'warn',
});
console.log('unleash listening on 127.0.0.1:19242');

if (dumpIdx > 0) {
  const out = [];
  const walk = (stack, prefix) => {
    for (const layer of stack) {
      const rx = layer.regexp ? layer.regexp.toString() : '';
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
        out.push({ kind: 'route', prefix, path: layer.route.path, methods, rx,
                   handlers: layer.route.stack.map((s) => s.name) });
      } else if (layer.handle && layer.handle.stack) {
        out.push({ kind: 'router', prefix, rx, keys: (layer.keys || []).map((k) => k.name) });
        walk(layer.handle.stack, [...prefix, { rx, keys: (layer.keys || []).map((k) => k.name) }]);
      } else {
        out.push({ kind: 'mw', prefix, name: layer.name, rx });
      }
    }
  };
  walk(inst.app._router.stack, []);
  fs.writeFileSync(process.argv[dumpIdx + 1], JSON.stringify(out, null, 1));
  await inst.stop();
  process.exit(0);
}
