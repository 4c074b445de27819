// Push notifications with the npm "gotify" client (tomsquest/gotify), which POSTs /message?token=<app token>.
// Simulates scripts on several hosts sending alerts through the apps created by sdk.mjs.
const path = require('path');
const fs = require('fs');
const { Gotify } = require(path.join(process.env.NODE_DIR, 'node_modules', 'gotify'));
const state = JSON.parse(fs.readFileSync(process.env.STATE + '/state.json', 'utf8'));
const server = 'http://127.0.0.1:19080';
const client = new Gotify({ server });

const hosts = ['db01', 'web-frontend-2', 'edge-router', 'k8s-node-3'];
const events = [
  ['Disk usage', (h, i) => `/var/lib/postgresql on ${h} is ${70 + (i % 25)}% full`],
  ['Load average', (h, i) => `${h}: load ${(1 + (i % 7) * 0.8).toFixed(2)} over 5 min`],
  ['Deploy', (h, i) => `Deployed shop-api v1.${i % 9}.${i % 4} to ${h}`],
  ['Cron', (h, i) => `logrotate finished on ${h} in ${i % 60}s`],
  ['Login', (h, i) => `SSH login for deploy@${h} from 10.0.${i % 4}.${10 + i}`],
];
(async () => {
  const apps = Object.keys(state.apps);
  let ok = 0, failed = 0;
  for (let i = 0; i < 200; i++) {
    const app = apps[i % apps.length];
    const [title, fn] = events[i % events.length];
    const h = hosts[(i * 7) % hosts.length];
    const msg = { app: state.apps[app].token, title: `${title} - ${h}`, message: fn(h, i), priority: (i * 3) % 11 };
    if (i % 10 === 0) msg.extras = { 'client::notification': { click: { url: `https://grafana.example.org/d/host-overview?var-host=${h}` } } };
    try { await client.send(msg); ok++; } catch (e) { failed++; }
  }
  // one with an invalid app token -> 401 (the library throws)
  try { await client.send({ app: 'A0000000000000x', title: 'x', message: 'bad token', priority: 1 }); } catch (e) { failed++; }
  console.log(`notify done: ${ok} ok, ${failed} failed`);
})();
