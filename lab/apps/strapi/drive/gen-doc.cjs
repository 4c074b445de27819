// Generates the project's OpenAPI document with @strapi/plugin-documentation, the way the plugin does it: its
// bootstrap calls the documentation service's generateFullDoc() when NODE_ENV is not "production" (i.e. on
// `strapi develop`), writing src/extensions/documentation/documentation/<version>/full_documentation.json, which the
// production server then serves at /documentation/v<version>. This boots the project once with
// createStrapi().load() in development mode (register + bootstrap, no listening socket, no admin dev server) against a
// scratch database, then exits. Run by setup.sh with cwd = the Strapi project and NODE_ENV=development.
const path = require('path');
const { createStrapi } = require(path.join(process.cwd(), 'node_modules', '@strapi', 'strapi'));
(async () => {
  const app = createStrapi({ appDir: process.cwd(), distDir: process.cwd() });
  await app.load();
  await app.destroy();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
