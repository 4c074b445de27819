// Run-time route dump of the Backstage backend (used by index.cjs --dump-routes FILE, from routes.sh).
// backend-defaults' root HTTP router service hands its Express 4 app to http.createServer; this wraps
// http.createServer to keep that app, waits until the server listens and every plugin has started, then walks
// app._router.stack recursively: every Router (layer.handle.stack) with its mount regexp, every route layer with its
// methods and path, every other middleware by name. Writes the raw dump (JSON) and exits.
const fs = require('node:fs');
const http = require('node:http');
const created = [];
let subApps = [];
exports.install = (express, file) => {
  const apps = [];
  // every Express application (express() copies express.application's methods when it creates one)
  const init = express.application.init;
  express.application.init = function (...a) { created.push(this); return init.apply(this, a); };
  const orig = http.createServer;
  http.createServer = function (...args) {
    const listener = args.find((a) => typeof a === 'function');
    if (listener) apps.push(listener);
    const server = orig.apply(this, args);
    server.on('listening', () => setTimeout(() => dump(apps, file), 15000));
    return server;
  };
};
function dump(apps, file) {
  subApps = created.filter((a) => !apps.includes(a));
  const out = [];
  // a router mounted in two places is walked at each (the app backend's router is at /api/app and at /); `seen`
  // holds only the routers above the current one, against cycles
  const seen = new Set();
  const walk = (stack, prefix) => {
    for (const layer of stack) {
      const rx = layer.regexp ? layer.regexp.toString() : '';
      const keys = (layer.keys || []).map((k) => k.name);
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
        out.push({ kind: 'route', prefix, path: layer.route.path, methods, rx });
      } else if (layer.handle && Array.isArray(layer.handle.stack) && !seen.has(layer.handle)) {
        seen.add(layer.handle);
        out.push({ kind: 'router', prefix, rx, keys, name: layer.name });
        walk(layer.handle.stack, [...prefix, { rx, keys }]);
        seen.delete(layer.handle);
      } else if (layer.handle && layer.handle._router && !seen.has(layer.handle)) {
        // an Express sub-application mounted with router.use(app) (the scaffolder's router is one)
        seen.add(layer.handle);
        out.push({ kind: 'router', prefix, rx, keys, name: layer.name });
        walk(layer.handle._router.stack, [...prefix, { rx, keys }]);
        seen.delete(layer.handle);
      } else {
        if (layer.name === 'app') {
          // express-promise-router (Backstage's plugin routers) wraps a mounted Express sub-application in a function
          // that keeps only its name, so the sub-app is taken from the apps Express created (in creation order)
          const sub = subApps.shift();
          if (!sub || !sub._router) throw new Error('mounted app without a recorded Express application');
          out.push({ kind: 'router', prefix, rx, keys, name: 'app' });
          walk(sub._router.stack, [...prefix, { rx, keys }]);
          continue;
        }
        out.push({ kind: 'mw', prefix, name: layer.name, rx, keys });
      }
    }
  };
  for (const app of apps) if (app._router) walk(app._router.stack, []);
  if (subApps.length) console.log('note: Express apps not mounted anywhere:', subApps.length);
  fs.writeFileSync(file, JSON.stringify(out, null, 1));
  console.log('route dump written:', file, out.length, 'layers');
  process.exit(0);
}
