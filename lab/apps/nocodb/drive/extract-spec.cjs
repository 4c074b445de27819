// Writes the OpenAPI document NocoDB ships for its v1/v2 REST API, byte for byte as the package carries it.
// NocoDB's sources keep it as packages/nocodb/src/schema/swagger.json; the npm package ships no loose copy: rspack
// inlined it into dist/bundle.js as one module `e.exports=JSON.parse('<the JSON text>')`, the same object the server
// validates request bodies against ("swagger.json#/components/schemas/..."). This finds that module (the only
// JSON.parse literal whose document starts {"openapi":"3.1.0",...,"info":{"title":"nocodb","version":"1.0"), decodes
// the JavaScript string literal (only its escapes: \' \\ \n ...; nothing else is touched) and writes the text.
// A third argument "v3" takes the bundle's other document instead (swagger-v3.json, "NocoDB v3"; not used by the lab).
// Usage: node extract-spec.cjs dist/bundle.js OUT.json [v3]
const fs = require('fs');
const [bundle, out, which] = process.argv.slice(2);
const src = fs.readFileSync(bundle, 'utf8');
const title = which === 'v3' ? '"NocoDB v3","version":""' : '"nocodb","version":"1.0"';
const head = "JSON.parse('{\"openapi\":\"3.1.0\",\"x-stoplight\":{\"id\":\"qiz1rcfqd2jy6\"},\"info\":{\"title\":" + title;
const i = src.indexOf(head);
if (i < 0 || src.indexOf(head, i + 1) >= 0) throw new Error('expected exactly one swagger.json module in ' + bundle);
let j = i + "JSON.parse(".length;          // at the opening quote
let k = j + 1;
for (; k < src.length; k++) { if (src[k] === '\\') { k++; continue; } if (src[k] === "'") break; }
const literal = src.slice(j, k + 1);
const text = require('vm').runInNewContext(literal);   // a bare string literal: decodes its escapes, runs nothing else
JSON.parse(text);
fs.writeFileSync(out, text);
console.error('swagger.json:', text.length, 'chars from offset', i, 'of', bundle);
