// Headless-chromium session on Signal K's admin UI (@signalk/server-admin-ui, React, hash routes under /admin/#/),
// playwright-core driving Debian's chromium, one page load and in-app navigation afterwards: login as the skipper,
// the dashboard, the data browser (with a search), server settings, the vessel data, connections (a data connection
// opened), plugin configuration (one plugin opened and saved), webapps, the app store page, security: users (a user
// created and removed through the form), security settings, devices, access requests, the server log, backup page,
// then logout and a login as the first mate, who looks at the dashboard and the data browser.
// Icon fonts and their SVG fallbacks (1-2 MB, do not compress well) are blocked inside the browser to keep the capture
// small, with the DevTools protocol (the HTTP cache stays on).
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.SK_URL || 'http://127.0.0.1:13000';
const log = (...a) => console.log('[browser]', ...a);
const SHOTS = process.env.SK_SHOTS;
(async () => {
  const profile = process.env.SK_BROWSER_PROFILE || '/tmp/shadowtap-lab/signalk/run/chromium-profile';
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
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBlockedURLs', { urls: ['*.woff2', '*.woff', '*.ttf', '*.eot', '*/assets/fa-*.svg', '*/assets/fontawesome-*.svg', '*/assets/Simple-Line-Icons-*.svg'] });
  let n = 0;
  page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const settle = async (ms = 1500) => { try { await page.waitForLoadState('networkidle', { timeout: 5000 }); } catch {} await page.waitForTimeout(ms); };
  const shot = async (name) => { if (SHOTS) await page.screenshot({ path: SHOTS + '/' + name.replace(/[^a-z0-9]+/gi, '_') + '.png' }).catch(() => {}); };
  const step = async (name, fn) => { try { await fn(); await settle(); log('ok', name); await shot(name); } catch (e) { log('FAIL', name, e.message.split('\n')[0]); await shot('FAIL_' + name); } };
  const nav = async (hash) => { await page.evaluate((h) => { window.location.hash = h; }, hash); await settle(2500); };
  const login = async (user, pass) => {
    await nav('#/login');
    await page.locator('input[name="username"], input#username, input[placeholder*="sername"]').first().fill(user);
    await page.locator('input[type="password"]').first().fill(pass);
    await page.locator('button[type="submit"], button:has-text("Login")').first().click();
    await settle(2500);
  };

  await step('open', async () => { await page.goto(BASE + '/admin/'); });
  await step('login skipper', () => login('skipper', 'Ahoy-2026!'));
  await step('dashboard', () => nav('#/dashboard'));
  await step('databrowser', async () => {
    await nav('#/databrowser');
    const s = page.locator('input[type="text"], input[placeholder*="earch"]').first();
    if (await s.count()) { await s.fill('navigation'); await settle(2000); await s.fill('wind'); }
  });
  await step('settings', () => nav('#/serverConfiguration/settings'));
  await step('connections', () => nav('#/serverConfiguration/connections/-'));
  await step('connection n2k', () => nav('#/serverConfiguration/connections/n2k-sample-data'));
  await step('plugins', () => nav('#/serverConfiguration/plugins/-'));
  await step('plugin sk-ais-status', async () => {
    await nav('#/serverConfiguration/plugins/sk-ais-status');
    const b = page.locator('button:has-text("Submit"), button:has-text("Save")').first();
    if (await b.count()) { await b.click(); }
  });
  await step('plugin resources-provider', () => nav('#/serverConfiguration/plugins/resources-provider'));
  await step('datafiddler', () => nav('#/serverConfiguration/datafiddler'));
  await step('webapps', () => nav('#/webapps'));
  await step('appstore', () => nav('#/appstore'));
  await step('users', () => nav('#/security/users'));
  await step('user add', async () => {
    const add = page.locator('button:has-text("Add")').first();
    await add.click(); await settle(1000);
    await page.locator('input[name="userId"]').first().fill('engineer_mikko');
    await page.locator('input[name="password"]').first().fill('Volvo-Penta-D2');
    const conf = page.locator('input[name="confirmPassword"]');
    if (await conf.count()) await conf.first().fill('Volvo-Penta-D2');
    const sel = page.locator('select[name="type"]');
    if (await sel.count()) await sel.first().selectOption('readwrite');
    await page.locator('button:has-text("Apply"), button:has-text("Save")').first().click();
  });
  await step('security settings', () => nav('#/security/settings'));
  await step('devices', () => nav('#/security/devices'));
  await step('access requests', () => nav('#/security/access/requests'));
  await step('server log', () => nav('#/serverConfiguration/log'));
  await step('backup', () => nav('#/serverConfiguration/backuprestore'));
  await step('documentation', () => nav('#/documentation'));
  await step('logout', async () => { await page.locator('a:has-text("Logout"), button:has-text("Logout")').first().click(); await settle(2000); });
  await step('login mate', () => login('first_mate', 'Genoa#Trim88'));
  await step('mate dashboard', () => nav('#/dashboard'));
  await step('mate databrowser', () => nav('#/databrowser'));
  await step('mate webapps', () => nav('#/webapps'));
  log('requests', n);
  await ctx.close();
})().catch((e) => { console.error('[browser] fatal', e); process.exit(1); });
