// Converts the Express layer dump written by drive/dump-routes.mjs into routes.txt lines (Unleash's converter, plus
// optional parameters: "/:pk/:filename?" is both "/{pk}" and "/{pk}/{filename}").
// Mount prefixes come from the layer regexps (express 4 / path-to-regexp 0.1): "\/x" literal, "(?:\/([^/]+?))" one
// parameter (named from layer.keys), "(.*)" a wildcard tail. Route paths are Express strings: ":x" -> {x}, "*" -> {x*}.
import fs from 'node:fs';
const dump = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function prefixToPath(p) {
  let s = p.rx.replace(/^\/\^/, '').replace(/\\\/\?\(\?=\\\/\|\$\)\/i$/, '');
  let k = 0;
  s = s.replace(/\(\?:\\\/\(\[\^\/\]\+\?\)\)/g, () => `/{${p.keys[k++] || 'p' + k}}`);
  if (s.includes('(.*)')) s = s.replace('(.*)', '{rest*}');
  s = s.replace(/\\\//g, '/').replace(/\\\./g, '.').replace(/\\-/g, '-');
  if (/[\\()^$?]/.test(s)) throw new Error('unhandled mount regexp ' + p.rx);
  return s;
}
function routePath(path) {
  if (typeof path !== 'string') throw new Error('non-string route path ' + JSON.stringify(path));
  let n = 0;
  return path
    .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?\??/g, (_, name) => `{${name}}`)
    .replace(/\*/g, () => `{wild${n++ ? n : ''}*}`);
}
const lines = new Set();
for (const l of dump) {
  if (l.kind !== 'route') continue;
  const pre = l.prefix.map(prefixToPath).join('');
  const paths = [l.path];
  const opt = l.path.match(/^(.*)\/:[A-Za-z0-9_]+(\([^)]*\))?\?$/);   // trailing optional parameter
  if (opt) paths.push(opt[1] || '/');
  for (const p of paths) {
    let full = (pre + routePath(p)).replace(/\/+/g, '/');
    if (full.length > 1) full = full.replace(/\/$/, '');
    if (full === '') full = '/';
    for (const m of l.methods) {
      if (m === '_all') { lines.add(`* ${full}`); continue; }
      lines.add(`${m.toUpperCase()} ${full}`);
    }
  }
}
process.stdout.write([...lines].join('\n') + '\n');
