// Headless Chromium on the built-in Playground of the developer sandbox instance (authn none, --playground-enabled):
// a developer opens /playground, reloads it, opens /playground/index.html from a bookmark and /playground/ (served by
// the embedded file server). The page is an iframe of play.fga.dev, which is unreachable by design here (see ARGS):
// only 127.0.0.1 is contacted, every other host resolves to nothing and the proxy is a closed local port.
// Usage: node browser.cjs
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const PLAYGROUND = process.env.PLAYGROUND || 'http://127.0.0.1:13790';
const STATE = process.env.STATE || '/tmp/shadowtap-lab/openfga/state';
const log = (...a) => console.log('[browser]', ...a);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];

(async () => {
  const ctx = await chromium.launchPersistentContext(path.join(STATE, 'chromium-dev'), {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1440, height: 900 },
    locale: 'en-US', timezoneId: 'Europe/Amsterdam',
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(5000);
  const load = async (url) => {
    try { const r = await page.goto(url, { waitUntil: 'domcontentloaded' }); log('load', url, r ? r.status() : ''); fs.appendFileSync(path.join(STATE, 'calls.log'), `browser ${r ? r.status() : '-'} GET ${new URL(url).pathname}\n`); }
    catch (e) { log('goto', url, e.message.split('\n')[0]); }
    try { await page.waitForLoadState('networkidle', { timeout: 2500 }); } catch {}
    await page.waitForTimeout(800);
  };
  try {
    await load(`${PLAYGROUND}/playground`);
    const src = await page.locator('iframe').first().getAttribute('src').catch(() => null);
    log('iframe', src);
    await page.reload({ waitUntil: 'domcontentloaded' }).catch(() => {});
    await page.waitForTimeout(800);
    await load(`${PLAYGROUND}/playground/index.html`);
    await load(`${PLAYGROUND}/playground/`);
  } finally { await ctx.close(); }
})();
