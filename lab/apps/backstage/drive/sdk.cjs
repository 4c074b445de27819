// The Backstage frontend's own API clients, used from Node as a portal page would: @backstage/catalog-client
// (CatalogClient) and @backstage/plugin-scaffolder-common (ScaffolderClient), with a discoveryApi that maps a plugin id
// to http://127.0.0.1:17007/api/<pluginId> (what the app's discovery does with backend.baseUrl) and a fetchApi that
// adds the signed-in user's Backstage token (the guest provider's /api/auth/guest/refresh, as the app's sign-in page
// does). Catalog files are under $CATALOG (record.sh copies drive/catalog there).
//   node sdk.cjs catalog    register the locations, browse, query, filter, refresh, validate, delete and re-add
//   node sdk.cjs scaffolder actions, parameter schemas, tasks with their logs, dry-runs, cancel/retry
const APP = process.env.BACKSTAGE_LAB_APP || '/tmp/shadowtap-lab/backstage/app';
const req = (m) => require(require.resolve(m, { paths: [APP] }));
const { CatalogClient } = req('@backstage/catalog-client');
const { ScaffolderClient } = req('@backstage/plugin-scaffolder-common');
const fs = require('node:fs');
const path = require('node:path');
const BASE = process.env.BASE || 'http://127.0.0.1:17007';
const UPSTREAM = 'http://127.0.0.1:17008';
const CATALOG = process.env.CATALOG || '/tmp/shadowtap-lab/backstage/run/catalog';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let token = null;
let ok = 0, failed = 0;
const discoveryApi = { getBaseUrl: async (pluginId) => `${BASE}/api/${pluginId}` };
const fetchApi = {
  fetch: (input, init = {}) => {
    const headers = new Headers(init.headers || {});
    if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  },
};
const identityApi = {
  getBackstageIdentity: async () => ({ type: 'user', userEntityRef: 'user:development/guest', ownershipEntityRefs: ['user:development/guest'] }),
  getCredentials: async () => ({ token }),
};
async function signIn() {
  // the guest sign-in page: GET /api/auth/guest/refresh?optional (with the X-Requested-With the auth backend requires)
  const r = await fetch(`${BASE}/api/auth/guest/refresh?optional&env=development`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  const body = await r.json();
  token = body.backstageIdentity.token;
  console.log('[sdk] signed in as', body.backstageIdentity.identity.userEntityRef);
}
async function step(name, fn) {
  try { const v = await fn(); ok++; console.log('[sdk] ok', name); return v; } catch (e) { failed++; console.log('[sdk] FAIL', name, String(e && e.message || e).slice(0, 200)); return undefined; }
}
const catalog = new CatalogClient({ discoveryApi, fetchApi });
const scaffolder = new ScaffolderClient({ discoveryApi, fetchApi, identityApi, useLongPollingLogs: true,
  scmIntegrationsApi: { azure: { list: () => [] }, bitbucketCloud: { list: () => [] }, bitbucketServer: { list: () => [] }, gerrit: { list: () => [] }, gitea: { list: () => [] }, github: { list: () => [] }, gitlab: { list: () => [] } } });
const FILES = ['org.yaml', 'payments.yaml', 'portal.yaml', 'commerce.yaml', 'data.yaml',
  'templates/node-service/template.yaml', 'templates/docs-site/template.yaml', 'templates/data-pipeline/template.yaml'];

async function waitForEntities(n) {
  for (let i = 0; i < 40; i++) {
    const r = await catalog.queryEntities({ limit: 1 });
    if (r.totalItems >= n) return r.totalItems;
    await sleep(1500);
  }
  return -1;
}

async function runCatalog() {
  const locations = {};
  // import page: analyze, dry-run, then register each file
  // (the analyzer takes URLs only: a file path is refused with 400; the same files are served by the lab's local
  // upstream on 127.0.0.1:17008, drive/upstream.py)
  await step('analyze file path', () => catalog.analyzeLocation({ location: { type: 'file', target: path.join(CATALOG, 'org.yaml') } }));
  for (const f of FILES.slice(0, 3)) {
    await step(`analyze ${f}`, () => catalog.analyzeLocation({ location: { type: 'url', target: `${UPSTREAM}/catalog/${f}` } }));
    await step(`dry-run ${f}`, () => catalog.addLocation({ type: 'file', target: path.join(CATALOG, f), dryRun: true }));
  }
  for (const f of FILES) {
    const target = path.join(CATALOG, f);
    const r = await step(`register ${f}`, () => catalog.addLocation({ type: 'file', target }));
    if (r) locations[f] = r.location;
  }
  // registering the same file again is a conflict (409)
  await step('register org.yaml again', () => catalog.addLocation({ type: 'file', target: path.join(CATALOG, 'org.yaml') }));
  console.log('[sdk] entities:', await waitForEntities(44));
  await sleep(3000);
  // catalog index page: kinds, facets, paginated tables per kind and owner
  await step('facets kind', () => catalog.getEntityFacets({ facets: ['kind', 'metadata.namespace'] }));
  await step('facets owners', () => catalog.getEntityFacets({ facets: ['relations.ownedBy', 'spec.lifecycle', 'spec.type', 'metadata.tags'], filter: { kind: 'Component' } }));
  await step('facets api types', () => catalog.getEntityFacets({ facets: ['spec.type'], filter: { kind: 'API' } }));
  const all = [];
  for (const kind of ['Component', 'API', 'System', 'Group', 'User', 'Resource', 'Template', 'Domain', 'Location']) {
    let cursor;
    let page = 0;
    do {
      const r = await step(`query ${kind} page ${page}`, () => catalog.queryEntities(cursor ? { cursor, limit: 4 } : {
        filter: { kind }, limit: 4, orderFields: [{ field: 'metadata.name', order: 'asc' }], fullTextFilter: undefined,
      }));
      if (!r) break;
      all.push(...r.items);
      cursor = r.pageInfo.nextCursor;
      page++;
    } while (cursor && page < 6);
  }
  await step('query text payments', () => catalog.queryEntities({ filter: { kind: ['Component', 'API'] }, fullTextFilter: { term: 'payments', fields: ['metadata.name', 'metadata.title'] }, limit: 20 }));
  await step('query text checkout', () => catalog.queryEntities({ fullTextFilter: { term: 'checkout' }, limit: 20 }));
  await step('query commerce namespace', () => catalog.queryEntities({ filter: { 'metadata.namespace': 'commerce' }, limit: 50 }));
  await step('query owned by payments-team', () => catalog.queryEntities({ filter: { 'relations.ownedBy': 'group:default/payments-team' }, limit: 50 }));
  await step('query production services', () => catalog.queryEntities({ filter: { kind: 'component', 'spec.type': 'service', 'spec.lifecycle': 'production' }, orderFields: { field: 'metadata.name', order: 'desc' } }));
  await step('entities list', () => catalog.getEntities({ filter: [{ kind: 'Group' }, { kind: 'User' }], fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.profile'] }));
  await step('entities by tag', () => catalog.getEntities({ filter: { 'metadata.tags': 'go' }, order: { field: 'metadata.name', order: 'asc' } }));
  await step('entities offset', () => catalog.getEntities({ filter: { kind: 'Component' }, limit: 5, offset: 5 }));
  await step('entities data systems', () => catalog.getEntities({ filter: { kind: 'System', 'metadata.namespace': 'data' } }));
  // entity pages: by name, ancestry, location, relations by refs
  const pages = all.filter((e) => e.kind !== 'Location');
  for (const e of pages) {
    const ref = { kind: e.kind, namespace: e.metadata.namespace, name: e.metadata.name };
    const full = await step(`entity ${e.kind}:${e.metadata.namespace}/${e.metadata.name}`, () => catalog.getEntityByRef(ref));
    if (!full) continue;
    if (['Component', 'API', 'Resource', 'Template', 'System'].includes(e.kind)) {
      await step(`ancestry ${e.metadata.name}`, () => catalog.getEntityAncestors({ entityRef: `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase() }));
      await step(`location of ${e.metadata.name}`, () => catalog.getLocationByEntity(ref));
    }
    const related = (full.relations || []).map((r) => r.targetRef);
    if (related.length) await step(`relations of ${e.metadata.name}`, () => catalog.getEntitiesByRefs({ entityRefs: related, fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'spec.type'] }));
  }
  // by uid (entity pages linked from the search results)
  for (const e of pages.filter((x) => ['System', 'Group'].includes(x.kind))) {
    await step(`by uid ${e.metadata.name}`, () => fetchApi.fetch(`${BASE}/api/catalog/entities/by-uid/${e.metadata.uid}`).then((r) => r.json()));
  }
  await step('entity missing', () => catalog.getEntityByRef('component:default/legacy-billing'));
  await step('ancestry missing', () => catalog.getEntityAncestors({ entityRef: 'component:commerce/returns-portal' }));
  // owners' pages: groups and members
  for (const g of ['group:default/payments-team', 'group:default/platform-team', 'group:commerce/checkout-squad', 'group:data/analytics-guild']) {
    await step(`owned by ${g}`, () => catalog.getEntities({ filter: { 'relations.ownedBy': g } }));
    await step(`members of ${g}`, () => catalog.getEntities({ filter: { kind: 'User', 'relations.memberOf': g } }));
  }
  // locations
  await step('locations', () => catalog.getLocations());
  await step('locations query', () => catalog.queryLocations({ limit: 3 }));
  for (const [f, loc] of Object.entries(locations)) {
    await step(`location ${f}`, () => catalog.getLocationById(loc.id));
    await step(`location by ref ${f}`, () => catalog.getLocationByRef(`file:${loc.target}`));
  }
  // refresh entities (the entity page's refresh button)
  for (const r of ['component:default/payments-gateway', 'component:commerce/cart-service', 'api:data/events-stream', 'template:default/node-service-template', 'group:default/platform-team']) {
    await step(`refresh ${r}`, () => catalog.refreshEntity(r));
  }
  // validate entity files (the VS Code / CI validator)
  const candidate = {
    apiVersion: 'backstage.io/v1alpha1', kind: 'Component',
    metadata: { name: 'shipping-quotes', namespace: 'commerce', description: 'Carrier quotes for the checkout' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'checkout-squad', system: 'order-fulfilment' },
  };
  await step('validate shipping-quotes', () => catalog.validateEntity(candidate, `url:file:${CATALOG}/commerce.yaml`));
  await step('validate bad name', () => catalog.validateEntity({ ...candidate, metadata: { name: 'Shipping Quotes!' } }, `url:file:${CATALOG}/commerce.yaml`));
  await step('validate no spec', () => catalog.validateEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'orphan-job' } }, `url:file:${CATALOG}/data.yaml`));
  await step('validate group', () => catalog.validateEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'sre-oncall' }, spec: { type: 'team', children: [] } }, `url:file:${CATALOG}/org.yaml`));
  // delete a location (its entities become orphans and are removed), then register it again
  const portal = locations['portal.yaml'];
  if (portal) {
    await step('delete portal location', () => catalog.removeLocationById(portal.id));
    await step('deleted location', () => catalog.getLocationById(portal.id));
    await sleep(2500);
    await step('portal-frontend after delete', () => catalog.getEntityByRef('component:default/portal-frontend'));
    const again = await step('re-register portal.yaml', () => catalog.addLocation({ type: 'file', target: portal.target }));
    if (again) locations['portal.yaml'] = again.location;
  }
  const data = locations['data.yaml'];
  if (data) {
    await step('update data location', () => catalog.updateLocation(data.id, { type: 'file', target: data.target }));
  }
  // an entity whose location was removed: unregister it by uid
  const dp = await step('data pipeline template', () => catalog.getEntityByRef('template:data/data-pipeline-template'));
  const tl = locations['templates/data-pipeline/template.yaml'];
  if (dp && tl) {
    await step('delete data-pipeline location', () => catalog.removeLocationById(tl.id));
    await step('delete data-pipeline entity by uid', () => catalog.removeEntityByUid(dp.metadata.uid));
    await step('data-pipeline gone', () => catalog.getEntityByRef('template:data/data-pipeline-template'));
    const again = await step('re-register data-pipeline', () => catalog.addLocation({ type: 'file', target: tl.target }));
    if (again) locations['templates/data-pipeline/template.yaml'] = again.location;
  }
  // a second visitor: system pages (their components, APIs and resources), user profiles (owned entities), the
  // catalog table's search box
  for (const sys of ['system:default/payments-platform', 'system:default/developer-portal', 'system:commerce/order-fulfilment', 'system:data/analytics']) {
    await step(`system page ${sys}`, () => catalog.getEntityByRef(sys));
    await step(`parts of ${sys}`, () => catalog.getEntities({ filter: { kind: ['Component', 'API', 'Resource'], 'relations.partOf': sys } }));
  }
  for (const u of ['ana.souza', 'kwame.mensah', 'li.wei', 'priya.raman', 'jonas.berg', 'fatima.zahra']) {
    await step(`profile ${u}`, () => catalog.getEntityByRef(`user:default/${u}`));
    await step(`owned by ${u}`, () => catalog.getEntities({ filter: { 'relations.ownedBy': `user:default/${u}` }, fields: ['kind', 'metadata.name', 'metadata.namespace'] }));
  }
  for (const term of ['gateway', 'ledger', 'router', 'queue', 'dashboard', 'template']) {
    await step(`table search ${term}`, () => catalog.queryEntities({ filter: { kind: ['Component', 'Resource', 'Template'] }, fullTextFilter: { term, fields: ['metadata.name', 'metadata.title', 'spec.profile.displayName'] }, limit: 25 }));
  }
  await step('missing file location', () => catalog.addLocation({ type: 'file', target: path.join(CATALOG, 'billing.yaml') }));
  await sleep(4000);
  await step('final count', () => catalog.queryEntities({ limit: 100, fields: ['kind', 'metadata.name'] }));
  fs.writeFileSync(path.join(CATALOG, '..', 'locations.json'), JSON.stringify(locations, null, 1));
}

async function runScaffolder() {
  await step('actions', () => scaffolder.listActions());
  await step('templating extensions', () => scaffolder.listTemplatingExtensions());
  for (const t of ['template:default/node-service-template', 'template:default/docs-site-template', 'template:data/data-pipeline-template']) {
    await step(`parameter schema ${t}`, () => scaffolder.getTemplateParameterSchema(t));
  }
  await step('parameter schema missing', () => scaffolder.getTemplateParameterSchema('template:default/react-app-template'));
  const runs = [
    ['template:default/node-service-template', { name: 'invoice-service', description: 'Issues invoices for settled payments', owner: 'group:default/payments-team', nodeVersion: '20' }],
    ['template:default/node-service-template', { name: 'stock-levels', description: 'Stock levels per warehouse', owner: 'group:commerce/checkout-squad', nodeVersion: '22' }],
    ['template:default/docs-site-template', { site: 'payments-handbook', system: 'payments-platform' }],
    ['template:data/data-pipeline-template', { dagId: 'daily_revenue', schedule: '@daily' }],
    ['template:data/data-pipeline-template', { dagId: 'hourly_clickstream', schedule: '0 * * * *' }],
  ];
  const tasks = [];
  for (const [templateRef, values] of runs) {
    const r = await step(`scaffold ${templateRef}`, () => scaffolder.scaffold({ templateRef, values, secrets: {} }));
    if (!r) continue;
    tasks.push(r.taskId);
    // the task page: task, then its log stream (long polling on /events)
    await step(`task ${r.taskId}`, () => scaffolder.getTask(r.taskId));
    await step(`logs ${r.taskId}`, () => new Promise((resolve, reject) => {
      const seen = [];
      const sub = scaffolder.streamLogs({ isTaskRecoverable: false, taskId: r.taskId }).subscribe({
        next: (ev) => { seen.push(ev.type); if (ev.type === 'completion') { sub.unsubscribe(); resolve(seen.length); } },
        error: reject,
        complete: () => resolve(seen.length),
      });
      setTimeout(() => { sub.unsubscribe(); resolve(seen.length); }, 15000);
    }));
    await step(`task done ${r.taskId}`, () => scaffolder.getTask(r.taskId));
  }
  // a task with a missing required value is refused; an unknown template is not found
  await step('scaffold missing value', () => scaffolder.scaffold({ templateRef: 'template:default/node-service-template', values: { description: 'no name' } }));
  await step('scaffold unknown template', () => scaffolder.scaffold({ templateRef: 'template:default/react-app-template', values: {} }));
  // template editor: dry-runs with the template and its files in the request
  const tdir = path.join(CATALOG, 'templates');
  const filesOf = (dir) => {
    const out = [];
    const walk = (d, rel) => { for (const n of fs.readdirSync(d)) { const p = path.join(d, n); if (fs.statSync(p).isDirectory()) walk(p, path.join(rel, n)); else out.push({ path: path.join(rel, n), base64Content: fs.readFileSync(p).toString('base64') }); } };
    walk(dir, '');
    return out;
  };
  const YAML = req('yaml');
  for (const [dir, values] of [['node-service', { name: 'quota-checker', owner: 'user:default/li.wei', description: 'dry run', nodeVersion: '20' }],
    ['docs-site', { site: 'checkout-runbook', system: 'order-fulfilment' }], ['data-pipeline', { dagId: 'weekly_churn', schedule: '@weekly' }]]) {
    const template = YAML.parse(fs.readFileSync(path.join(tdir, dir, 'template.yaml'), 'utf8'));
    await step(`dry-run ${dir}`, () => scaffolder.dryRun({ template, values, secrets: {}, directoryContents: filesOf(path.join(tdir, dir)) }));
  }
  // long-running task: a debug:wait template run, cancelled from the task page
  const t = await step('scaffold for cancel', () => scaffolder.scaffold({ templateRef: 'template:default/node-service-template', values: { name: 'to-cancel', owner: 'user:default/ana.souza' } }));
  if (t) {
    await step('cancel', () => scaffolder.cancelTask(t.taskId));
    await step('task after cancel', () => scaffolder.getTask(t.taskId));
    await step('retry', () => scaffolder.retry?.(t.taskId));
  }
  await step('list tasks all', () => scaffolder.listTasks({ filterByOwnership: 'all', limit: 10 }));
  await step('list tasks owned', () => scaffolder.listTasks({ filterByOwnership: 'owned', limit: 5, offset: 0 }));
  await step('autocomplete', () => scaffolder.autocomplete({ token: 'x', provider: 'github', resource: 'repositories', context: {} }));
  await step('task missing', () => scaffolder.getTask('00000000-0000-4000-8000-000000000000'));
  fs.writeFileSync(path.join(CATALOG, '..', 'tasks.json'), JSON.stringify(tasks));
}

(async () => {
  await signIn();
  const what = process.argv[2] || 'catalog';
  if (what === 'catalog') await runCatalog();
  else await runScaffolder();
  console.log(`[sdk] ${what}: ${ok} ok, ${failed} failed`);
})().catch((e) => { console.error(e); process.exit(1); });
