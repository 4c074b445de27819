// Headless-chromium session on the Unleash admin UI (playwright-core driving Debian's chromium).
// Logs in as the initial admin user, clicks through projects, flags, environments, strategies, archive, event log,
// API tokens, users, segments, context fields, applications, playground. Only 127.0.0.1 is contacted: every other
// request the page would make (Google Fonts) is aborted before it leaves the browser.
const path = require('path');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.UNLEASH_URL || 'http://127.0.0.1:19242';
const log = (...a) => console.log('[browser]', ...a);
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    return route.abort();
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  let n = 0;
  page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const settle = async () => { try { await page.waitForLoadState('networkidle', { timeout: 6000 }); } catch {} await page.waitForTimeout(400); };
  const go = async (p) => { try { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }); } catch (e) { log('goto fail', p, e.message.split('\n')[0]); } await settle(); };
  const step = async (name, fn) => { try { await fn(); await settle(); log('ok', name); } catch (e) { log('FAIL', name, e.message.split('\n')[0]); } };

  // in-app navigation the way a click on a link does it (react-router listens to popstate): no page reload
  const nav = async (p) => {
    try { await page.evaluate((q) => { window.history.pushState({}, '', q); window.dispatchEvent(new PopStateEvent('popstate')); }, p); }
    catch (e) { log('nav fail', p, e.message.split('\n')[0]); }
    await settle();
  };
  const dismiss = async () => { await page.keyboard.press('Escape').catch(() => {}); await page.waitForTimeout(300); };

  await go('/');
  await step('login', async () => {
    await page.fill('#username', 'admin');
    await page.fill('#password', 'unleash4all');
    await page.locator('button[type=submit]').first().click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 });
  });
  await dismiss();
  await nav('/projects');
  await step('open default project', async () => { await page.getByText('Default', { exact: true }).first().click(); });
  await dismiss();
  await step('create flag via UI', async () => {
    await page.locator('button:has-text("New feature flag")').first().click();
    await page.waitForTimeout(800);
    await page.locator('[role=dialog] input').first().fill('holiday-sale');
    await page.locator('[role=dialog] textarea').first().fill('Seasonal discount banner on the storefront');
    await page.locator('[role=dialog] button:has-text("Create feature flag")').click();
    await page.waitForURL(/features\/holiday-sale/, { timeout: 10000 });
  });
  await dismiss();
  await step('enable holiday-sale in development', async () => {
    await page.locator('input[aria-label="development"]').first().click({ force: true });
    await page.waitForTimeout(1000);
    const b2 = page.locator('[role=dialog] button:has-text("Add"), [role=dialog] button:has-text("Enable")');
    if (await b2.count()) await b2.first().click();
  });
  for (const f of ['new-checkout', 'dark-mode', 'search-v2', 'payment-retry']) {
    await nav(`/projects/default/features/${f}`);
    if (f === 'search-v2') {
      await step(`toggle production off ${f}`, async () => {
        await page.locator('input[aria-label="production"]').first().click({ force: true });
        await page.waitForTimeout(800);
      });
    }
    if (f === 'new-checkout' || f === 'dark-mode') {
      await nav(`/projects/default/features/${f}/metrics`);
      await nav(`/projects/default/features/${f}/settings`);
    }
  }
  await nav('/search');
  await step('search flags', async () => { await page.locator('input[type=text], input[type=search]').first().fill('checkout'); await page.waitForTimeout(1200); });
  await nav('/projects/default/archive');
  await nav('/projects/default/settings');
  await nav('/projects/default/settings/api-access');
  await nav('/history');
  await nav('/segments');
  await nav('/context');
  await nav('/strategies');
  await nav('/applications');
  await nav('/applications/checkout-service');
  await nav('/playground');
  await nav('/admin/users');
  await nav('/admin/api');
  await nav('/admin/instance');
  await nav('/profile');
  await go('/projects/default/features/dark-mode');   // a reload / bookmark: full page load
  await go('/docs/openapi/');
  await step('logout', async () => {   // the UI's own <form method="POST" action="/logout"> (profile page / user menu)
    await nav('/profile');
    const f = page.locator('form[action$="/logout"] button[type=submit]');
    if (await f.count()) await f.first().click();
    else await page.evaluate(() => { const x = document.createElement('form'); x.method = 'POST'; x.action = '/logout'; document.body.appendChild(x); x.submit(); });
    await page.waitForURL(/login/, { timeout: 10000 });
  });
  log('requests to server', n);
  await b.close();
})();
