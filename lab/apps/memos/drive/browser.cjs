// Headless-chromium sessions on the Memos web UI (React, talks to the server with Connect over HTTP/1.1; playwright-core
// driving Debian's chromium). A member signs in, writes memos (one with a file), browses the timeline, explore, a memo
// and its comments, a profile, attachments, inbox, archive, settings, searches a tag, signs out; a second member does
// the same; the admin opens the admin settings sections; a visitor without an account reads public pages. Only
// 127.0.0.1 is contacted (see the launch flags).
const path = require('path');
const fs = require('fs');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.MEMOS_URL || 'http://127.0.0.1:15230';
const STATE = process.env.STATE;
const log = (...a) => console.log('[browser]', ...a);
const users = Object.fromEntries(fs.readFileSync(path.join(STATE, 'users'), 'utf8').trim().split('\n')
  .map((l) => l.split(' ')).map(([u, id, pass]) => [u, { id, pass }]));
const memos = Object.fromEntries(fs.readFileSync(path.join(STATE, 'memos'), 'utf8').trim().split('\n')
  .map((l) => l.trim().split(/\s+/)).map(([u, ...ms]) => [u, ms]));
(async () => {
  // Everything not on loopback goes to a proxy that does not exist (127.0.0.1:9, not the captured port); no host name
  // is resolved (host-resolver-rules) and chromium's background services are off.
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'] });
  let total = 0;
  // one browser profile for all sessions (its HTTP cache keeps the UI's hashed assets, as on one desk); each session
  // starts without cookies or local storage, as after signing out
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const byPath = {};
  ctx.on('request', (r) => { if (r.url().startsWith(BASE)) { const k = r.method() + ' ' + new URL(r.url()).pathname.replace(/-[A-Za-z0-9_-]{8}\./, '-HASH.'); byPath[k] = (byPath[k] || 0) + 1; } });
  const session = async (name, fn) => {
    await ctx.clearCookies();
    const page = await ctx.newPage();
    try { await page.goto(BASE + '/healthz'); await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); }); } catch {}
    page.setDefaultTimeout(8000);
    let n = 0;
    page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
    const settle = async () => { try { await page.waitForLoadState('networkidle', { timeout: 5000 }); } catch {} await page.waitForTimeout(400); };
    const go = async (p) => { try { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }); } catch (e) { log('goto fail', p, e.message.split('\n')[0]); } await settle(); };
    const step = async (s, f) => { try { await f(); await settle(); log(name, 'ok', s); } catch (e) { log(name, 'FAIL', s, e.message.split('\n')[0]); } };
    const click = async (sel) => { await page.click(sel); await settle(); };
    await fn({ page, go, step, click, settle });
    await page.close();
    log(name, 'requests', n);
    total += n;
  };
  const signIn = async ({ page, go, step }, u, pass) => {
    await go('/auth');
    await step('sign in ' + u, async () => {
      await page.fill('input[autocomplete=username]', u);
      await page.fill('input[type=password]', pass);
      await page.click('button[type=submit]');
      await page.waitForURL((url) => !url.pathname.startsWith('/auth'), { timeout: 8000 });
    });
  };
  const write = async ({ page, step }, text) => {
    await step('write memo', async () => {
      const ta = page.locator('textarea').first();
      await ta.click();
      await ta.fill(text);
      await page.keyboard.press('Control+Enter');
      await page.waitForTimeout(800);
    });
  };
  const member = (u, texts, others) => async (s) => {
    const { page, go, step, click } = s;
    await signIn(s, u, users[u].pass);
    for (const t of texts) await write(s, t);
    await step('attach a file', async () => {
      const f = path.join(STATE, `${u}-checklist.txt`);
      fs.writeFileSync(f, `packing list of ${u}\n- charger\n- rain jacket\n`);
      await page.locator('textarea').first().fill('Packing list attached #travel');
      await page.setInputFiles('input[type=file]', f);
      await page.waitForTimeout(1200);
      await page.keyboard.press('Control+Enter');
      await page.waitForTimeout(800);
    });
    await step('explore', () => click('#header-explore'));
    await step('open a memo', async () => { await page.locator('a[href^="/memos/"]').first().click(); });
    for (const m of others) await go('/' + m);
    await step('attachments', async () => { await go('/'); await click('#header-attachments'); });
    await step('inbox', () => click('#header-inbox'));
    await go('/archived');
    await go('/u/' + u);
    await go('/u/ana-silva');
    await go('/setting');
    await step('search a tag', async () => {
      await go('/');
      const q = page.locator('aside input').first();
      await q.fill('recipes');
      await page.keyboard.press('Enter');
    });
    await go('/?filter=tagSearch:travel');
    await go('/explore');
  };
  const mk = (u) => memos[u] || [];
  await session('marco', member('marco-rossi', [
    'Espresso machine descaling schedule: every 6 weeks #home',
    'Retro notes\n- [x] release went fine\n- [ ] fix flaky export test #work/retro',
  ], [mk('priya-nair')[0], mk('ana-silva')[0], mk('lena-fischer')[0]]));
  await session('priya', member('priya-nair', [
    'Idli batter ratio 4:1, ferment overnight near the oven light #recipes',
  ], [mk('marco-rossi')[0], mk('tom-okafor')[0]]));
  await session('admin', async (s) => {
    const { page, go, step } = s;
    await signIn(s, 'sofia-admin', 'Harbour-Lights-42');
    await go('/setting');
    for (const label of ['Member', 'System', 'Memo', 'Storage', 'SSO', 'Preferences', 'My Account']) {
      await step('settings ' + label, async () => { await page.getByText(label, { exact: true }).first().click({ timeout: 3000 }); });
    }
    await go('/explore');
    await go('/u/tom-okafor');
  });
  await session('visitor', async (s) => {
    const { go } = s;
    await go('/explore');
    await go('/' + mk('ana-silva')[0]);
    await go('/' + mk('marco-rossi')[0]);
    await go('/u/lena-fischer');
    await go('/auth/signup');
    await go('/auth');
  });
  log('total requests', total);
  if (process.env.BROWSER_PATHS) fs.writeFileSync(process.env.BROWSER_PATHS, Object.entries(byPath).sort().map(([k, v]) => `${v} ${k}`).join('\n') + '\n');
  await b.close();
})();
