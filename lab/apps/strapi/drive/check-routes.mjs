// Checks every HTTP request in a capture against routes.txt the way the README describes (literal > {x} > {x*}).
// usage: node check-routes.mjs routes.txt capture.pcap[.gz]   (uses tshark; port 11337 decoded as HTTP). Prints unmatched requests (noise).
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
const routes = fs.readFileSync(process.argv[2], 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)
  .map((l) => { const [m, p] = l.split(/\s+/); return { m, segs: p.split('/').filter(Boolean), p }; });
function match(segs, rs) {
  if (rs.length === 0) return segs.length === 0;
  const r = rs[0];
  if (/^\{[^}]+\*\}$/.test(r)) { for (let k = 1; k <= segs.length; k++) if (match(segs.slice(k), rs.slice(1))) return true; return false; }
  if (segs.length === 0) return false;
  if (/^\{[^}]+\}$/.test(r) || r === segs[0]) return match(segs.slice(1), rs.slice(1));
  return false;
}
const out = execFileSync('tshark', ['-r', process.argv[3], '-d', 'tcp.port==11337,http', '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.request.uri'], { maxBuffer: 1 << 28 }).toString();
let total = 0; const miss = {}; const spa = {};
for (const line of out.trim().split('\n')) {
  const [m, uri] = line.split('\t'); total++;
  const path = decodeURIComponent(uri.split('?')[0]);
  const segs = path.split('/').filter(Boolean);
  const hits = routes.filter((r) => (r.m === '*' || r.m === m || (m === 'HEAD' && r.m === 'GET')) && match(segs, r.segs));
  if (!hits.length) { const k = `${m} ${path}`; miss[k] = (miss[k] || 0) + 1; }
  else if (hits.every((r) => r.p === '/{path*}')) { const k = `${m} ${path}`; spa[k] = (spa[k] || 0) + 1; }
}
console.log(`requests: ${total}, unmatched: ${Object.values(miss).reduce((a, b) => a + b, 0)}`);
for (const [k, v] of Object.entries(miss).sort()) console.log(`  ${v}\t${k}`);
console.log(`matched only by the public catch-all GET /{path*}: ${Object.values(spa).reduce((a, b) => a + b, 0)}`);
for (const [k, v] of Object.entries(spa).sort()) console.log(`  ${v}\t${k}`);
