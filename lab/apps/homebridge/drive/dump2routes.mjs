// Turns drive/dump-routes.mjs's dump (fastify onRoute records) into routes.txt lines "METHOD /path":
// ":x" -> "{x}", a "*" segment (fastify's wildcard) -> "{path*}", the CORS plugin's "OPTIONS *" -> "OPTIONS /{path*}".
import { readFileSync } from 'node:fs';
const d = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const seen = new Set();
for (const r of d.routes) {
  let u = r.url === '*' ? '/*' : r.url;
  u = u.split('/').map((s) => s === '*' ? '{path*}' : s.startsWith(':') ? '{' + s.slice(1) + '}' : s).join('/');
  const line = `${r.method} ${u}`;
  if (!seen.has(line)) { seen.add(line); console.log(line); }
}
