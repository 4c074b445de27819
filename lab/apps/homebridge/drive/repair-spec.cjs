// The Homebridge UI's published OpenAPI document (GET /swagger-json of the running server, saved byte for byte as
// swagger.json) is not loadable by kin-openapi, which the lab's labeller and shadowtap use: nine schemas are
// {"$ref": "#/components/schemas/"}, a reference to a component with an empty name (@nestjs/swagger writes that for
// an @ApiBody/@ApiOkResponse whose `type` is 'json' or Object, which names no class). This writes swagger.lab.json,
// the same document with only those $refs replaced by an empty schema ({}), each listed on stderr. Paths, methods,
// parameters and security, which the labeller reads, are not touched. JSON.stringify re-serializes the document
// exactly as served (checked: the untouched document round-trips byte for byte).
// Both files are stored zstd-compressed (zstd -19; zstd -d gives the exact bytes back): a path ending in .zst is
// read and written through the zstd command.
const fs = require('fs');
const { execFileSync } = require('child_process');
const [inp, out] = process.argv.slice(2);
const text = inp.endsWith('.zst') ? execFileSync('zstd', ['-dq', '-c', inp]).toString('utf8') : fs.readFileSync(inp, 'utf8');
if (JSON.stringify(JSON.parse(text)) !== text) throw new Error('document does not round-trip; refusing to rewrite');
const d = JSON.parse(text);
let n = 0;
const walk = (o, p) => {
  if (Array.isArray(o)) { o.forEach((x, i) => walk(x, p + '/' + i)); return; }
  if (!o || typeof o !== 'object') return;
  if (o.$ref === '#/components/schemas/') { console.error('empty schema for', o.$ref, 'at', p); delete o.$ref; n++; }
  for (const [k, v] of Object.entries(o)) walk(v, p + '/' + k.replace(/~/g, '~0').replace(/\//g, '~1'));
};
walk(d, '#');
if (out.endsWith('.zst')) execFileSync('zstd', ['-q', '-19', '-f', '-o', out], { input: JSON.stringify(d) });
else fs.writeFileSync(out, JSON.stringify(d));
console.error(`${n} empty-name $refs replaced`);
