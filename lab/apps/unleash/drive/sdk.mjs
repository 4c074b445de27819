// Real Unleash SDK clients against the lab server:
//  - unleash-client (Node server SDK): /api/client/register, /api/client/features (ETag polling), /api/client/metrics
//  - unleash-proxy-client (the JS frontend SDK): /api/frontend (GET with context query, one app with POST), /api/frontend/client/metrics
// Several application names, both environments; runs for DURATION seconds (default 45).
import { createRequire } from 'node:module';
const require = createRequire('/tmp/shadowtap-lab/unleash/app/package.json');
const { Unleash } = require('unleash-client');
const { UnleashClient, InMemoryStorageProvider } = await import(require.resolve('unleash-proxy-client'));

const URL_ = process.env.UNLEASH_URL || 'http://127.0.0.1:19242';
const DURATION = Number(process.env.DURATION || 45) * 1000;
const FLAGS = ['new-checkout', 'dark-mode', 'search-v2', 'payment-retry', 'beta-api-keys', 'recommendations-widget',
  'onboarding-tour', 'mobile-push-alerts', 'maintenance-banner', 'new-checkout-v2', 'holiday-sale'];
const backend = [
  { appName: 'checkout-service', token: '*:production.lab-backend-prod-9e8d7c6b5a4f', instanceId: 'checkout-7f9c4-1' },
  { appName: 'website', token: '*:development.lab-backend-dev-7a1b2c3d4e5f', instanceId: 'website-dev-1' },
  { appName: 'mobile-backend', token: '*:development.lab-backend-dev-7a1b2c3d4e5f', instanceId: 'mobile-api-2' },
  { appName: 'billing-worker', token: '*:production.lab-backend-prod-9e8d7c6b5a4f', instanceId: 'billing-cron-1' },
  { appName: 'search-indexer', token: '*:development.lab-backend-dev-7a1b2c3d4e5f', instanceId: 'indexer-0' },
  { appName: 'notification-service', token: '*:production.lab-backend-prod-9e8d7c6b5a4f', instanceId: 'notify-5d8b-2' },
];
const frontends = [
  { appName: 'website-frontend', clientKey: '*:production.lab-frontend-prod-1f2e3d4c5b6a', env: 'production', post: false },
  { appName: 'mobile-app', clientKey: '*:development.lab-frontend-dev-3c4d5e6f7a8b', env: 'development', post: false },
  { appName: 'admin-dashboard', clientKey: '*:development.lab-frontend-dev-3c4d5e6f7a8b', env: 'development', post: true },
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let n = 0; const rnd = () => { n = (n * 1103515245 + 12345) & 0x7fffffff; return n / 0x7fffffff; }; // deterministic

const clients = [];
for (const [i, b] of backend.entries()) {
  await sleep(400 * i);
  const u = new Unleash({
    url: `${URL_}/api/`, appName: b.appName, instanceId: b.instanceId, environment: 'default',
    customHeaders: { Authorization: b.token }, refreshInterval: 3000, metricsInterval: 6000,
    disableAutoStart: false,
  });
  u.on('error', (e) => console.error(`[${b.appName}]`, e.message));
  u.on('warn', () => {});
  clients.push(u);
}
const fes = [];
for (const f of frontends) {
  const c = new UnleashClient({
    url: `${URL_}/api/frontend`, clientKey: f.clientKey, appName: f.appName, environment: f.env,
    refreshInterval: 4, metricsInterval: 7, metricsIntervalInitial: 2, usePOSTrequests: f.post,
    storageProvider: new InMemoryStorageProvider(), context: { userId: '1021' },
  });
  c.on('error', (e) => console.error(`[${f.appName}]`, JSON.stringify(e).slice(0, 200)));
  await c.start();
  fes.push(c);
}
const users = ['1021', '1187', '2044', '3310', '4521', '5077'];
const regions = ['eu-west', 'us-east', 'ap-south'];
const plans = ['free', 'pro', 'team', 'enterprise'];
const t0 = Date.now();
let step = 0;
while (Date.now() - t0 < DURATION) {
  for (const u of clients) {
    for (let k = 0; k < 20; k++) {
      const ctx = { userId: users[Math.floor(rnd() * users.length)],
        properties: { region: regions[Math.floor(rnd() * 3)], plan: plans[Math.floor(rnd() * 4)] } };
      const f = FLAGS[Math.floor(rnd() * FLAGS.length)];
      u.isEnabled(f, ctx);
      if (f === 'dark-mode' || f === 'recommendations-widget') u.getVariant(f, ctx);
    }
  }
  for (const c of fes) { for (const f of FLAGS.slice(0, 7)) c.isEnabled(f); c.getVariant('dark-mode'); }
  if (step % 5 === 4) { // a user logs in / switches: the frontend SDK refetches with the new context
    const c = fes[(step / 5 | 0) % fes.length];
    await c.updateContext({ userId: users[(step / 5 | 0) % users.length], properties: { region: regions[step % 3] } });
  }
  step++;
  await sleep(1000);
}
for (const c of fes) { await c.sendMetrics(); c.stop(); }
for (const u of clients) u.destroyWithFlush ? await u.destroyWithFlush() : u.destroy();
console.log('sdk done');
process.exit(0);
