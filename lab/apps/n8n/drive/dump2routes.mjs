// Converts the layer dump written by drive/dump-routes.cjs (Express 5 / router 2.x, path-to-regexp 8 syntax) into
// routes.txt lines. Mount paths and route paths are joined; ":x" -> {x}, "*x" -> {x*}; an optional group "{...}" gives
// the path with and without it; app.all / router.all (every method) -> "*". Plain middleware is not a route and is
// skipped here (routes.sh lists by hand the middleware that answers requests itself).
import fs from 'node:fs';
const dump = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
function expand(p) { // optional groups {…} -> both variants (left to right, possibly several)
  const i = p.indexOf('{');
  if (i < 0) return [p];
  let depth = 0, j = i;
  for (; j < p.length; j++) { if (p[j] === '{') depth++; else if (p[j] === '}' && --depth === 0) break; }
  const pre = p.slice(0, i), inner = p.slice(i + 1, j), post = p.slice(j + 1);
  return [...expand(pre + inner + post), ...expand(pre + post)];
}
function conv(p) {
  if (typeof p !== 'string') throw new Error('non-string path ' + JSON.stringify(p));
  return p.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*([A-Za-z0-9_]+)/g, '{$1*}');
}
const lines = new Set();
for (const l of dump) {
  if (l.kind !== 'route') continue;
  const paths = Array.isArray(l.path) ? l.path : [l.path];
  const pre = l.prefix.filter((x) => x && x !== '/').join('');
  for (const rp of paths) {
    for (const v of expand(pre + rp)) {
      let full = conv(v).replace(/\/+/g, '/');
      if (full.length > 1) full = full.replace(/\/$/, '');
      if (full === '') full = '/';
      // route.all() registers the route for every method node knows (router 2.x lists them one by one)
      if (l.methods.includes('_all') || l.methods.length >= 30) { lines.add(`* ${full}`); continue; }
      for (const m of l.methods) lines.add(`${m.toUpperCase()} ${full}`);
    }
  }
}
process.stdout.write([...lines].join('\n') + '\n');
