// Preloaded into NocoDB (node --require) by routes.sh. drive/server.cjs mounts NocoDB (NestJS on Express 4) on an
// Express app after it listens; this hooks http.Server.prototype.listen to get that app (the server's request
// listener), waits until NocoDB has registered everything (DUMP_AFTER_MS; routes.sh checks the mount was logged
// first) and walks the router stack of every Express app created in the process (express.application.init is
// hooked) recursively: every route layer with its methods and path, every Router layer with its mount regexp, every
// plain middleware with its regexp and function name. Express 4 keeps no raw mount path, only layer.regexp (written out as a string). Writes the list to $DUMP_ROUTES.
const http = require('http');
const fs = require('fs');
const out = process.env.DUMP_ROUTES;
const path = require('path');
const M = process.env.NOCODB_MODULES || '/tmp/shadowtap-lab/nocodb/node_modules';
// every Express app created in the process (NocoDB's NestJS app is a second Express instance, from
// @nestjs/platform-express's own express 4 copy, mounted into the outer app as a sub-app, whose wrapper hides it)
const apps = [];
for (const e of [path.join(M, 'express'), path.join(M, '@nestjs/platform-express/node_modules/express')]) {
  try {
    const proto = require(e).application;
    const init = proto.init;
    proto.init = function (...a) { apps.push({ from: e, app: this }); return init.apply(this, a); };
  } catch (err) { console.error('[dump-routes] no', e); }
}
const listen = http.Server.prototype.listen;
let done = false;
http.Server.prototype.listen = function (...args) {
  const app = this.listeners('request')[0];
  if (!done && app && typeof app.use === 'function') {
    done = true;
    setTimeout(() => {
      const rows = [];
            const walk = (stack, prefix) => {
        for (const layer of stack) {
          const re = layer.regexp ? String(layer.regexp) : null;
          if (layer.route) {
            const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
            rows.push({ kind: 'route', prefix, path: layer.route.path, methods });
          } else if (layer.handle && Array.isArray(layer.handle.stack)) {
            rows.push({ kind: 'router', prefix, re, name: layer.name });
            walk(layer.handle.stack, [...prefix, re]);
          } else {
            rows.push({ kind: 'mw', prefix, re, name: layer.name, src: String(layer.handle).slice(0, 200) });
          }
        }
      };
      apps.forEach((a, n) => { if (a.app._router) { rows.push({ kind: 'express-app', n, from: a.from, outer: a.app === app }); walk(a.app._router.stack, ['app' + n]); } });
      fs.writeFileSync(out, JSON.stringify(rows, null, 1));
      console.error('[dump-routes] wrote', rows.length, 'layers to', out);
    }, Number(process.env.DUMP_AFTER_MS || 20000));
  }
  return listen.apply(this, args);
};
