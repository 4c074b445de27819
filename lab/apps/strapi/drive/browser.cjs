// Headless-chromium session on the Strapi admin panel (playwright-core driving Debian's chromium).
// usage: browser.cjs TOKEN_FILE | warm. Registers the first administrator, then works as an editor would: the content manager (categories, authors,
// articles with their author and category, a restaurant, the homepage single type: create, edit, save, publish),
// the media library (uploads a photo), settings (Users & Permissions public role: find/findOne on restaurants made
// public; an API token created for the REST client, written to argv[2]), the content-type builder's view, the
// API documentation page, then logs out. Only 127.0.0.1 is contacted (see the launch flags).
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.STRAPI_URL || 'http://127.0.0.1:11337';
const WARM = process.argv[2] === 'warm';
const TOKEN_FILE = (!WARM && process.argv[2]) || '/tmp/shadowtap-lab/strapi/api-token.txt';
const PROFILE = process.env.PROFILE || '/tmp/shadowtap-lab/strapi/chromium-profile';
const SHOTS = process.env.SHOTS || '';
const log = (...a) => console.log('[browser]', ...a);
(async () => {
  // Same flags as the other lab apps: everything not on loopback goes to a closed proxy port, no name is resolved,
  // chromium's background services are off. (No request interception: it would switch off the HTTP cache.)
  // A persistent profile (PROFILE): record.sh first opens the admin panel once before the capture starts
  // (`browser.cjs warm`), as a returning editor's browser would have, so the hashed bundles (Cache-Control: immutable)
  // come from chromium's disk cache during the recorded session.
  const ctx = await chromium.launchPersistentContext(PROFILE, { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'],
    viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const b = { close: () => ctx.close() };
  let blocked = 0;
  ctx.on('requestfailed', (r) => { if (!r.url().startsWith(BASE)) blocked++; });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(15000);
  let n = 0;
  page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  // the API token is shown once, in the answer to its creation: keep it for the REST client
  page.on('response', async (r) => {
    if (r.request().method() === 'POST' && r.url() === BASE + '/admin/api-tokens' && r.status() === 201) {
      try { const j = await r.json(); fs.writeFileSync(TOKEN_FILE, j.data.accessKey); log('api token saved'); } catch (e) { log('token read fail', e.message); }
    }
  });
  const settle = async () => { try { await page.waitForLoadState('networkidle', { timeout: 6000 }); } catch {} await page.waitForTimeout(600); };
  let shot = 0;
  const step = async (name, fn) => {
    try { await fn(); await settle(); log('ok', name); }
    catch (e) {
      log('FAIL', name, page.url(), e.message.split('\n').slice(0, 6).join(' | '));
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/fail-${++shot}.png` }).catch(() => {});
    }
  };
  const go = async (p) => { try { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }); } catch (e) { log('goto fail', p, e.message.split('\n')[0]); } await settle(); };
  // in-app navigation the way a click on a link does it (react-router listens to popstate): no page reload
  const nav = async (p) => {
    try { await page.evaluate((q) => { window.history.pushState({}, '', q); window.dispatchEvent(new PopStateEvent('popstate')); }, p); }
    catch (e) { log('nav fail', p, e.message.split('\n')[0]); }
    await settle();
  };
  const click = (name) => page.getByRole('button', { name, exact: true }).first().click();
  const CM = '/admin/content-manager/collection-types/';
  const pickRelation = async (field, text) => {
    const box = page.locator(`[name="${field}"]`).first();
    await box.click();
    await page.getByRole('option', { name: new RegExp(text) }).first().click({ timeout: 8000 });
  };

  await go('/admin');
  if (WARM) { log(`warm-up: requests to ${BASE}: ${n}`); await b.close(); return; }
  await step('register first admin', async () => {
    await page.fill('input[name=firstname]', 'Maren');
    await page.fill('input[name=lastname]', 'Lindqvist');
    await page.fill('input[name=email]', process.env.ADMIN_EMAIL);
    await page.fill('input[name=password]', process.env.ADMIN_PASSWORD);
    await page.fill('input[name=confirmPassword]', process.env.ADMIN_PASSWORD);
    await click("Let's start");
    await page.waitForURL((u) => !u.pathname.includes('/auth/'), { timeout: 20000 });
  });
  log('after register at', page.url());
  // a guided tour / onboarding dialog may be open on the home page
  for (const t of ['Skip the tour', 'Skip', 'Close']) { try { await page.getByRole('button', { name: t }).first().click({ timeout: 1500 }); } catch {} }

  const categories = [['Urban ecology', 'Cities, parks and the wild things living in them'], ['Food & drink', 'Kitchens, markets and the people behind them']];
  for (const [name, desc] of categories) {
    await step('create category ' + name, async () => {
      await nav(CM + 'api::category.category/create');
      await page.fill('input[name=name]', name);
      await page.fill('textarea[name=description]', desc);
      await click('Save');
      await page.waitForURL((u) => !u.pathname.endsWith('/create'), { timeout: 8000 });
    });
  }
  const authors = [['Ines Okafor', 'ines.okafor@harbourlight.example', 'Writes about rivers, ports and the people who work them.'],
                   ['Tomasz Wierzbicki', 'tomasz.w@harbourlight.example', 'Food critic, former line cook.']];
  for (const [name, email, bio] of authors) {
    await step('create author ' + name, async () => {
      await nav(CM + 'api::author.author/create');
      await page.fill('input[name=name]', name);
      await page.fill('input[name=email]', email);
      await page.fill('textarea[name=bio]', bio);
      await click('Save');
      await page.waitForURL((u) => !u.pathname.endsWith('/create'), { timeout: 8000 });
    });
  }
  const articles = [['Otters return to the Lea', 'After forty years, a family of otters has been filmed below the old lock.', 'Ines Okafor', 'Urban ecology'],
                    ['The last ferry café on the estuary', 'Tea, bacon rolls and tide tables: a morning at the pier kiosk.', 'Tomasz Wierzbicki', 'Food & drink']];
  for (const [title, desc, author, cat] of articles) {
    await step('create article ' + title, async () => {
      await nav(CM + 'api::article.article/create');
      await page.fill('input[name=title]', title);
      await page.fill('textarea[name=description]', desc);
      await page.fill('input[name=readingTime]', String(4 + title.length % 5));
      try { await pickRelation('author', author); } catch (e) { log('author relation not picked', e.message.split('\n')[0]); }
      try { await pickRelation('category', cat); } catch (e) { log('category relation not picked', e.message.split('\n')[0]); }
      await click('Save');
      await page.waitForURL((u) => !u.pathname.endsWith('/create'), { timeout: 8000 });
    });
    await step('publish article ' + title, async () => { await click('Publish'); await page.waitForTimeout(1500); });
  }
  await step('edit first article', async () => {
    await nav(CM + 'api::article.article');
    await page.getByText('Otters return to the Lea').first().click();
    await page.waitForSelector('input[name=title]');
    await page.fill('input[name=title]', 'Otters return to the River Lea');
    await click('Save');
    await page.waitForTimeout(1200);
    await click('Publish');
    await page.waitForTimeout(1200);
  });
  await step('create restaurant', async () => {
    await nav(CM + 'api::restaurant.restaurant/create');
    await page.fill('input[name=name]', 'Casa Nostra Trattoria');
    await page.fill('textarea[name=description]', 'Hand-rolled pasta and a wood oven, two streets from the harbour.');
    await page.fill('input[name=address]', '14 Quay Street, Harbourlight');
    await page.fill('input[name=priceRange]', '2');
    await page.fill('input[name=rating]', '4.5');
    await click('Save');
    await page.waitForURL((u) => !u.pathname.endsWith('/create'), { timeout: 8000 });
    await click('Publish');
    await page.waitForTimeout(1500);
  });
  await step('homepage single type', async () => {
    await nav('/admin/content-manager/single-types/api::homepage.homepage');
    await page.fill('input[name=title]', 'Harbourlight Weekly');
    await page.fill('input[name=tagline]', 'Stories from the water’s edge');
    await click('Save');
    await page.waitForTimeout(1200);
    await click('Publish');
    await page.waitForTimeout(1200);
  });
  for (const p of [CM + 'api::article.article', CM + 'api::author.author', CM + 'api::category.category', CM + 'api::restaurant.restaurant']) {
    await step('list ' + p, () => nav(p));
  }
  await step('media library upload', async () => {
    await nav('/admin/plugins/upload');
    // the media library's "Add assets" opens the system file chooser, then uploads at once
    const [fc] = await Promise.all([page.waitForEvent('filechooser'), click('Add assets')]);
    await fc.setFiles(path.join(__dirname, 'files', 'harbour-at-dawn.png'));
    await page.waitForTimeout(2500);
    try { await click('Close'); } catch {}
  });
  await step('public role: restaurants readable', async () => {
    await nav('/admin/settings/users-permissions/roles');
    await page.getByText('Public', { exact: true }).first().click();
    await page.waitForTimeout(1500);
    await settle();
    await page.getByRole('button', { name: /Restaurant/ }).first().click();
    await page.waitForTimeout(800);
    // the permission grid re-renders while it loads: click until the box shows checked
    for (const action of ['find', 'findOne']) {
      const cb = page.getByRole('checkbox', { name: new RegExp(`^${action}$`) }).first();
      for (let i = 0; i < 5 && (await cb.getAttribute('aria-checked')) !== 'true'; i++) { await cb.click(); await page.waitForTimeout(600); }
      if ((await cb.getAttribute('aria-checked')) !== 'true') throw new Error(action + ' not checked');
    }
    await click('Save');
    await page.waitForTimeout(1500);
  });
  await step('create API token', async () => {
    await nav('/admin/settings/api-tokens/create');
    await page.fill('input[name=name]', 'website-frontend');
    await page.fill('textarea[name=description]', 'Next.js site and the editorial scripts');
    await page.locator('[role=combobox][name=lifespan]').click();
    await page.getByRole('option', { name: '90 days' }).click();
    await page.locator('[role=combobox][name=type]').click();
    await page.getByRole('option', { name: 'Full access' }).click();
    await click('Save');
    await page.waitForTimeout(2000);
  });
  for (const p of ['/admin/settings/api-tokens', '/admin/settings/users-permissions/roles', '/admin/settings/roles', '/admin/settings/users',
                   '/admin/settings/webhooks', '/admin/settings/internationalization', '/admin/settings/media-library',
                   '/admin/plugins/content-type-builder/content-types/api::article.article',
                   '/admin/plugins/content-type-builder/content-types/api::restaurant.restaurant',
                   '/admin/plugins/documentation', '/admin/plugins/upload', '/admin']) {
    await step('page ' + p, () => nav(p));
  }
  await step('logout', async () => {
    await page.getByRole('button', { name: /Maren/ }).first().click();
    await page.getByText('Log out').first().click();
    await page.waitForURL((u) => u.pathname.includes('/auth/login'), { timeout: 8000 });
  });
  log(`requests to ${BASE}: ${n}, blocked outside: ${blocked}`);
  await b.close();
})().catch((e) => { console.error(e); process.exit(1); });
