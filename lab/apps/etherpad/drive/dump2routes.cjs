// Turns routes.sh's run-time records into routes.txt lines.
//   argv[2]: the JSON lines written by dump-routes.cjs; argv[3]: folder with the OpenAPI document each API mount serves
//   (<root with / as _>.json, fetched from the running server: the very definition its OpenAPIBackend instance routes).
// Express routes: app.get/post -> that method, app.all -> "*"; ":x" -> {x}, ":x(*)" and ":x([\d\D]{0,})" -> {x*},
// an optional ":x?" gives the route with and without that segment. Path-mounted middleware (app.use('/p/:pad/...',
// rateLimiter)) adds no route; app.use('/api/1.2.15', openapi-backend) is a mount whose routes are its document's
// operations: GET and POST of each path (openapi.js registers both for every function).
const fs = require('fs');
const path = require('path');
const recs = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const docs = process.argv[3];
const seen = new Set();
const out = [];
const emit = (m, p) => { const k = `${m} ${p}`; if (!seen.has(k)) { seen.add(k); out.push(k); } };
const conv = (p) => {
  const segs = p.split('/').slice(1);
  let variants = [[]];
  for (const s of segs) {
    let m;
    if ((m = /^:(\w+)\((?:\*|\[\\d\\D\]\{0,\})\)$/.exec(s))) variants = variants.map((v) => [...v, `{${m[1]}*}`]);
    else if ((m = /^:(\w+)\?$/.exec(s))) variants = variants.flatMap((v) => [v, [...v, `{${m[1]}}`]]);
    else if ((m = /^:(\w+)$/.exec(s))) variants = variants.map((v) => [...v, `{${m[1]}}`]);
    else if (s.includes(':') || s.includes('(')) throw new Error('unhandled segment ' + s);
    else variants = variants.map((v) => [...v, s]);
  }
  return variants.map((v) => '/' + v.join('/'));
};
for (const r of recs) {
  if (typeof r.path !== 'string') {
    if (r.path.regexp === '\\/javascripts\\/(.*)') { emit('*', '/javascripts/{path*}'); continue; }
    throw new Error('unhandled regexp ' + r.path.regexp);
  }
  if (r.kind === 'use') {
    if (/^\/(api|rest)\/[0-9.]+$/.test(r.path)) {
      const doc = JSON.parse(fs.readFileSync(path.join(docs, r.path.replace(/\//g, '_') + '.json'), 'utf8'));
      for (const [p, item] of Object.entries(doc.paths)) {
        for (const m of Object.keys(item)) emit(m.toUpperCase(), r.path + p);
      }
    }
    continue;   // rate limiters on /p/:pad/... (the routes themselves are recorded too)
  }
  const method = r.kind === 'all' ? '*' : r.kind.toUpperCase();
  for (const p of conv(r.path)) emit(method, p);
}
console.log(out.join('\n'));
