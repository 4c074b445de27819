// Headless-chromium sessions on n8n's editor UI (Vue; it talks to the internal /rest API and to /rest/push over a
// websocket-less push connection; playwright-core driving Debian's chromium). The owner signs in, goes through the
// workflows list, opens workflows, runs one by hand, creates a new one, looks at executions, credentials, data tables,
// variables, the settings pages (personal, users, n8n API, usage, community nodes, log streaming), signs out; two members do their
// own part; a visitor without a session gets the sign-in page. Only 127.0.0.1 is contacted (see the launch flags).
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.N8N_URL || 'http://127.0.0.1:15678';
const STATE = process.env.STATE;
const log = (...a) => console.log('[browser]', ...a);
const users = Object.fromEntries(fs.readFileSync(path.join(STATE, 'users'), 'utf8').trim().split('\n')
  .map((l) => l.split(' ')).map(([u, id, email, pass]) => [u, { id, email, pass }]));
const wf = (n) => fs.readFileSync(path.join(STATE, 'wf.' + n), 'utf8').trim();
(async () => {
  // Everything not on loopback goes to a proxy that does not exist (127.0.0.1:9, not the captured port); no host name
  // is resolved (host-resolver-rules) and chromium's background services are off.
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
    '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'] });
  let total = 0;
  // one browser profile for all sessions (its HTTP cache keeps the UI's hashed assets, as on one desk)
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const session = async (name, fn) => {
    await ctx.clearCookies();
    const page = await ctx.newPage();
    page.setDefaultTimeout(10000);
    let n = 0;
    page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
    const settle = async () => { try { await page.waitForLoadState('networkidle', { timeout: 6000 }); } catch {} await page.waitForTimeout(500); };
    const go = async (p) => { try { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }); } catch (e) { log('goto fail', p, e.message.split('\n')[0]); } await settle(); };
    const step = async (s, f) => { try { await f(); await settle(); log(name, 'ok', s); } catch (e) { log(name, 'FAIL', s, e.message.split('\n')[0]); } };
    await fn({ page, go, step, settle });
    await page.close();
    log(name, 'requests', n);
    total += n;
  };
  const signIn = async ({ page, go, step }, u) => {
    await go('/signin');
    await step('sign in ' + u, async () => {
      await page.fill('input[name=emailOrLdapLoginId]', users[u].email);
      await page.fill('input[name=password]', users[u].pass);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 10000 });
    });
  };
  const signOut = async ({ page, go, step }) => {
    await step('sign out', async () => { await page.evaluate(async () => { await fetch('/rest/logout', { method: 'POST', headers: { 'browser-id': localStorage.getItem('n8n-browserId') || '' } }); }); });
    await go('/signin');
  };
  await session('owner', async (s) => {
    const { page, go, step } = s;
    await signIn(s, 'nadia-haddad');
    await go('/home/workflows');
    await step('search workflows', async () => { await page.locator('input[placeholder*="Search"]').first().fill('invoice'); await page.waitForTimeout(1200); });
    await go('/workflow/' + wf('orders'));
    await go('/workflow/' + wf('orders') + '/executions');
    await go('/workflow/' + wf('weekly'));
    await step('execute workflow by hand', async () => { await page.locator('[data-test-id="execute-workflow-button"]').first().click(); await page.waitForTimeout(2500); });
    await go('/workflow/' + wf('validate'));
    await go('/workflow/new');
    await step('name and save a new workflow', async () => {
      await page.locator('[data-test-id="workflow-name-input"]').first().click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('Customer churn watch');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1500);
    });
    await go('/home/executions');
    await go('/home/credentials');
    await go('/home/datatables');
    await go('/home/variables');
    await go('/settings/personal');
    await go('/settings/users');
    await go('/settings/api');
    await go('/settings/usage');
    await go('/settings/community-nodes');
    await go('/settings/log-streaming');
    await go('/home/workflows');
    await signOut(s);
  });
  for (const [u, mine] of [['tomas-lindqvist', 'tomas'], ['aiko-tanaka', 'aiko']]) {
    await session(u, async (s) => {
      const { go } = s;
      await signIn(s, u);
      await go('/home/workflows');
      await go('/workflow/' + wf(mine));
      await go('/workflow/' + wf(mine) + '/executions');
      await go('/home/credentials');
      await go('/home/executions');
      await go('/settings/personal');
      await go('/settings/api');
      await go('/workflow/' + wf('orders'));          // not shared with a member
      await signOut(s);
    });
  }
  await session('visitor', async (s) => {
    await s.go('/home/workflows');                     // redirected to the sign-in page
    await s.go('/forgot-password');
  });
  await b.close();
  log('total', total);
})();
