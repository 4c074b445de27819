// Headless-chromium session on the Homebridge UI (playwright-core driving Debian's chromium), one browser context with
// a disk cache (the Angular build is fetched once; pages are in-app navigation; the loads after the setup link and the
// logout revalidate with 304s): first-run setup (the admin user), the dashboard, accessories (tiles toggled: the UI
// sends those over its socket.io connection), plugins (installed list, a search, homebridge-dummy's child bridge
// settings saved, its child bridge restarted), the config editor page, users (two users created, one edited, one
// deleted), logs, support, power options (restart Homebridge), settings (two UI settings saved), and a login as the
// second user after a logout.
// The config editor's Monaco bundle (assets/monaco, 4.5 MB, ~1.2 MB gzipped) is blocked inside the browser to keep
// the capture small: the page shows without its editor; the config.json edit is made by drive/api.sh as the page would.
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.HB_URL || 'http://127.0.0.1:18581';
const USER = process.env.HB_ADMIN_USER || 'admin', PASS = process.env.HB_ADMIN_PASSWORD;
const log = (...a) => console.log('[browser]', ...a);
(async () => {
  // Same isolation flags as the other lab browsers; record.sh also runs everything in a network namespace that has
  // only loopback, so nothing can leave 127.0.0.1.
  // A persistent profile (fresh for each recording) keeps the Angular build in chromium's disk cache (the UI serves it
  // with Cache-Control immutable), so the page loads after the first-run setup, the restarts and the logout take it
  // from the cache instead of fetching 6 MB again.
  const profile = process.env.HB_BROWSER_PROFILE || '/tmp/shadowtap-lab/homebridge/run/chromium-profile';
  require('fs').rmSync(profile, { recursive: true, force: true });
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true,
    viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC', args: ['--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disk-cache-size=104857600',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'] });
  const b = ctx;
  let blocked = 0;
  ctx.on('requestfailed', (r) => { if (!r.url().startsWith(BASE)) blocked++; });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(10000);
  // Monaco (the config editor's bundle), the setup/login pages' 172 kB logo, the icon fonts (woff2) and the web
  // manifest's icons (png), which do not compress, are blocked inside the browser with the DevTools protocol, which, unlike
  // playwright's request routing, leaves the HTTP cache on
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBlockedURLs', { urls: ['*/assets/monaco/*', '*/assets/homebridge-color-round.svg', '*.woff2', '*/assets/android-chrome-*'] });
  let n = 0;
  page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const settle = async (ms = 1500) => { try { await page.waitForLoadState('networkidle', { timeout: 5000 }); } catch {} await page.waitForTimeout(ms); };
  // a "Restart Required" (or any other) modal left open would block the next page: close it as a user does
  const closeModals = async () => {
    for (let i = 0; i < 3 && await page.locator('.modal-content').count(); i++) {
      const c = page.locator('.modal-content button', { hasText: /^\s*close\s*$/i });
      if (await c.count()) await c.last().click(); else await page.keyboard.press('Escape');
      await page.waitForTimeout(800);
    }
  };
  const step = async (name, fn) => { try { await closeModals(); await fn(); await settle(); log('ok', name); } catch (e) { log('FAIL', name, e.message.split('\n')[0]); if (process.env.HB_SHOTS) await page.screenshot({ path: process.env.HB_SHOTS + '/' + name.replace(/[^a-z0-9]+/gi, '_') + '.png' }).catch(() => {}); } };
  // in-app navigation the way a click on a link does it (Angular's router listens to popstate): no page reload
  const nav = async (p) => {
    try { await page.evaluate((q) => { window.history.pushState({}, '', q); window.dispatchEvent(new PopStateEvent('popstate')); }, p); }
    catch (e) { log('nav fail', p, e.message.split('\n')[0]); }
    await settle(2500);
  };
  const modalSubmit = async () => {
    const m = page.locator('.modal-content').last();
    await m.locator('button[type=submit], button.btn-primary').last().click();
  };

  await page.goto(BASE + '/', { waitUntil: 'domcontentloaded' });
  await settle(2500);
  log('first page', page.url());
  await step('setup: get started', async () => { await page.getByRole('button', { name: /get started/i }).click(); await page.waitForSelector('#form-username'); });
  await step('setup: create admin', async () => {
    await page.fill('#form-username', USER);
    await page.fill('#form-pass', PASS);
    await page.fill('#form-pass-confirm', PASS);
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('a:has-text("Continue")', { timeout: 15000 });
  });
  await step('setup: continue', async () => { await page.locator('a:has-text("Continue")').click(); await page.waitForTimeout(3000); });
  if (page.url().includes('/login')) {
    await step('login', async () => {
      await page.fill('#form-username', USER); await page.fill('#form-pass', PASS);
      await page.locator('#submit-button').click(); await page.waitForURL((u) => !u.pathname.includes('/login'), { timeout: 15000 });
    });
  }
  log('after setup at', page.url());
  await settle(3000);
  await step('accessories', async () => { await nav('/accessories'); await page.waitForSelector('.manage-accessory-button', { timeout: 15000 }); });
  await step('toggle accessories', async () => {
    for (const name of ['Hallway Night', 'Movie Mode', 'Porch Outlet', 'Movie Mode']) {
      await page.locator(`text=${name}`).first().click(); await page.waitForTimeout(1200);
    }
  });
  await step('plugins', async () => { await nav('/plugins'); await page.waitForSelector('text=homebridge-dummy', { timeout: 15000 }); });
  await step('plugin search', async () => {
    await page.locator('button.btn-elegant').first().click(); await page.waitForTimeout(800);
    const q = page.locator('input[type=text], input[type=search]').first();
    await q.fill('dummy'); await q.press('Enter'); await page.waitForTimeout(3000);
    await q.fill(''); await q.press('Enter'); await page.waitForTimeout(1500);
  });
  await step('plugin child bridge (homebridge-dummy)', async () => {
    await nav('/plugins');
    const card = page.locator('.card', { hasText: 'homebridge-dummy' }).first();
    await card.locator('a.card-link').nth(0).click();
    await page.waitForSelector('.modal-content', { timeout: 8000 });
    await page.waitForTimeout(2000);
    log('modal text', (await page.locator('.modal-content').last().innerText()).slice(0, 120).replace(/\n/g, ' | '));
    const inp = page.locator('.modal-content input[type=text]').first();
    if (await inp.count()) { await inp.fill('Dummy Switches'); }
    await modalSubmit(); await page.waitForTimeout(2500);
  });
  await step('restart child bridge (homebridge-dummy)', async () => {
    const card = page.locator('.card', { hasText: 'homebridge-dummy' }).first();
    await card.locator('a.dropdown-toggle').first().click(); await page.waitForTimeout(600);
    await page.locator('.dropdown-menu.show').getByText('Restart Child Bridge').click();
    await page.waitForTimeout(6000);
  });
  await step('config editor page', async () => { await nav('/config'); await page.waitForTimeout(2000); });
  await step('users', async () => { await nav('/users'); await page.waitForSelector('text=SETUP 2FA', { timeout: 10000 }); });
  for (const [name, username, pw, admin] of [['Maya Okafor', 'maya', 'Copper-Finch-31', true], ['Living Room Tablet', 'wall-tablet', 'Quiet-Harbor-77', false]]) {
    await step('add user ' + username, async () => {
      await page.locator('button.btn-elegant').first().click();
      await page.waitForSelector('.modal-content input[formcontrolname=username]');
      const m = page.locator('.modal-content').last();
      await m.locator('input[formcontrolname=name]').fill(name);
      await m.locator('input[formcontrolname=username]').fill(username);
      await m.locator('input[formcontrolname=password]').fill(pw);
      await m.locator('input[formcontrolname=passwordConfirm]').fill(pw);
      if (admin) { const c = m.locator('input[formcontrolname=admin]'); if (await c.count()) await c.check({ force: true }); }
      await modalSubmit(); await page.waitForTimeout(2000);
    });
  }
  await step('edit user wall-tablet', async () => {
    const row = page.locator('.card', { hasText: 'wall-tablet' }).last();
    await row.locator('button.btn-elegant').first().click();
    await page.waitForSelector('.modal-content input[formcontrolname=name]');
    await page.locator('.modal-content input[formcontrolname=name]').fill('Hallway Wall Tablet');
    await modalSubmit(); await page.waitForTimeout(2000);
  });
  await step('delete user wall-tablet', async () => {
    const row = page.locator('.card', { hasText: 'wall-tablet' }).last();
    await row.locator('button.btn-danger').first().click();
    await page.waitForTimeout(1000);
    const c = page.locator('.modal-content button.btn-danger, .modal-content button.btn-primary');
    if (await c.count()) await c.last().click();
    await page.waitForTimeout(2000);
  });
  await step('logs', async () => { await nav('/logs'); await page.waitForTimeout(3000); });
  await step('support', async () => { await nav('/support'); });
  await step('dashboard', async () => { await nav('/'); await page.waitForTimeout(3000); });
  await step('power options: restart homebridge', async () => {
    await nav('/power-options');
    await page.getByRole('button', { name: /restart homebridge/i }).click();
    await page.waitForTimeout(12000);
  });
  await step('dashboard after restart', async () => { await nav('/'); await page.waitForTimeout(3000); });
  await step('settings', async () => { await nav('/settings'); await page.waitForSelector('text=Display'); });
  await step('settings: always show betas', async () => { await page.locator('#uiAlwaysShowBetas').click({ force: true }); await page.waitForTimeout(2000); });
  await step('settings: temperature units', async () => {
    const sel = page.locator('select', { hasText: 'Fahrenheit' }).first();
    await sel.selectOption({ index: 0 }); await page.waitForTimeout(2000);
  });
  await step('logout', async () => {
    await page.getByLabel(/log ?out/i).first().click();
    await page.waitForSelector('#form-username');
  });
  await step('login as maya', async () => {
    await page.fill('#form-username', 'maya'); await page.fill('#form-pass', 'Copper-Finch-31');
    await page.locator('#submit-button').click(); await page.waitForURL((u) => !u.pathname.includes('/login'), { timeout: 15000 });
  });
  await step('maya: accessories', async () => { await nav('/accessories'); await page.locator('text=Front Door Lock').first().click(); await page.waitForTimeout(1500); });
  await step('maya: plugins', () => nav('/plugins'));
  log(`requests to ${BASE}: ${n}, blocked outside: ${blocked}`);
  await b.close();
})().catch((e) => { console.error(e); process.exit(1); });
