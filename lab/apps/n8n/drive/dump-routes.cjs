// Preloaded into n8n (node --require) by routes.sh. n8n builds its Express 5 app inside `n8n start`; this hooks
// http.Server.prototype.listen to get the app (the server's request listener), waits until n8n has finished
// registering its routes (DUMP_AFTER_MS), then walks app.router.stack recursively (router 2.x keeps each layer's
// raw path in layer.rawPath): every Router layer with its mount path, every route layer with its methods and path,
// every plain middleware with its mount path and function name. Writes the raw layer list to $DUMP_ROUTES.
const http = require('http');
const fs = require('fs');
const out = process.env.DUMP_ROUTES;
const listen = http.Server.prototype.listen;
let done = false;
http.Server.prototype.listen = function (...args) {
  const app = this.listeners('request')[0];
  if (!done && app && app.router) {
    done = true;
    setTimeout(() => {
      const rows = [];
      const walk = (stack, prefix) => {
        for (const layer of stack) {
          const p = layer.rawPath === undefined ? null : (layer.rawPath instanceof RegExp ? String(layer.rawPath) : layer.rawPath);
          if (layer.route) {
            const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
            rows.push({ kind: 'route', prefix, path: layer.route.path, methods, handlers: layer.route.stack.map((s) => s.name) });
          } else if (layer.handle && Array.isArray(layer.handle.stack)) {
            rows.push({ kind: 'router', prefix, path: p, name: layer.name });
            walk(layer.handle.stack, [...prefix, p]);
          } else {
            rows.push({ kind: 'mw', prefix, path: p, name: layer.name, src: String(layer.handle).slice(0, 300) });
          }
        }
      };
      walk(app.router.stack, []);
      fs.writeFileSync(out, JSON.stringify(rows, null, 1));
      console.error('[dump-routes] wrote', rows.length, 'layers to', out);
    }, Number(process.env.DUMP_AFTER_MS || 20000));
  }
  return listen.apply(this, args);
};
