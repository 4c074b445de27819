// Headless-chromium session on the Backstage frontend (the lab's build of @backstage/create-app's default app, served
// by the app backend at /), playwright-core driving Debian's chromium with one browser profile (the HTTP cache keeps
// the hashed bundles after their first load): guest sign-in, the catalog table (kinds, owner filter, search box),
// entity pages of several kinds and namespaces (overview, relations, provided/consumed APIs, group and user pages, a
// system), the API explorer's table (no API entity page: its definition widget loads swagger-ui, 375 kB gzipped, which
// the lab's capture budget does not allow), the search page with two queries, the scaffolder: template list, a template run filled in
// through its form (a new task, followed on its task page), the installed actions and the task list; then two deep
// links opened directly (page loads answered by the app backend's index.html fallback).
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.BASE || 'http://127.0.0.1:17007';
const log = (...a) => console.log('[browser]', ...a);
const SHOTS = process.env.BS_SHOTS;
(async () => {
  const profile = process.env.BS_BROWSER_PROFILE || '/tmp/shadowtap-lab/backstage/run/chromium-profile';
  require('fs').rmSync(profile, { recursive: true, force: true });
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true,
    viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC', args: ['--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--proxy-bypass-list=<-loopback>;127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disk-cache-size=104857600',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'] });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(10000);
  let n = 0;
  page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const settle = async (ms = 1500) => { try { await page.waitForLoadState('networkidle', { timeout: 6000 }); } catch {} await page.waitForTimeout(ms); };
  const shot = async (name) => { if (SHOTS) await page.screenshot({ path: SHOTS + '/' + name.replace(/[^a-z0-9]+/gi, '_') + '.png' }).catch(() => {}); };
  const step = async (name, fn) => { try { await fn(); await settle(); log('ok', name); await shot(name); } catch (e) { log('FAIL', name, e.message.split('\n')[0]); await shot('FAIL_' + name); } };
  // in-app navigation (react-router listens to popstate), so index.html and the bundles load once
  const nav = async (p) => { await page.evaluate((u) => { window.history.pushState({}, '', u); window.dispatchEvent(new PopStateEvent('popstate', { state: {} })); }, p); await settle(2000); };

  await step('open', async () => { await page.goto(BASE + '/'); });
  await step('guest sign-in', async () => { await page.getByRole('button', { name: /enter/i }).first().click(); });
  await step('catalog', () => nav('/catalog'));
  await step('catalog kind api', async () => { await nav('/catalog?filters%5Bkind%5D=api&filters%5Buser%5D=all'); });
  await step('catalog kind group', async () => { await nav('/catalog?filters%5Bkind%5D=group&filters%5Buser%5D=all'); });
  await step('catalog search box', async () => {
    await nav('/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all');
    const s = page.locator('input[placeholder*="Search" i], input[type="search"]').first();
    if (await s.count()) { await s.fill('pay'); await settle(1500); await s.fill('checkout'); }
  });
  await step('payments-gateway', () => nav('/catalog/default/component/payments-gateway'));
  await step('payments-gateway apis', () => nav('/catalog/default/component/payments-gateway/apis'));
  await step('payments-gateway dependencies', () => nav('/catalog/default/component/payments-gateway/dependencies'));
  await step('cart-service', () => nav('/catalog/commerce/component/cart-service'));
  await step('order-fulfilment', () => nav('/catalog/commerce/system/order-fulfilment'));
  await step('payments-team', () => nav('/catalog/default/group/payments-team'));
  await step('analytics-guild', () => nav('/catalog/data/group/analytics-guild'));
  await step('ana.souza', () => nav('/catalog/default/user/ana.souza'));
  await step('payments-db', () => nav('/catalog/default/resource/payments-db'));
  await step('api explorer', () => nav('/api-docs'));
  await step('search ledger', async () => {
    await nav('/search?query=ledger');
    const s = page.locator('input[placeholder*="Search" i], input[type="search"]').first();
    if (await s.count()) { await s.fill('checkout'); await page.keyboard.press('Enter'); }
  });
  await step('create', () => nav('/create'));
  await step('template node-service', () => nav('/create/templates/default/node-service-template'));
  await step('template form', async () => {
    await page.getByLabel(/^Name/).first().fill('refund-worker');
    const d = page.getByLabel(/Description/).first();
    if (await d.count()) await d.fill('Processes refunds from the payments queue');
    const owner = page.getByLabel(/Owner/).first();
    await owner.click(); await owner.fill('payments'); await settle(1500);
    const opt = page.getByRole('option').first();
    if (await opt.count()) await opt.click(); else await owner.fill('group:default/payments-team');
    await page.getByRole('button', { name: /next/i }).first().click(); await settle(1000);
    await page.getByRole('button', { name: /review|next/i }).first().click(); await settle(1000);
    await page.getByRole('button', { name: /create/i }).last().click();
    await settle(5000);
    log('task page', page.url());
  });
  await step('tasks', () => nav('/create/tasks'));
  await step('actions', () => nav('/create/actions'));
  await step('docs-site template', () => nav('/create/templates/default/docs-site-template'));
  await step('catalog again', () => nav('/catalog'));
  // deep links opened directly (a bookmark, a link from chat): the app backend answers index.html for any page
  await step('deep link ledger-service', () => page.goto(BASE + '/catalog/default/component/ledger-service'));
  await step('deep link template', () => page.goto(BASE + '/create/templates/data/data-pipeline-template'));
  log('requests to the backend:', n);
  await ctx.close();
})().catch((e) => { console.error(e); process.exit(1); });
