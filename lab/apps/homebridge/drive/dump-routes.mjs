// Starts the UI's own server (dist/main.js, the module `hb-service run` and the standalone binary import) with the
// lab's storage path and env, and records fastify's route table at run time: an onRoute hook is added to the fastify
// instance that Nest's FastifyAdapter creates inside main.js (the fastify factory is wrapped in the require cache
// before main.js loads it), so every route Nest, the static plugin, the CORS plugin and the Swagger module register is
// seen with its methods. Writes {routes: [{method, url}], tree: fastify.printRoutes()} as JSON.
// Usage: node dump-routes.mjs OUT.json  (env: UIX_STORAGE_PATH etc. and HB_APP_DIR, set by routes.sh)
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import process from 'node:process';
const out = process.argv[2];
const A = process.env.HB_APP_DIR;
const require = createRequire(A + '/node_modules/homebridge-config-ui-x/package.json');
const routes = [];
// fastify is CommonJS: patch the factory the Nest adapter calls (module.exports of fastify) before main.js loads it
const fastifyPath = require.resolve('fastify', { paths: [require.resolve('@nestjs/platform-fastify')] });
const fastifyMod = require(fastifyPath);
const orig = fastifyMod.fastify || fastifyMod;
function wrapped(...args) {
  const inst = orig(...args);
  inst.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) routes.push({ method: m, url: r.url, prefix: r.prefix || '' });
  });
  return inst;
}
Object.assign(wrapped, orig);
wrapped.fastify = wrapped; wrapped.default = wrapped;
require.cache[fastifyPath].exports = wrapped;
const main = await import(A + '/node_modules/homebridge-config-ui-x/dist/main.js');
const app = await main.app;
const f = app.getHttpAdapter().getInstance();
writeFileSync(out, JSON.stringify({ routes, tree: f.printRoutes({ commonPrefix: false }) }, null, 1));
console.log('routes', routes.length);
await app.close();
process.exit(0);
