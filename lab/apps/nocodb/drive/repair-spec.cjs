// NocoDB's published swagger.json (copied byte for byte as swagger.json) is not a loadable OpenAPI document for
// kin-openapi, which both the lab's labeller and shadowtap use: some property schemas carry a boolean `required`
// (JSON Schema wants an array of names there) and some $refs point at component schemas the document does not have.
// This writes swagger.lab.json, the same document with only those two things changed, each listed on stderr:
//   1. a boolean `required` inside a schema's `properties` entry is dropped (nothing else; requestBody.required,
//      parameter.required and examples are left as they are);
//   2. a `$ref` to a missing #/components/schemas/NAME is replaced by an empty schema;
//   3. a response given as a `$ref` to a component schema (a response object is expected there) becomes a response
//      with an empty description whose application/json content is that schema;
//   4. credentials: the apiKey security schemes are keyed xc-auth, xc-shared-base-id, xc-shared-erd-id but their header
//      `name` is a display name ("Auth Token ", with a space: not a header name); each takes its key as the name. The
//      API token header the docs show, xc-token, is only a reusable header parameter (components.parameters.xc-token,
//      "API Token"); it is added as an apiKey scheme of that name, so the labeller counts it as a credential.
// Paths, methods, parameters and security, which the labeller reads, are not touched. JSON.stringify re-serializes
// the document exactly as shipped (checked: the untouched document round-trips byte for byte).
const fs = require('fs');
const [inp, out] = process.argv.slice(2);
const text = fs.readFileSync(inp, 'utf8');
if (JSON.stringify(JSON.parse(text)) !== text) throw new Error('document does not round-trip; refusing to rewrite');
const d = JSON.parse(text);
const schemas = (d.components && d.components.schemas) || {};
let n1 = 0, n2 = 0, n3 = 0;
const walk = (o, p, parentKey, grandKey) => {
  if (Array.isArray(o)) { o.forEach((x, i) => walk(x, p + '/' + i, String(i), parentKey)); return; }
  if (!o || typeof o !== 'object') return;
  if (grandKey === 'properties' && typeof o.required === 'boolean') { console.error('drop', p + '/required', o.required); delete o.required; n1++; }
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/components/schemas/') && !(o.$ref.slice(21) in schemas)) {
    console.error('empty schema for missing', o.$ref, 'at', p); delete o.$ref; n2++;
  }
  if (parentKey === 'responses') for (const [code, r] of Object.entries(o)) {
    if (r && typeof r.$ref === 'string' && r.$ref.startsWith('#/components/schemas/')) {
      console.error('response object for schema ref', r.$ref, 'at', p + '/' + code);
      o[code] = { description: '', content: { 'application/json': { schema: { $ref: r.$ref } } } }; n3++;
    }
  }
  for (const k of Object.keys(o)) walk(o[k], p + '/' + k, k, parentKey);
};
walk(d, '', null, null);
const ss = d.components.securitySchemes;
for (const [k, v] of Object.entries(ss)) if (v.type === 'apiKey' && /\s/.test(v.name)) { console.error('scheme', k, 'name', JSON.stringify(v.name), '->', k); v.name = k; }
const tp = d.components.parameters && d.components.parameters['xc-token'];
if (!tp || tp.in !== 'header' || tp.name !== 'xc-token' || ss['xc-token']) throw new Error('xc-token parameter not as expected');
ss['xc-token'] = { name: 'xc-token', type: 'apiKey', in: 'header', description: tp.description };
console.error('scheme xc-token added from components.parameters.xc-token');
fs.writeFileSync(out, JSON.stringify(d));
console.error(`repaired: ${n1} boolean required dropped, ${n2} missing schema refs emptied, ${n3} schema refs as responses wrapped`);
