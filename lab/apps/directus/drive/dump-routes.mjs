// Builds Directus' Express app with @directus/api's own createApp() (the app `directus start` serves, same env) and
// walks app._router.stack recursively: every Router layer with its mount regexp and keys, every route layer with its
// methods, every plain middleware with its mount regexp. Writes the raw layer list to argv[2].
// Run from drive/dump-routes.sh (env.sh sourced, cwd = the install dir, database bootstrapped).
import fs from 'node:fs';
const api = '/tmp/shadowtap-lab/directus/app/node_modules/@directus/api/dist';
const { default: createApp } = await import(api + '/app.js');
const app = await createApp();
const out = [];
const walk = (stack, prefix) => {
  for (const layer of stack) {
    const rx = layer.regexp ? layer.regexp.toString() : '';
    const keys = (layer.keys || []).map((k) => k.name);
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
      out.push({ kind: 'route', prefix, path: layer.route.path, methods, rx, handlers: layer.route.stack.map((s) => s.name) });
    } else if (layer.handle && layer.handle.stack) {
      out.push({ kind: 'router', prefix, rx, keys });
      walk(layer.handle.stack, [...prefix, { rx, keys }]);
    } else {
      out.push({ kind: 'mw', prefix, name: layer.name, rx, keys });
    }
  }
};
walk(app._router.stack, []);
fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
process.exit(0);
