// Headless-chromium session on the Directus admin app (playwright-core driving Debian's chromium).
// Logs in as the admin user, browses the content collections, opens and edits items, looks at files, users, the
// activity log, insights and the data model settings, then logs out. Only 127.0.0.1 is contacted: every other request
// the page would make is aborted before it leaves the browser.
const path = require('path');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.DIRECTUS_URL || 'http://127.0.0.1:18055';
const log = (...a) => console.log('[browser]', ...a);
(async () => {
  // Everything not on loopback goes to a proxy that does not exist (127.0.0.1:9, not the captured port): chromium never
  // proxies loopback, so only 127.0.0.1 is reached; no host name is resolved (host-resolver-rules) and chromium's own
  // background services (autofill, hints, time, safe browsing) are off, so not even a DNS query leaves the machine. (No playwright request interception: it would switch off the HTTP
  // cache and every page load would fetch the admin app's 11 MB of scripts again.)
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'] });
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  let blocked = 0;
  ctx.on('requestfailed', (r) => { if (!r.url().startsWith(BASE)) blocked++; });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10000);
  let n = 0;
  page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const settle = async () => { try { await page.waitForLoadState('networkidle', { timeout: 6000 }); } catch {} await page.waitForTimeout(500); };
  const go = async (p) => { try { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }); } catch (e) { log('goto fail', p, e.message.split('\n')[0]); } await settle(); };
  const step = async (name, fn) => { try { await fn(); await settle(); log('ok', name); } catch (e) { log('FAIL', name, e.message.split('\n')[0]); } };
  // in-app navigation the way a click on a link does it (vue-router listens to popstate): no page reload
  const nav = async (p) => {
    try { await page.evaluate((q) => { window.history.pushState({}, '', q); window.dispatchEvent(new PopStateEvent('popstate')); }, p); }
    catch (e) { log('nav fail', p, e.message.split('\n')[0]); }
    await settle();
  };

  await go('/');
  await step('login', async () => {
    await page.fill('input[type=email]', process.env.ADMIN_EMAIL || 'admin@example.com');
    await page.fill('input[type=password]', process.env.ADMIN_PASSWORD);
    await page.locator('button[type=submit]').first().click();
    await page.waitForURL((u) => !u.pathname.includes('/login'), { timeout: 20000 });
  });
  log('after login at', page.url());
  for (const c of ['articles', 'authors', 'products', 'orders', 'categories']) {
    await step('collection ' + c, async () => { await nav('/admin/content/' + c); await page.waitForSelector('table, .v-table, .no-items, .info', { timeout: 8000 }); });
  }
  await step('open an article', async () => {
    await nav('/admin/content/articles/1');
    await page.waitForSelector('input[type=text]', { timeout: 8000 });
  });
  await step('edit article title', async () => {
    const input = page.locator('input[type=text]').first();
    await input.fill('Rewilding the river delta, revisited');
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(1500);
  });
  for (const p of ['/admin/content/authors/2', '/admin/content/products/3', '/admin/content/orders/1', '/admin/content/site_settings']) {
    await step('item ' + p, () => nav(p));
  }
  for (const p of ['/admin/files', '/admin/users', '/admin/insights', '/admin/activity', '/admin/settings/data-model',
                   '/admin/settings/data-model/articles', '/admin/settings/roles', '/admin/settings/policies',
                   '/admin/settings/project', '/admin/settings/flows', '/admin/users/' ]) {
    await step('page ' + p, () => nav(p));
  }
  for (const p of ['/admin/content/articles/3', '/admin/content/articles?bookmark=1']) await step('page ' + p, () => nav(p));
  // only one full page load: chromium's in-memory cache does not keep the 7 MB entry script, a reload refetches it
  await step('logout', () => nav('/admin/logout'));
  log(`requests to ${BASE}: ${n}, blocked outside: ${blocked}`);
  await b.close();
})().catch((e) => { console.error(e); process.exit(1); });
