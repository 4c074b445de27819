// Headless-chromium sessions on NocoDB's web UI (Nuxt/Vue single-page app under /dashboard/, hash routes; it talks to
// the REST API with the xc-auth JWT and to socket.io). The owner signs in through the sign-in form, opens each base
// and its tables (grid views load rows, columns, filters, sorts), the shared views' pages, account settings and
// the API-token page, then the shared views' public pages. Only 127.0.0.1 is contacted (launch flags).
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.NOCODB_URL || 'http://127.0.0.1:15808';
const STATE = process.env.STATE;
const log = (...a) => console.log('[browser]', ...a);
const [CRM, INV, HR] = fs.readFileSync(path.join(STATE, 'bases'), 'utf8').trim().split(' ');
const tw = fs.readFileSync(path.join(STATE, 'tables'), 'utf8').trim().split(' ');
const T = {}; for (let i = 0; i < tw.length; i += 2) T[tw[i]] = tw[i + 1];
const shared = fs.readFileSync(path.join(STATE, 'shared'), 'utf8').trim().split('\n');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'] });
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  let total = 0;
  const session = async (name, fn) => {
    await ctx.clearCookies();
    const page = await ctx.newPage();
    page.setDefaultTimeout(10000);
    let n = 0;
    page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
    const settle = async () => { try { await page.waitForLoadState('networkidle', { timeout: 6000 }); } catch {} await page.waitForTimeout(800); };
    const go = async (p) => { try { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }); } catch (e) { log('goto fail', p, e.message.split('\n')[0]); } await settle(); };
    const step = async (s, f) => { try { await f(); await settle(); log(name, 'ok', s); } catch (e) { log(name, 'FAIL', s, e.message.split('\n')[0]); } };
    await fn({ page, go, step, settle });
    await page.close();
    log(name, 'requests', n); total += n;
  };
  await session('owner', async ({ page, go, step }) => {
    await go('/dashboard/#/signin');
    await step('sign in', async () => {
      await page.locator('input[type="email"], input#form_item_email, input[name="email"]').first().fill('amara.okafor@northwind-crm.test');
      await page.locator('input[type="password"]').first().fill('Lab-Passw0rd!23');
      await page.locator('button[type="submit"], button:has-text("Sign In")').first().click();
      await page.waitForURL((u) => !String(u).includes('signin'), { timeout: 15000 });
    });
    await go('/dashboard/#/');
    for (const [base, tables] of [[CRM, ['customers', 'orders', 'deals']], [INV, ['products', 'warehouses']], [HR, ['employees', 'leave_requests']]]) {
      await step('base ' + base, async () => { await page.goto(`${BASE}/dashboard/#/nc/${base}`); });
      for (const t of tables) {
        await step('table ' + t, async () => { await page.goto(`${BASE}/dashboard/#/nc/${base}/${T[t]}`); await page.waitForTimeout(1500); });
      }
    }
    await step('search customers', async () => {
      await page.goto(`${BASE}/dashboard/#/nc/${CRM}/${T.customers}`); await page.waitForTimeout(1500);
      const s = page.locator('input[placeholder*="Search" i]').first();
      await s.fill('Lindgren'); await s.press('Enter');
    });
    await step('expand record', async () => {
      await page.goto(`${BASE}/dashboard/#/nc/${CRM}/${T.orders}?rowId=3`); await page.waitForTimeout(1500);
    });
    await step('account profile', async () => { await page.goto(`${BASE}/dashboard/#/account/profile`); });
    await step('account tokens', async () => { await page.goto(`${BASE}/dashboard/#/account/tokens`); });
    await step('account users', async () => { await page.goto(`${BASE}/dashboard/#/account/users/list`); });
    await step('account settings', async () => { await page.goto(`${BASE}/dashboard/#/account/users/settings`); });
    await step('app store', async () => { await page.goto(`${BASE}/dashboard/#/account/apps`); });
    await step('back to orders', async () => { await page.goto(`${BASE}/dashboard/#/nc/${CRM}/${T.orders}`); await page.waitForTimeout(1500); });
    // the shared views' public pages, in the same tab (the UI's scripts are served without validators, so a new tab
    // would fetch all of them again)
    for (const u of shared) await step('shared view ' + u, async () => { await page.goto(`${BASE}/dashboard/#/nc/view/${u}`); await page.waitForTimeout(1500); });
  });
  log('total requests', total);
  await b.close();
})();
