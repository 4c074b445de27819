// (Copied unchanged from lab/apps/signalk/drive/dump2routes.cjs; drive/dump-routes.cjs writes the same dump format.)
// Converts the Express layer dump written by `server.cjs --dump-routes` into routes.txt lines.
// Mount prefixes come from the layer regexps (express 4 / path-to-regexp 0.1): "\/x" literal, "(?:\/([^/]+?))" one
// parameter (named from layer.keys), "(.*)" a wildcard tail; a mount given as an array of paths ("a|b" in the regexp)
// yields one prefix each. Route paths are Express strings: ":x" -> {x}, "*" -> {x*}; arrays give one line per path.
// With --static it prints the express.static / serve-static mounts instead ("GET /prefix/{file*}" and the bare prefix).
const fs = require('node:fs');
const dump = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const staticMode = process.argv.includes('--static');

function prefixToPaths(p) {
  let body = p.rx.replace(/^\//, '').replace(/\/i$/, '');
  return body.split('|^').map((alt) => {
    let s = alt.replace(/^\^/, '').replace(/\\\/\?\(\?=\\\/\|\$\)$/, '');
    let k = 0;
    s = s.replace(/\(\?:\\\/\(\[\^\/\]\+\?\)\)/g, () => `/{${p.keys[k++] || 'p' + k}}`);
    if (s.includes('(.*)')) s = s.replace('(.*)', `{${p.keys[k++] !== undefined ? 'rest' : 'rest'}*}`);
    s = s.replace(/\\\//g, '/').replace(/\\\./g, '.').replace(/\\-/g, '-');
    if (/[\\()^$?|]/.test(s)) throw new Error('unhandled mount regexp ' + p.rx);
    return s;
  });
}
function prefixes(list) {
  let out = [''];
  for (const p of list) {
    const alts = prefixToPaths(p);
    out = out.flatMap((o) => alts.map((a) => o + a));
  }
  return out;
}
function routePaths(path) {
  const list = Array.isArray(path) ? path : [path];
  return list.map((p) => {
    if (typeof p !== 'string') throw new Error('non-string route path ' + String(p));
    let n = 0;
    return p
      .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?\??/g, (_, name) => `{${name}}`)
      .replace(/\*/g, () => `{wild${n++ ? n : ''}*}`);
  });
}
const norm = (full) => {
  full = full.replace(/\/+/g, '/');
  if (full.length > 1) full = full.replace(/\/$/, '');
  return full === '' ? '/' : full;
};
const lines = new Set();
for (const l of dump) {
  if (staticMode) {
    if (l.kind !== 'mw' || l.name !== 'serveStatic') continue;
    for (const pre of prefixes([...l.prefix, { rx: l.rx, keys: l.keys || [] }])) {
      const full = norm(pre);
      lines.add(`${full === '/' ? '' : full}`);
    }
    continue;
  }
  if (l.kind !== 'route') continue;
  for (const pre of prefixes(l.prefix)) {
    for (const rp of routePaths(l.path)) {
      const full = norm(pre + rp);
      for (const m of l.methods) {
        if (m === '_all') { lines.add(`* ${full}`); continue; }
        lines.add(`${m.toUpperCase()} ${full}`);
      }
    }
  }
}
process.stdout.write([...lines].join('\n') + '\n');
