// Headless-chromium sessions on Prometheus' web UI (playwright-core driving Debian's chromium). The module carries
// no UI build, so the server answers its UI pages with the mantine-ui index.html from the module's source
// (web/ui/mantine-ui/index.html, placeholders filled in by the server) and favicon.svg, laid out by record.sh as the
// UI build would (static/mantine-ui/). The page's module script (/src/main.tsx, a Vite dev path) is not routed by
// the server. Two operators (HTTP basic auth, as the browser's login prompt sends it) open the home page (redirect to
// /query), the query page with an expression in the URL, the alerts, rules, targets, service discovery, alertmanager
// discovery, status, flags, config and TSDB status pages, the old /graph link, then reload a few; one visitor
// without credentials gets the 401.
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.PROM_URL || 'http://127.0.0.1:19090';
const log = (...a) => console.log('[browser]', ...a);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const users = [
    [process.env.ADMIN_USER, process.env.ADMIN_PASS, ['/', '/query?g0.expr=up&g0.tab=table&g0.range_input=1h',
      '/alerts', '/rules', '/targets', '/targets?pool=checkout-api', '/service-discovery', '/status', '/flags', '/config', '/tsdb-status']],
    [process.env.SRE_USER, process.env.SRE_PASS, ['/graph?g0.expr=rate(http_requests_total%5B5m%5D)&g0.tab=0', '/query',
      '/alertmanager-discovery', '/alerts?state=firing', '/rules', '/targets', '/tsdb-status']],
  ];
  for (const [user, pass, pages] of users) {
    const ctx = await browser.newContext({ httpCredentials: { username: user, password: pass }, viewport: { width: 1440, height: 900 },
      locale: 'en-US', timezoneId: 'UTC' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(10000);
    for (const p of pages) {
      const r = await page.goto(BASE + p, { waitUntil: 'load' }).catch((e) => ({ status: () => 'ERR ' + e.message }));
      log(user, p, r && r.status());
      await page.waitForTimeout(300);
    }
    for (let i = 0; i < 2; i++) { await page.reload({ waitUntil: 'load' }); await page.waitForTimeout(300); }
    const fav = await page.goto(BASE + '/favicon.svg').catch(() => null);
    log(user, '/favicon.svg', fav && fav.status());
    await ctx.close();
  }
  const anon = await browser.newContext();
  const ap = await anon.newPage();
  for (const p of ['/', '/query']) {
    const r = await ap.goto(BASE + p).catch(() => null);
    log('anonymous', p, r && r.status());
  }
  await anon.close();
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
