// Turns drive/dump-routes.cjs's layer list into routes.txt lines ("METHOD /template"), path-to-regexp 6 syntax
// (@koa/router 12) to the lab's: ":x" and ":x(regexp)" -> "{x}"; ":x?" -> without and with "{x}"; ":x*" -> without
// the segment and with "{x*}"; ":x+" -> "{x*}"; an unnamed group "(.*)" or "((?!uploads/).+)" as a whole segment ->
// "{path*}" (one or more segments); a segment with parameters inside it ("v:major(\d+).:minor(\d+).:patch(\d+)")
// -> one "{major}" segment. Layers without methods are router-level middleware (router.use), not routes: skipped.
// A layer with every method (router.all) -> "*". usage: node dump2routes.cjs routes.raw.json
const fs = require('fs');
const layers = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const split = (p) => { // split on "/" outside parentheses
  const segs = []; let cur = ''; let depth = 0;
  for (const c of p) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === '/' && depth === 0) { segs.push(cur); cur = ''; } else cur += c;
  }
  segs.push(cur);
  return segs.filter((s) => s !== '');
};
const templates = (p) => {
  let outs = [[]];
  for (const s of split(p)) {
    let m;
    const add = (...alts) => { outs = outs.flatMap((o) => alts.map((a) => (a === null ? o : [...o, a]))); };
    if (/^\(.*\)$/.test(s)) add('{path*}');
    else if ((m = /^:(\w+)\*$/.exec(s))) add(null, `{${m[1]}*}`);
    else if ((m = /^:(\w+)\+$/.exec(s))) add(`{${m[1]}*}`);
    else if ((m = /^:(\w+)\?$/.exec(s))) add(null, `{${m[1]}}`);
    else if ((m = /^:(\w+)(\(.*\))?$/.exec(s))) add(`{${m[1]}}`);
    else if ((m = /:(\w+)/.exec(s))) add(`{${m[1]}}`);
    else add(s);
  }
  return outs.map((o) => '/' + o.join('/'));
};
const seen = new Set();
for (const l of layers) {
  if (!l.methods || l.methods.length === 0) continue;
  const methods = l.methods.length > 20 ? ['*'] : [...new Set(l.methods)];
  for (const t of templates(l.path)) for (const m of methods) {
    const line = `${m} ${t}`;
    if (!seen.has(line)) { seen.add(line); console.log(line); }
  }
}
