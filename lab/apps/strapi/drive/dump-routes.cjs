// Boots the lab's Strapi project programmatically (createStrapi().load(): the same register/bootstrap as
// `strapi start`, same config and env, no listening socket) and mounts its routers the way listen() does
// (strapi.server.mount(): the content API (/api) and admin API (/admin) routers into the root @koa/router), then
// walks strapi.server.router.stack: every layer with its methods, its full path (prefixes applied by @koa/router
// when a sub-router is mounted) and whether it is a route (methods) or router-level middleware (no methods).
// Writes the raw layer list (JSON) to argv[2]. Run by routes.sh with cwd = the Strapi project.
const fs = require('fs');
const path = require('path');
const { createStrapi } = require(path.join(process.cwd(), 'node_modules', '@strapi', 'strapi'));
(async () => {
  const app = createStrapi({ appDir: process.cwd(), distDir: process.cwd() });
  await app.load();
  app.server.mount();
  const out = app.server.router.stack.map((l) => ({
    methods: l.methods, path: l.path, name: l.name || null, end: l.opts ? l.opts.end : null,
    regexp: l.regexp ? l.regexp.toString() : '', handlers: (l.stack || []).map((h) => h.name || 'anonymous'),
  }));
  fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
  await app.destroy();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
