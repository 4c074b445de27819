// The OpenAPI documents of the lab's Backstage backend plugins, as their authors ship them inside their npm packages:
// each plugin's src/schema/openapi.yaml is compiled by the Backstage CLI into
// dist/schema/openapi/generated/router.cjs.js (`const spec = {openapi: "3.1.0", ...}; exports.spec = spec`), the
// object the plugin's validated router is built from.
//  --extract  writes each package's `spec` object as JSON to openapi/<plugin>.json (JSON.stringify of the exported
//             object, 2-space indent; nothing changed) from the packages setup.sh installed;
//  (always)   merges openapi/*.json into openapi.lab.json, the one document the labeller reads. Mechanical changes
//             only (listed in PROVENANCE.md):
//   1. each document's paths are prefixed with the plugin's mount point (/api/<pluginId>: backend-defaults' root HTTP
//      router mounts every plugin router there; each document's own server is "/", relative to the plugin);
//   2. components other than securitySchemes are namespaced per document ("<plugin>_<Name>", $refs rewritten), since
//      the documents define different components under the same names (Error, ...); the three documents define the
//      same securitySchemes (JWT: http bearer), kept once;
//   3. the merged document has the single server "/"; operations, parameters, schemas, security are unchanged.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
// The documents and the merge are stored zstd-compressed (lab budget): read and write them through zstd.
const zread = (p) => execFileSync('zstd', ['-q', '-dc', p], { encoding: 'utf8', maxBuffer: 1 << 26 });
const zwrite = (p, text) => execFileSync('zstd', ['-q', '-19', '-f', '-o', p], { input: text });
const HERE = path.join(__dirname, '..');
const APP = process.env.BACKSTAGE_LAB_APP || '/tmp/shadowtap-lab/backstage/app';
const plugins = [
  ['catalog', '@backstage/plugin-catalog-backend'],
  ['scaffolder', '@backstage/plugin-scaffolder-backend'],
  ['search', '@backstage/plugin-search-backend'],
  ['events', '@backstage/plugin-events-backend'],
];
fs.mkdirSync(path.join(HERE, 'openapi'), { recursive: true });
if (process.argv.includes('--extract')) {
  for (const [id, pkg] of plugins) {
    const file = require.resolve(`${pkg}/package.json`, { paths: [APP] }).replace(/package\.json$/, 'dist/schema/openapi/generated/router.cjs.js');
    const { spec } = require(file);
    zwrite(path.join(HERE, 'openapi', `${id}.json.zst`), JSON.stringify(spec, null, 2) + '\n');
    console.log('extracted', id, 'from', file);
  }
}
const versions = {};
const out = { openapi: '3.1.0', info: { title: 'Backstage backend (lab merge of the catalog, scaffolder and search plugin documents)', version: '1' },
  servers: [{ url: '/' }], paths: {}, components: {}, tags: [] };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
for (const [id] of plugins) {
  const text = zread(path.join(HERE, 'openapi', `${id}.json.zst`));
  const doc = JSON.parse(text.replace(/"#\/components\/([A-Za-z]+)\/([^"]+)"/g, (m, s, n) => (s === 'securitySchemes' ? m : `"#/components/${s}/${id}_${n}"`)));
  const base = `/api/${id}`;
  for (const [p, item] of Object.entries(doc.paths || {})) {
    const full = base + (p === '/' ? '' : p);
    if (out.paths[full]) throw new Error(`path ${full} twice (${id})`);
    for (const m of METHODS) if (item[m] && !item[m].security && doc.security) item[m].security = doc.security;
    out.paths[full] = item;
  }
  for (const [sec, comps] of Object.entries(doc.components || {})) {
    out.components[sec] = out.components[sec] || {};
    for (const [n, v] of Object.entries(comps)) {
      const name = sec === 'securitySchemes' ? n : `${id}_${n}`;
      if (sec === 'securitySchemes' && out.components[sec][n] && JSON.stringify(out.components[sec][n]) !== JSON.stringify(v))
        throw new Error(`security scheme ${n} differs in ${id}`);
      out.components[sec][name] = v;
    }
  }
  for (const t of doc.tags || []) if (!out.tags.some((x) => x.name === t.name)) out.tags.push(t);
}
zwrite(path.join(HERE, 'openapi.lab.json.zst'), JSON.stringify(out, null, 2) + '\n');
console.log('paths:', Object.keys(out.paths).length, 'operations:',
  Object.values(out.paths).reduce((n, it) => n + METHODS.filter((m) => it[m]).length, 0));
