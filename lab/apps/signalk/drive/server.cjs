// Starts Signal K server 2.23.0 the way bin/signalk-server does (new Server(); server.start()), with the config dir
// given by SIGNALK_NODE_CONFIG_DIR and the demo data options on the command line (--sample-nmea0183-data
// --sample-n2k-data --override-timestamps). With --dump-routes FILE it waits until the plugins have started, walks
// app._router.stack of the Express 4 app (every Router and route layer with its methods and mount regexps, and the
// middleware layers by name and mount path), writes the raw dump and exits.
const fs = require('node:fs');
const SK = '/tmp/shadowtap-lab/signalk/global/lib/node_modules/signalk-server';
const Server = require(SK + '/dist');
const server = new Server();
process.on('uncaughtException', (err) => console.error(err));
const dumpIdx = process.argv.indexOf('--dump-routes');
server.start().then(async () => {
  if (dumpIdx < 0) return;
  await new Promise((r) => setTimeout(r, 8000));   // plugins register their routes after start
  const out = [];
  const walk = (stack, prefix) => {
    for (const layer of stack) {
      const rx = layer.regexp ? layer.regexp.toString() : '';
      const keys = (layer.keys || []).map((k) => k.name);
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
        out.push({ kind: 'route', prefix, path: layer.route.path, methods, rx });
      } else if (layer.handle && layer.handle.stack) {
        out.push({ kind: 'router', prefix, rx, keys });
        walk(layer.handle.stack, [...prefix, { rx, keys }]);
      } else {
        out.push({ kind: 'mw', prefix, name: layer.name, rx, keys });
      }
    }
  };
  walk(server.app._router.stack, []);
  fs.writeFileSync(process.argv[dumpIdx + 1], JSON.stringify(out, null, 1));
  process.exit(0);
}).catch((err) => { console.log(err); process.exit(1); });
