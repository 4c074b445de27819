// Headless-Chromium visits to Headscale's own pages (Headscale has no web UI; these are the pages its router serves
// to people): users whose `tailscale up` printed a login URL open /register/<registration id> (the page tells them
// the command their admin runs), a Mac user opens /apple and downloads the macOS configuration profile, a Windows
// user opens /windows, a developer opens /swagger (its CSS/JS come from a CDN, which is unreachable by design here:
// see ARGS); an operator opens the debug index on the metrics listener and follows its links (overview, node store,
// DERP map, routes, policy, filter, registration cache, batcher, pprof). Only 127.0.0.1 is contacted: every other
// host resolves to nothing and the proxy is a closed local port.
// Usage: node browser.cjs register|pages|debug
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.BASE || 'http://127.0.0.1:18085';
const METRICS = process.env.METRICS || 'http://127.0.0.1:19095';
const STATE = process.env.STATE || '/tmp/shadowtap-lab/headscale/state';
const log = (...a) => console.log('[browser]', ...a);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];

async function withBrowser(name, fn) {
  const ctx = await chromium.launchPersistentContext(path.join(STATE, 'chromium-' + name), {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 860 },
    locale: 'en-GB', timezoneId: 'Europe/Berlin', acceptDownloads: true,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(5000);
  const settle = async (ms = 700) => { try { await page.waitForLoadState('networkidle', { timeout: 2500 }); } catch {} await page.waitForTimeout(ms); };
  const load = async (url) => {
    try { const r = await page.goto(url, { waitUntil: 'domcontentloaded' }); log(name, 'load', url, r ? r.status() : ''); }
    catch (e) { log(name, 'goto', url, e.message.split('\n')[0]); }
    await settle();
  };
  const click = async (sel, what) => {
    try { await page.locator(sel).first().click(); await settle(); log(name, 'click', what || sel, new URL(page.url()).pathname); return true; }
    catch (e) { log(name, 'no', what || sel, e.message.split('\n')[0]); return false; }
  };
  try { await fn({ page, load, click, settle }); } finally { await ctx.close(); }
}

(async () => {
  const what = process.argv[2];
  const st = JSON.parse(fs.readFileSync(path.join(STATE, 'state.json'), 'utf8'));
  if (what === 'register') {
    // every other pending device's owner opens the login URL; one reloads it, one mistypes it
    const pend = Object.entries(st.pending || {});
    let i = 0;
    for (const [host, [rid]] of pend) {
      if (i++ % 2) continue;
      await withBrowser('user', async (b) => {
        await b.load(`${BASE}/register/${rid}`);
        if (host.startsWith('priya')) await b.load(`${BASE}/register/${rid}`);
      });
    }
    if (pend.length) await withBrowser('user', async (b) => { await b.load(`${BASE}/register/${pend[0][1][0].slice(0, 20)}`); });
  } else if (what === 'pages') {
    await withBrowser('mac', async (b) => {
      await b.load(`${BASE}/apple`);
      const dl = b.page.waitForEvent('download', { timeout: 5000 }).catch(() => null);
      await b.click('a[href="/apple/macos-standalone"]', 'macOS standalone profile');
      const d = await dl; if (d) log('mac', 'download', d.suggestedFilename());
      await b.load(`${BASE}/apple`);
    });
    await withBrowser('win', async (b) => { await b.load(`${BASE}/windows`); });
    await withBrowser('dev', async (b) => { await b.load(`${BASE}/swagger`); await b.load(`${BASE}/swagger/v1/openapiv2.json`); });
  } else if (what === 'debug') {
    await withBrowser('ops', async (b) => {
      await b.load(`${METRICS}/debug/`);
      for (const slug of ['overview', 'nodestore', 'derp', 'routes', 'policy', 'filter', 'registration-cache', 'batcher']) {
        if (await b.click(`a[href="/debug/${slug}"]`, slug)) { await b.page.goBack().catch(() => {}); await b.settle(300); }
      }
      await b.click('a[href="/debug/pprof/"]', 'pprof');
      await b.click('a[href="goroutine?debug=1"]', 'goroutines');
      await b.load(`${METRICS}/debug/vars`);
    });
  }
})().catch((e) => { console.error(e); process.exit(1); });
