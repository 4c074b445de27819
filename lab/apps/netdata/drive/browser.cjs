// Headless Chromium on Netdata's dashboard (the React dashboard of netdata-web 1.37.1 at "/", served by the parent
// agent), as an on-call engineer uses it: the parent's overview, sections picked from the right-hand menu (CPUs,
// Memory, Disks, Networking, Applications), the alarms modal (active, all, log), the nodes list in the left sidebar to
// switch to a child streamed to the parent (/host/NAME/, the same dashboard served for that host), another child by
// URL, a section link (#menu_...), back to the parent; then a team wiki page with embedded Netdata badges
// (badge.svg <img>s, refreshed); last, a child's dashboard left open for half a minute. The dashboard polls
// /api/v1/data for the visible charts while it is open.
//
// `node browser.cjs warm` only loads the dashboards (parent and each child) to fill the browser's HTTP cache: run by
// record.sh against a throw-away agent before the capture starts. The bundles are served with `Cache-Control: public`
// and a one-day Expires, so in the recorded session they come from the cache as in a returning user's browser (the
// main chunk alone is 4.7 MB). Only 127.0.0.1 is contacted: record.sh runs everything in a network namespace with
// loopback only, and Chromium has a dead proxy and no name resolution besides (the dashboard asks GitHub for the
// latest release and a news CDN: those fail).
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.BASE || 'http://127.0.0.1:19999';
const L = process.env.L || '/tmp/shadowtap-lab/netdata';
const CHILDREN = (process.env.CHILDREN || 'web-frontend-01:19101 db-postgres-02:19102 cache-redis-03:19103').split(/\s+/).map((c) => c.split(':')[0]);
const warm = process.argv[2] === 'warm';
const log = (...a) => console.log('[browser]', ...a);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability', '--no-pings',
  '--dns-prefetch-disable', '--disable-features=OptimizationHints,MediaRouter,NetworkTimeServiceQuerying,Translate,SafeBrowsing'];

(async () => {
  const ctx = await chromium.launchPersistentContext(path.join(L, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1440, height: 900 },
    locale: 'en-GB', timezoneId: 'Europe/Berlin',
  });
  // (no request interception: Playwright's routing switches the HTTP cache off)
  let n = 0;
  ctx.on('request', (r) => { if (r.url().startsWith(BASE)) n++; });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(8000);
  const wait = (ms) => page.waitForTimeout(ms);
  const load = async (p, ms = 6000) => {
    await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }).catch((e) => log('goto', p, e.message.split('\n')[0]));
    await wait(ms); log('load', p);
  };
  const click = async (sel, what, ms = 2500) => {
    try { await page.locator(sel).first().click({ timeout: 5000 }); await wait(ms); log('click', what || sel); return true; }
    catch (e) { log('no', what || sel, e.message.split('\n')[0]); return false; }
  };
  const menu = async (ids) => { for (const id of ids) await click(`a[href="#${id}"] >> visible=true`, id); };
  const scroll = async (times) => { for (let i = 0; i < times; i++) { await page.mouse.wheel(0, 1400); await wait(900); } };

  // the alarm counters (pills) at the right of the header open the alarms modal (its code is loaded on demand)
  const openAlarms = async () => { await page.mouse.click(1366, 25); await wait(3000); log('alarms modal'); };
  if (warm) {
    await load('/', 8000);
    await openAlarms();
    await click('a[href="#alarms_all"] >> visible=true', 'alarms all');
    await click('a[href="#alarms_log"] >> visible=true', 'alarms log');
    for (const c of CHILDREN) await load(`/host/${c}/`, 6000);
    log('warm-up done,', n, 'requests');
    await ctx.close();
    return;
  }
  try {
    // the parent's dashboard
    await load('/', 7000);
    await scroll(3);
    await menu(['menu_cpu', 'menu_mem', 'menu_disk', 'menu_ipv4', 'menu_apps']);
    // alarms modal (bell in the header): active, all, log
    await openAlarms();
    await click('a[href="#alarms_all"] >> visible=true', 'alarms all');
    await click('a[href="#alarms_log"] >> visible=true', 'alarms log');
    await page.keyboard.press('Escape'); await wait(1500);
    // left sidebar: the nodes this parent streams, switch to the first child
    const child = CHILDREN[0];
    if (!(await click(`a[href="${BASE}/host/${child}/"] >> visible=true`, 'node ' + child, 6000))) {
      await click('button >> nth=0', 'sidebar', 1500);
      if (!(await click(`a[href="${BASE}/host/${child}/"] >> visible=true`, 'node ' + child, 6000))) await load(`/host/${child}/`);
    }
    await scroll(2);
    await menu(['menu_system', 'menu_mem', 'menu_disk']);
    await openAlarms();
    await click('a[href="#alarms_log"] >> visible=true', 'alarms log');
    await page.keyboard.press('Escape'); await wait(1000);
    // a second child by URL (a link from a chat message), straight to its disks
    await load(`/host/${CHILDREN[1]}/#menu_disk`, 7000);
    await scroll(2);
    await menu(['menu_cpu']);
    // third child, memory
    await load(`/host/${CHILDREN[2]}/#menu_mem`, 6000);
    // back to the parent through the sidebar
    if (!(await click(`a[href="${BASE}/"] >> visible=true`, 'node parent', 6000))) await load('/');
    await menu(['menu_netdata']);
    await wait(2000);

    // the team wiki's status page with embedded badges (as the badges docs show)
    const b = (q) => `<img src="${BASE}${q}">`;
    const wiki = `<html><body><h1>Platform status</h1>
      ${b('/api/v1/badge.svg?chart=system.cpu&label=hub%20cpu&units=%25&precision=0&refresh=auto')}
      ${b('/api/v1/badge.svg?chart=system.ram&dimensions=used&value_color=orange&label=hub%20ram%20used')}
      ${b('/api/v1/badge.svg?alarm=ram_in_use&chart=system.ram&label=ram%20alarm')}
      ${b(`/host/${CHILDREN[0]}/api/v1/badge.svg?chart=system.load&dimensions=load1&label=web%20load`)}
      ${b(`/host/${CHILDREN[1]}/api/v1/badge.svg?chart=disk_space._&dimensions=used&label=db%20disk%20used&units=GiB`)}
      ${b(`/host/${CHILDREN[1]}/api/v1/badge.svg?chart=system.io&after=-300&group=average&label=db%20io%205m`)}
      ${b(`/host/${CHILDREN[2]}/api/v1/badge.svg?chart=system.net&dimensions=received&label=redis%20net%20in&multiply=8&divide=1000&units=kbps`)}
      </body></html>`;
    await page.setContent(wiki, { waitUntil: 'load' }).catch((e) => log('wiki', e.message.split('\n')[0]));
    await wait(2000);
    await page.setContent(wiki, { waitUntil: 'load' }).catch(() => {});
    await wait(1500);
    // an alarm on the cache host: its dashboard left open for a while, then the CPU section
    await load(`/host/${CHILDREN[2]}/#menu_system`, 15000);
    await menu(['menu_cpu']);
    await wait(8000);
    log('done');
  } catch (e) {
    log('failed', e.message);
    process.exitCode = 1;
  }
  log(n, 'requests to', BASE);
  await ctx.close();
})();
