// Headless-chromium sessions on Etherpad's web UI (playwright-core driving Debian's chromium): three authors, each in
// its own browser context (Etherpad keeps an author per browser through its token cookie), one after the other. Each
// author opens the start page, creates or opens pads by name (several naming styles), sets a display name, types and
// formats text in the editor (the edits go over socket.io), writes in the chat, opens the timeslider, downloads the
// exports (txt, html, etherpad) the way the export links do, imports a text file through the import dialog, and one
// opens a pad through a URL that Etherpad rewrites (spaces). The last context logs into /admin (basic auth) and opens
// the settings and plugins pages. Each context keeps its HTTP cache, so the editor's bundles are fetched once per author.
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.EP_URL || 'http://127.0.0.1:19001';
const log = (...a) => console.log('[browser]', ...a);
const WORK = process.env.EP_WORK || '/tmp/shadowtap-lab/etherpad/run';

const authors = [
  { name: 'Marta Kowalski', pads: [
    { id: 'Quarterly-Planning-2027', text: 'Q1 goals: ship the offline mode, hire two support engineers.\nQ2: review the pricing page with sales.\n' },
    { id: 'team_retro_notes', text: 'What went well: the release train held every Thursday.\nWhat to improve: flaky checkout tests.\n' },
  ], chat: 'I added the Q1 goals, please review before Friday', importPad: 'team_retro_notes' },
  { name: 'Kenji Watanabe', pads: [
    { id: 'OnboardingChecklist', text: '1. Laptop and accounts\n2. Read the architecture notes\n3. Pair with a buddy for a week\n' },
    { id: 'Quarterly-Planning-2027', text: 'Kenji: Q2 also needs the Postgres 17 upgrade.\n' },
    { id: 'berlin offsite agenda', text: 'Day 1: roadmap, Day 2: hack day, dinner at the canal.\n' },
  ], chat: 'Added the Postgres upgrade to Q2' },
  { name: 'Oluwaseun Adeyemi', pads: [
    { id: 'release.notes.v3', text: 'v3.0.0\n- new sharing dialog\n- faster exports\n- fixed: emoji in pad titles\n' },
    { id: 'OnboardingChecklist', text: '4. Set up the staging VPN\n' },
  ], chat: 'Staging VPN step added', admin: true },
];

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable', '--disk-cache-size=104857600',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  let n = 0;
  for (const [ai, au] of authors.entries()) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 850 }, locale: 'en-US', timezoneId: 'UTC',
      acceptDownloads: true, httpCredentials: au.admin ? { username: process.env.EP_ADMIN_USER || 'admin', password: process.env.EP_ADMIN_PASSWORD } : undefined });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    page.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
    page.on('dialog', (d) => d.accept().catch(() => {}));
    const step = async (name, fn) => { try { await fn(); log('ok', au.name, name); } catch (e) { log('FAIL', au.name, name, e.message.split('\n')[0]); } };
    const inner = () => page.frameLocator('iframe[name="ace_outer"]').frameLocator('iframe[name="ace_inner"]').locator('#innerdocbody');

    await step('start page', async () => { await page.goto(BASE + '/'); await page.waitForTimeout(800); });
    for (const [pi, pad] of au.pads.entries()) {
      await step('open ' + pad.id, async () => {
        if (pi === 0) {
          // the start page's "New Pad" form: type a name, press OK
          await page.fill('#padname', pad.id);
          await page.locator('#go2Name button, #go2Name input[type=submit]').first().click();
        } else {
          await page.goto(BASE + '/p/' + encodeURIComponent(pad.id));
        }
        await inner().waitFor({ timeout: 20000 });
        await page.waitForTimeout(1500);
      });
      if (pi === 0) await step('set name', async () => {
        await page.locator('button[data-l10n-id="pad.toolbar.showusers.title"], li[data-key=showusers] a, li[data-key=showusers] button').first().click();
        await page.fill('#myusernameedit', au.name);
        await page.press('#myusernameedit', 'Enter');
        await page.waitForTimeout(700);
        await page.keyboard.press('Escape');
      });
      await step('type in ' + pad.id, async () => {
        await inner().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        for (const line of pad.text.split('\n')) {
          await page.keyboard.type(line, { delay: 15 });
          await page.keyboard.press('Enter');
          await page.waitForTimeout(300);
        }
        // bold the first word of the last line typed, as a writer marks a heading
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('Home');
        await page.keyboard.press('Control+Shift+ArrowRight');
        await page.keyboard.press('Control+b');
        await page.waitForTimeout(1200);
      });
      if (pi === 0) await step('chat', async () => {
        await page.locator('#chaticon').click();
        await page.fill('#chatinput', au.chat);
        await page.press('#chatinput', 'Enter');
        await page.waitForTimeout(1000);
      });
      if (pi === 0) await step('exports', async () => {
        for (const t of ['txt', 'html', 'etherpad']) {
          const href = await page.locator(`#export${t === 'txt' ? 'plain' : t}a`).getAttribute('href');
          const r = await ctx.request.get(new URL(href, page.url()).toString());
          log('export', t, r.status(), (await r.body()).length);
        }
      });
      if (au.importPad === pad.id) await step('import', async () => {
        const f = path.join(WORK, 'retro-action-items.txt');
        fs.writeFileSync(f, 'Action items\n- Marta: quarantine the flaky checkout tests\n- Kenji: write the runbook for the release train\n- Seun: ask design for the new export icons\n');
        await page.locator('li[data-key=import_export] a, li[data-key=import_export] button').first().click();
        await page.setInputFiles('#importfileinput', f);
        await page.locator('#importsubmitinput').click();
        await page.waitForTimeout(3500);
        await page.keyboard.press('Escape');
      });
      if (pi === 1 || au.pads.length === 1) await step('timeslider ' + pad.id, async () => {
        await page.goto(BASE + '/p/' + encodeURIComponent(pad.id).replace(/%20/g, '_') + '/timeslider');
        await page.waitForSelector('#ui-slider-handle, #leftstep', { timeout: 20000 });
        await page.waitForTimeout(1500);
        await page.locator('#leftstep').click().catch(() => {});
        await page.waitForTimeout(800);
        await page.locator('#playpause_button_icon').click().catch(() => {});
        await page.waitForTimeout(2500);
      });
    }
    if (au.admin) {
      await step('admin', async () => { await page.goto(BASE + '/admin'); await page.waitForTimeout(1000); });
      await step('admin settings', async () => { await page.goto(BASE + '/admin/settings'); await page.waitForTimeout(2500); });
      await step('admin plugins', async () => { await page.goto(BASE + '/admin/plugins'); await page.waitForTimeout(3000); });
      await step('admin plugins info', async () => { await page.goto(BASE + '/admin/plugins/info'); await page.waitForTimeout(1500); });
    }
    await ctx.close();
    log('author', ai, au.name, 'requests so far', n);
  }
  await browser.close();
  log('done, requests', n);
})().catch((e) => { console.error(e); process.exit(1); });
