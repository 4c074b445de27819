// Headless-Chromium sessions on Mailpit's web UI (Vue SPA served by the app, basic auth from --ui-auth-file, live
// updates over the /api/events websocket). Three people, one after the other, in one browser profile (so the UI's
// bundles, served with Cache-Control immutable, are fetched once, as a person's browser keeps them): each opens the
// inbox, searches, clicks tags, opens messages and switches their tabs (HTML, HTML source, Text, Headers, Raw,
// HTML check, Link check), views attachments, marks unread, deletes a message; one opens the About box (info,
// licences), one pages through the inbox and opens the release dialog. Only 127.0.0.1 is contacted (see ARGS).
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.BASE || 'http://127.0.0.1:18125';
const STATE = process.env.STATE || '/tmp/shadowtap-lab/mailpit/state';
const USERS = Object.fromEntries((process.env.UI_USERS || '').split(/\s+/).filter(Boolean).map((u) => u.split(/:(.*)/s).slice(0, 2)));
const log = (...a) => console.log('[browser]', ...a);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];
const profile = path.join(STATE, 'chromium-profile');

async function session(user, steps) {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1440, height: 900 },
    locale: 'en-GB', timezoneId: 'Europe/Berlin', httpCredentials: { username: user, password: USERS[user] },
  });
  let n = 0;
  ctx.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(6000);
  const settle = async (ms = 900) => { try { await page.waitForLoadState('networkidle', { timeout: 2500 }); } catch {} await page.waitForTimeout(ms); };
  const h = {
    page, settle,
    load: async (p) => { await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }).catch((e) => log(user, 'goto', p, e.message.split('\n')[0])); await settle(1500); log(user, 'load', p); },
    click: async (sel, what) => {
      try { await page.locator(sel).first().click(); await settle(); log(user, 'click', what || sel); return true; }
      catch (e) { log(user, 'no', what || sel, e.message.split('\n')[0]); return false; }
    },
    search: async (q) => {
      try {
        const box = page.locator('input[placeholder="Search mailbox"]').first();
        await box.fill(q); await box.press('Enter'); await settle(); log(user, 'search', q);
      } catch (e) { log(user, 'search failed', q, e.message.split('\n')[0]); }
    },
    // open the k-th message of the current list
    open: async (k = 0) => {
      const links = page.locator('a[href*="/view/"]');
      try { await links.nth(k).click(); await settle(1200); log(user, 'open', new URL(page.url()).pathname); return true; }
      catch (e) { log(user, 'open failed', k, e.message.split('\n')[0]); return false; }
    },
    tabs: async (ids) => {
      for (const id of ids) {
        // the check tabs sit in a "Checks" dropdown at some widths
        if (/check/.test(id) && !(await page.locator('#' + id + ' >> visible=true').count())) {
          await page.locator('.checks-dropdown button.dropdown-toggle >> visible=true').first().click().catch(() => {});
        }
        await h.click('#' + id + ' >> visible=true', id);
      }
    },
    linkCheck: async () => { await h.tabs(['nav-link-check-tab']); await h.click('#nav-link-check button.btn-primary >> visible=true', 'check links'); await settle(1500); },
  };
  for (const s of steps) { try { await s(h); } catch (e) { log(user, 'step error', e.message.split('\n')[0]); } }
  log(user, n, 'requests');
  await ctx.close();
}

(async () => {
  fs.rmSync(profile, { recursive: true, force: true });
  await session('priya.nair', [
    async (h) => { await h.load('/'); },
    async (h) => { await h.open(0); await h.tabs(['nav-plain-text-tab', 'nav-headers-tab', 'nav-raw-tab', 'nav-html-tab']); },
    async (h) => { await h.click('a[title="View next message"]', 'next message'); await h.click('a[title="View next message"]', 'next message'); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('tag:orders'); await h.open(1);
      await h.tabs(['nav-html-source-tab', 'nav-html-check-tab']); await h.linkCheck(); await h.tabs(['nav-headers-tab']); },
    async (h) => { await h.click('button[title="Mark unread"]', 'mark unread'); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('has:attachment from:billing@brightcart.dev'); await h.open(0);
      await h.tabs(['nav-plain-text-tab', 'nav-raw-tab']); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.click('a[title="Filter messages tagged with alerts"]', 'tag alerts');
      await h.open(0); await h.click('button[title="Delete message"]', 'delete'); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('subject:"Product shots"'); await h.open(0);
      await h.tabs(['nav-headers-tab', 'nav-plain-text-tab']); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('tag:billing'); await h.open(0); await h.open(1); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('tag:marketing'); await h.open(0);
      await h.tabs(['nav-html-source-tab', 'nav-html-check-tab', 'nav-html-tab']); },
  ]);
  await session('marco.rossi', [
    async (h) => { await h.load('/search?q=tag%3Acalendar'); await h.open(0); await h.tabs(['nav-plain-text-tab', 'nav-raw-tab']); },
    async (h) => { await h.click('button[title="Release message"]', 'release dialog'); await h.page.keyboard.press('Escape'); await h.settle(); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('from:reports@brightcart.dev'); await h.open(0); await h.tabs(['nav-plain-text-tab']); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.click('a[title="Filter messages tagged with deploys"]', 'tag deploys'); await h.open(0); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.click('button[title^="View next"]', 'next page'); await h.open(2); await h.tabs(['nav-html-check-tab', 'nav-html-tab']); },
    async (h) => { await h.load('/view/latest'); await h.tabs(['nav-headers-tab']); },
  ]);
  await session('qa-bot', [
    async (h) => { await h.load('/'); await h.search('is:unread'); await h.open(0); await h.tabs(['nav-plain-text-tab']); await h.linkCheck(); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('to:oncall@brightcart.dev'); await h.open(0); await h.click('button[title="Delete message"]', 'delete'); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.open(3); await h.tabs(['nav-raw-tab', 'nav-headers-tab']); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.open(5); },
    async (h) => { await h.click('a.navbar-brand', 'inbox'); await h.search('tag:notifications'); await h.open(0); await h.tabs(['nav-headers-tab']);
      await h.click('a[title="View next message"]', 'next message'); await h.click('a[title="View next message"]', 'next message'); },
  ]);
})();
