// Headless Chromium on PowerDNS Authoritative's built-in status page ("/": the webserver's monitor page, with
// its style.css), as an operator looks at it: the overview, the rings of recent queries and remotes
// (?ring=...), resizing and resetting a ring (?resizering=...&size=..., ?resetring=...), back to the overview,
// reloads. No webserver-password is set, so no credentials. Requests outside 127.0.0.1 (the page's
// link to www.powerdns.com) are blocked.
const path = require('path');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const B = process.env.PDNS_URL || 'http://127.0.0.1:18081';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await ctx.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  let step = 'start';
  try {
    step = 'overview';
    await page.goto(B + '/');
    await page.waitForSelector('text=Uptime');
    await sleep(500);
    for (const ring of ['queries', 'nxdomain-queries', 'remotes', 'servfail-queries', 'noerror-queries', 'logmessages']) {
      step = 'ring ' + ring;
      await page.click(`a[href="?ring=${ring}"]`);
      await page.waitForLoadState('load');
      await sleep(300);
      await page.goto(B + '/');
      await sleep(200);
    }
    step = 'resize';
    await page.click('a[href="?resizering=queries&size=1000"]');
    await page.waitForLoadState('load');
    await sleep(300);
    await page.goto(B + '/?ring=queries');
    await sleep(300);
    step = 'reset';
    await page.goto(B + '/');
    await page.click('a[href="?resetring=nxdomain-queries"]');
    await page.waitForLoadState('load');
    await sleep(300);
    await page.click('a[href="?resizering=remotes&size=100"]');
    await page.waitForLoadState('load');
    step = 'home link';
    await page.click('a[href="/"] >> nth=0');
    await page.waitForLoadState('load');
    for (let i = 0; i < 3; i++) { await page.reload(); await sleep(400); }
    console.log('browser done');
  } catch (e) {
    console.error('browser failed at step', step, e.message);
    await page.screenshot({ path: (process.env.STATE || '/tmp') + '/browser-fail.png' });
    process.exitCode = 1;
  }
  await browser.close();
})();
