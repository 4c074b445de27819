// The lab's Backstage backend: the minimal backend the Backstage docs describe (packages/backend/src/index.ts of a
// created app), with the plugins the lab installs and the app backend serving the built frontend. Run from
// /tmp/shadowtap-lab/backstage/app (node_modules there),
// config from drive/app-config.yaml (--config). With --dump-routes FILE it also writes the Express layer dump of the
// running server (every router layer, see dump-routes.cjs) once the backend has started, then exits.
const path = require('node:path');
const APP = process.env.BACKSTAGE_LAB_APP || '/tmp/shadowtap-lab/backstage/app';
const req = (m) => require(require.resolve(m, { paths: [APP] }));
const dumpIdx = process.argv.indexOf('--dump-routes');
if (dumpIdx > 0) require('./dump-routes.cjs').install(req('express'), process.argv[dumpIdx + 1]);
const { createBackend } = req('@backstage/backend-defaults');
const backend = createBackend();
backend.add(req('@backstage/plugin-auth-backend'));
backend.add(req('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(req('@backstage/plugin-permission-backend'));
backend.add(req('@backstage/plugin-permission-backend-module-allow-all-policy'));
backend.add(req('@backstage/plugin-catalog-backend'));
// The catalog accepts only `url` locations through its API unless a module widens the list (the catalog's
// catalogLocationsExtensionPoint, as a backend's own module does); the lab registers local `file` locations too.
const { createBackendModule } = req('@backstage/backend-plugin-api');
const { catalogLocationsExtensionPoint } = req('@backstage/plugin-catalog-node');
backend.add(createBackendModule({
  pluginId: 'catalog',
  moduleId: 'lab-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) { locations.setAllowedLocationTypes(['url', 'file']); },
    });
  },
}));
// the Template kind in the catalog (the scaffolder's entity model module)
backend.add(req('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(req('@backstage/plugin-scaffolder-backend'));
backend.add(req('@backstage/plugin-search-backend'));
backend.add(req('@backstage/plugin-search-backend-module-catalog'));
backend.add(req('@backstage/plugin-proxy-backend'));
// the events bus the catalog publishes entity changes to (/api/events)
backend.add(req('@backstage/plugin-events-backend'));
// serves the built frontend (package "app", drive/frontend built by setup.sh) with the SPA fallback
backend.add(req('@backstage/plugin-app-backend'));
backend.start();
