// Converts the layer dump written by drive/dump-routes.cjs (Express 4, path-to-regexp 0.1 syntax) into routes.txt
// lines. ":x" -> {x}; ":x(*)" -> {x*}; ":x(regex)" -> {x}; ":x?" (optional) gives the path with and without it; a route
// registered for every method node knows -> "*". Skipped (listed or explained by hand in routes.sh): plain middleware,
// NestJS's not-found handler (the "/*" route for every method, registerNotFoundHandler, answers 404 "Cannot GET ..."),
// and the UI's "/dashboard*" route (a bare "*" suffix, written by hand).
import fs from 'node:fs';
const dump = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lines = new Set();
function expand(p) { // optional params "/:x?" -> with and without
  const m = p.match(/\/:([A-Za-z0-9_]+)\?/);
  if (!m) return [p];
  return [...expand(p.replace(m[0], '/:' + m[1])), ...expand(p.replace(m[0], ''))];
}
for (const l of dump) {
  if (l.kind !== 'route') continue;
  const paths = Array.isArray(l.path) ? l.path : [l.path];
  for (const rp of paths) {
    if (typeof rp !== 'string') throw new Error('non-string path ' + JSON.stringify(rp));
    if (rp === '/*' || rp === '/dashboard*') continue;
    for (const v of expand(rp)) {
      let full = v.replace(/:([A-Za-z0-9_]+)\(\*\)/g, '{$1*}').replace(/:([A-Za-z0-9_]+)\([^)]*\)/g, '{$1}')
        .replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/+/g, '/');
      if (/[*?()]/.test(full.replace(/\{[A-Za-z0-9_]+\*\}/g, ''))) throw new Error('unconverted ' + rp);
      if (full.length > 1) full = full.replace(/\/$/, '');
      if (l.methods.length >= 30) { lines.add(`* ${full}`); continue; }
      for (const m of l.methods) {
        lines.add(`${m.toUpperCase()} ${full}`);
        if (m === 'get') lines.add(`HEAD ${full}`); // Express 4 answers HEAD with a GET route
      }
    }
  }
}
process.stdout.write([...lines].join('\n') + '\n');
