// Merges the ten OpenAPI 3.0 documents signalk-server 2.23.0 ships (dist/api/<api>/openApi.json, copied byte for byte
// to openapi/<api>/openApi.json; the server serves each at /skServer/openapi/<api>) into the one document the lab's
// labeller reads, openapi.lab.json. Mechanical changes only (each listed in PROVENANCE.md):
//  1. each document's paths are prefixed with the path of its own first server URL (the URL the server serves it
//     with), and the merged document has the single server "/"; radar.openApi.json declares no server and writes
//     absolute paths, so its paths are kept as they are;
//  2. components are namespaced per document ("<api>_<Name>", refs rewritten), because several documents define
//     different components under the same name (ErrorResponse, 200Ok, SignalKPosition, ...);
//  3. a document's top-level `security` is copied onto each of its operations that declares none (the merged document
//     has no top-level security);
//  4. repairs: security/openApi.json gives PUT /auth/logout `"security": ["cookieAuth", "bearerAuth"]` (scheme names
//     as strings, which OpenAPI and kin-openapi refuse); written as the requirements [{"cookieAuth": []},
//     {"bearerAuth": []}] it names;
//  5. repairs: notifications/openApi.json refers to #/components/schemas/Notifications, which it does not define
//     (kin-openapi refuses a dangling $ref); that one $ref is replaced by {} (any value), as the lab's homebridge
//     repair does.
// Everything else (operations, parameters, schemas, descriptions) is unchanged.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
// The documents and the merge are stored zstd-compressed (lab budget): read and write them through zstd.
const zread = (p) => execFileSync('zstd', ['-q', '-dc', p], { encoding: 'utf8', maxBuffer: 1 << 26 });
const zwrite = (p, text) => execFileSync('zstd', ['-q', '-19', '-f', '-o', p], { input: text });
const dir = path.join(__dirname, '..', 'openapi');
const apis = ['discovery', 'apps', 'autopilot', 'course', 'notifications', 'resources', 'weather', 'security', 'history', 'radar'];
const out = { openapi: '3.0.0', info: { title: 'Signal K server 2.23.0 APIs (lab merge of the package\'s ten documents)', version: '2.23.0' },
  servers: [{ url: '/' }], paths: {}, components: {}, tags: [] };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
for (const api of apis) {
  const text = zread(path.join(dir, api, 'openApi.json.zst'));
  const fixed = api === 'notifications' ? text.replace(/\{\s*"\$ref":\s*"#\/components\/schemas\/Notifications"\s*\}/g, '{}') : text;
  const doc = JSON.parse(fixed.replace(/"#\/components\/([A-Za-z]+)\/([^"]+)"/g, (_, s, n) => `"#/components/${s}/${api}_${n}"`));
  let base = doc.servers && doc.servers[0] ? doc.servers[0].url : '';
  base = base.replace(/\/$/, '');
  for (const [p, item] of Object.entries(doc.paths || {})) {
    let full = base + (p === '/' && base ? '' : p);
    if (full === '') full = '/';
    if (out.paths[full]) throw new Error(`path ${full} twice (${api})`);
    if (doc.security) for (const m of METHODS) if (item[m] && !item[m].security) item[m].security = doc.security;
    for (const m of METHODS) if (item[m] && Array.isArray(item[m].security))
      item[m].security = item[m].security.map((r) => (typeof r === 'string' ? { [r]: [] } : r));
    out.paths[full] = item;
  }
  for (const [sec, comps] of Object.entries(doc.components || {})) {
    out.components[sec] = out.components[sec] || {};
    for (const [n, v] of Object.entries(comps)) {
      const name = sec === 'securitySchemes' ? n : `${api}_${n}`;
      if (sec === 'securitySchemes' && out.components[sec][n] && JSON.stringify(out.components[sec][n]) !== JSON.stringify(v))
        throw new Error('security scheme ' + n + ' differs in ' + api);
      out.components[sec][name] = v;
    }
  }
  for (const t of doc.tags || []) if (!out.tags.some((x) => x.name === t.name)) out.tags.push(t);
}
zwrite(path.join(__dirname, '..', 'openapi.lab.json.zst'), JSON.stringify(out, null, 2) + '\n');
console.log('paths:', Object.keys(out.paths).length);
