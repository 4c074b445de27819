// Signal K's own JavaScript client (@signalk/client 2.4.0, the version signalk-server 2.23.0 ships) on the v1 REST API
// and the WebSocket stream: two crew members connect with their accounts (the client logs in over the stream, then
// fetches with the JWT), read the data model the way instrument apps do (self, name, position, speeds, wind, depth,
// meta, other vessels, sources), subscribe to a few paths for some seconds; an anonymous client reads public data
// (discovery, self) and a device asks for access (POST /signalk/v1/access/requests), which the skipper's client
// approves (PUT /security/access/requests/ID/approved, the client's own backwards-compatible path), and the device
// polls its request until it has a token.
const path = require('path');
const SK = '/tmp/shadowtap-lab/signalk/global/lib/node_modules/signalk-server';
const { Client } = require(require.resolve('@signalk/client', { paths: [SK] }));
const log = (...a) => console.log('[sdk]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const opts = (extra) => ({ hostname: '127.0.0.1', port: 13000, useTLS: false, reconnect: false, autoConnect: false,
  notifications: false, deltaStreamBehaviour: 'none', ...extra });
let n = 0;
const tryit = async (name, fn) => { n++; try { const r = await fn(); log('ok', name, JSON.stringify(r).slice(0, 80)); return r; } catch (e) { log('err', name, e.message.slice(0, 120)); } };

async function crew(username, password, paths) {
  const c = new Client(opts({ useAuthentication: true, username, password }));
  const authed = new Promise((res, rej) => { c.once('authenticated', res); c.once('error', rej); });
  await c.connect();
  await Promise.race([authed, sleep(5000)]);
  const api = await c.API();
  await tryit(username + ' self', () => api.self());
  await tryit(username + ' name', () => api.name());
  await tryit(username + ' mrn', () => api.mrn());
  for (const p of paths) await tryit(username + ' ' + p, () => api.get('/vessels/self/' + p));
  await tryit(username + ' navigation', () => api.navigation('position'));
  await tryit(username + ' environment', () => api.environment('wind/speedApparent'));
  await tryit(username + ' meta', () => api.getMeta('/vessels/self/navigation/speedOverGround'));
  const vessels = await tryit(username + ' vessels', () => api.vessels());
  for (const v of Object.keys(vessels || {}).filter((k) => !k.includes(String(c.self || '').replace(/^vessels\./, ''))).slice(0, 4)) {
    await tryit(username + ' vessel ' + v, () => api.vessel(v, '/navigation/position'));
    await tryit(username + ' vessel name ' + v, () => api.vessel(v, '/name'));
  }
  await tryit(username + ' sources', () => api.sources());
  c.subscribe([{ context: 'vessels.self', subscribe: [{ path: 'navigation.position', period: 1000 },
    { path: 'navigation.speedOverGround', period: 1000 }, { path: 'environment.depth.belowTransducer', period: 2000 }] }]);
  let deltas = 0; c.on('delta', () => deltas++);
  await sleep(4000);
  log(username, 'deltas', deltas);
  c.disconnect();
  return c;
}

(async () => {
  await crew('navigator.lena', 'Sextant-1853', ['navigation/speedOverGround', 'navigation/courseOverGroundTrue',
    'navigation/headingMagnetic', 'navigation/gnss/satellites', 'environment/depth/belowTransducer',
    'environment/wind/angleApparent', 'navigation/datetime', 'navigation/magneticVariation']);
  await crew('deckhandTom', 'bowline-knot', ['electrical', 'propulsion', 'environment/water/temperature',
    'environment/outside/pressure', 'environment/outside/relativeHumidity', 'design', 'design/draft', 'navigation/log']);
  // anonymous reader and a device access request
  const anon = new Client(opts({}));
  await anon.connect();
  const aapi = await anon.API();
  await tryit('anon self', () => aapi.self());
  await tryit('anon position', () => aapi.navigation('position'));
  const dev = await tryit('device request', () => anon.requestDeviceAccess('Cockpit tablet (helm display)', 'c7d2f4a8-5e61-4b0d-9a3e-2f8b6c1d7e90'));
  const href = dev && dev.response && dev.response.href;
  const skipper = new Client(opts({ useAuthentication: true, username: 'skipper', password: 'Ahoy-2026!' }));
  const authed = new Promise((res) => skipper.once('authenticated', res));
  await skipper.connect();
  await Promise.race([authed, sleep(5000)]);
  if (href) {
    await tryit('device poll', () => fetch('http://127.0.0.1:13000' + href).then((r) => r.json()));
    await tryit('approve', () => skipper.respondToAccessRequest('c7d2f4a8-5e61-4b0d-9a3e-2f8b6c1d7e90', 'readwrite', '1y'));
    await tryit('device poll', () => fetch('http://127.0.0.1:13000' + href).then((r) => r.json()));
  }
  const dev2 = await tryit('device request 2', () => anon.requestDeviceAccess('nmea-wifi-bridge', 'b1e0c3d5-7a92-4f6e-8d14-3c5a9b7e2f01'));
  await tryit('deny', () => skipper.respondToAccessRequest('b1e0c3d5-7a92-4f6e-8d14-3c5a9b7e2f01', 'denied'));
  if (dev2 && dev2.response && dev2.response.href) await tryit('device2 poll', () => fetch('http://127.0.0.1:13000' + dev2.response.href).then((r) => r.json()));
  anon.disconnect(); skipper.disconnect();
  log('calls', n);
  await sleep(500);
  process.exit(0);
})().catch((e) => { console.error('[sdk] fatal', e); process.exit(1); });
