// Headless Chromium (Debian chromium, driven by playwright-core from lab/browser) on two of Centrifugo's browser faces.
//
//   node browser.js demo  - the team-room page (drive/web/index.html with the npm `centrifuge` JS SDK), served by
//                           `centrifugo serve` on 127.0.0.1:18802 (not recorded), opened by eleven users at once, each
//                           in its own browser context: the SDK's WebSocket, HTTP-streaming and SSE transports (the
//                           last two with POSTs to /emulation), the uni-directional WebSocket, EventSource and
//                           fetch-stream transports, one expired token.
//   node browser.js admin - the embedded admin web UI on the internal port (127.0.0.1:18801/admin/): a wrong password,
//                           login, the status page (it polls `info` through /admin/admin/api), the actions page
//                           (publish, presence, presence stats, history, history remove, channels, info, broadcast,
//                           disconnect, unsubscribe), settings, log out, a second operator's login and actions. One
//                           browser context, so the UI's 2.3 MB bundle is fetched once and then served from
//                           Chromium's cache.
//
// Tokens come from `centrifugo gentoken` (TOKENS env: user=jwt lines), made by record.sh.
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const ADMIN = process.env.ADMIN_URL || 'http://127.0.0.1:18801/admin/';
const DEMO = process.env.DEMO_URL || 'http://127.0.0.1:18802/';
const PASSWORD = process.env.ADMIN_PASSWORD || 'ops-console-Winter2026';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tokens = Object.fromEntries((process.env.TOKENS || '').split('\n').filter((l) => l.includes('='))
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));

async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function demo() {
  const browser = await launch();
  const visits = [
    { user: 'alice', transport: 'websocket', rooms: 'chat:room-lobby,news,orders:eu-west#alice', say: 'anyone up for lunch at 12?' },
    { user: 'bob.nguyen', transport: 'http_stream', rooms: 'chat:room-support,news,orders:eu-west#bob.nguyen', say: 'customer on line 2 says invoices are late' },
    { user: 'carla_m', transport: 'sse', rooms: 'chat:room-support,orders:us-east#carla_m', say: 'on it, checking the mailer queue' },
    { user: 'mila.novak', transport: 'http_stream', rooms: 'chat:team-payments,news:markets', say: 'refund batch 2026-12-07 done' },
    { user: 't_kowalski', transport: 'sse', rooms: 'chat:proj_apollo,news:tech', say: 'APOLLO-73 ready for review' },
    { user: 'jonas.weber', transport: 'uni_sse', rooms: 'news,news:sports' },
    { user: 'priya-k', transport: 'uni_http_stream', rooms: 'orders:us-west#priya-k' },
    { user: '42017', transport: 'uni_websocket', rooms: 'news,orders:ap-south#42017' },
    { user: 'dmitri', transport: 'sse', rooms: 'chat:standup-2026-12-07,chat:room-lobby,news', say: 'blocked on the billing export, need review' },
    { user: 'eve-ops', transport: 'http_stream', rooms: 'chat:room-incidents,metrics:cpu-eu1,metrics:latency-api', say: 'INC-2291 resolved, writing the postmortem' },
    { user: 'alice', transport: 'http_stream', rooms: 'orders:eu-west#alice,news:tech', say: '' },
    { user: 'expired-session', transport: 'http_stream', rooms: 'chat:room-lobby', say: 'hello?' },
  ];
  const stay = parseInt(process.env.STAY || '9000', 10);
  // one browser context per user: each is its own browser profile with its own connection pool (Chromium keeps at
  // most six HTTP/1.1 connections per host and profile, and every streaming transport holds one)
  await Promise.all(visits.map(async (v, i) => {
    await sleep(i * 250);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const q = new URLSearchParams({ user: v.user, token: tokens[v.user] || 'invalid', transport: v.transport, rooms: v.rooms, say: v.say || '', stay: String(stay) });
    await page.goto(DEMO + '?' + q.toString(), { waitUntil: 'load' }).catch((e) => console.error(v.user, e.message));
    await page.waitForFunction(() => window.done === true, null, { timeout: stay + 20000 }).catch(() => {});
    const lines = await page.locator('#log li').allInnerTexts().catch(() => []);
    console.log(`${v.user} (${v.transport}): ${lines.length} events; ${lines.slice(0, 3).join(' | ')}`);
    await ctx.close();
  }));
  await browser.close();
}

// ---- admin web UI ----
async function login(page, password) {
  await page.locator('input[type=password]').fill(password);
  await page.keyboard.press('Enter');
  await sleep(1500);
}

async function pickMethod(page, name) {
  const box = page.locator('input[role=combobox]').first();
  await box.click();
  await box.fill(name);
  await sleep(300);
  await page.getByRole('option', { name, exact: true }).first().click();
  await sleep(400);
}

async function field(page, label, value) {
  const f = page.getByLabel(label, { exact: false }).last();
  await f.fill(value);
}

async function editor(page, text) {
  // the JSON data editor (a code editor: click into it and type)
  const ed = page.locator('.ace_text-input, .cm-content, textarea').first();
  await ed.click({ force: true }).catch(() => {});
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

async function submit(page, text) {
  await page.getByRole('button', { name: new RegExp('^' + text + '$', 'i') }).last().click();
  await sleep(1200);
}

async function action(page, method, fill, button) {
  try {
    await page.goto(ADMIN + '#/actions', { waitUntil: 'networkidle' });
    await sleep(500);
    await pickMethod(page, method);
    await fill();
    await submit(page, button || method);
  } catch (e) {
    console.error(`admin ${method}: ${e.message.split('\n')[0]}`);
  }
}

async function admin() {
  const browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  let n = 0;
  page.on('request', (r) => { n++; if (process.env.DEBUG) console.log(r.method(), r.url(), (r.postData() || '').slice(0, 120)); });
  await page.goto(ADMIN, { waitUntil: 'networkidle' });
  await login(page, 'ops-console-winter2026');           // wrong case: 400
  await page.locator('input[type=password]').fill('');
  await login(page, PASSWORD);
  await sleep(6000);                                      // status page, polling info
  await page.goto(ADMIN + '#/', { waitUntil: 'networkidle' }); await sleep(4000);

  await action(page, 'Publish', async () => {
    await field(page, 'Channel', 'chat:room-lobby');
    await editor(page, '{"from":"admin-ui","text":"deploy finished, all green"}');
  });
  await action(page, 'Publish', async () => {
    await field(page, 'Channel', 'news:tech');
    await field(page, 'Idempotency Key', 'news-tech-90610');
    await editor(page, '{"id":90610,"title":"Release 6.9.1 rolled out to all regions"}');
  });
  await action(page, 'Presence', async () => { await field(page, 'Channel', 'chat:room-lobby'); });
  await action(page, 'Presence Stats', async () => { await field(page, 'Channel', 'news'); });
  await action(page, 'History', async () => { await field(page, 'Channel', 'chat:room-support'); });
  await action(page, 'History', async () => { await field(page, 'Channel', 'orders:eu-west#alice'); });
  await action(page, 'History Remove', async () => { await field(page, 'Channel', 'chat:standup-2026-12-07'); });
  await action(page, 'Channels', async () => {});
  await action(page, 'Info', async () => {});
  await action(page, 'Broadcast', async () => {
    await field(page, 'Channels', 'news news:sports');
    await editor(page, '{"title":"Scheduled maintenance 23:00 UTC"}');
  });
  await action(page, 'Disconnect', async () => { await field(page, 'User ID', 'spam_bot_77'); });
  await action(page, 'Unsubscribe', async () => {
    await field(page, 'User ID', 'carla_m');
    await field(page, 'Channel', 'chat:room-support');
  });
  await page.goto(ADMIN + '#/settings', { waitUntil: 'networkidle' }); await sleep(800);
  await page.goto(ADMIN + '#/', { waitUntil: 'networkidle' }); await sleep(5000);
  // log out from the account menu, a second operator logs in
  try {
    await page.getByRole('button', { name: /account/i }).first().click();
    await sleep(400);
    await page.getByRole('menuitem', { name: /log out/i }).first().click();
    await sleep(1000);
  } catch (e) { console.error('logout: ' + e.message.split('\n')[0]); }
  await page.goto(ADMIN, { waitUntil: 'networkidle' });
  if (await page.locator('input[type=password]').count()) await login(page, PASSWORD);
  await sleep(3000);
  await action(page, 'Presence', async () => { await field(page, 'Channel', 'chat:room-support'); });
  await action(page, 'History', async () => { await field(page, 'Channel', 'news'); });
  await action(page, 'Publish', async () => {
    await field(page, 'Channel', 'chat:room-incidents');
    await editor(page, '{"from":"admin-ui","text":"postmortem doc: INC-2291"}');
  });
  await action(page, 'History', async () => { await field(page, 'Channel', 'chat:room-incidents'); });
  await action(page, 'Presence Stats', async () => { await field(page, 'Channel', 'chat:room-support'); });
  await action(page, 'Channels', async () => { await field(page, 'Pattern', 'orders:*').catch(() => {}); });
  await page.reload({ waitUntil: 'networkidle' }); await sleep(3000);
  console.log(`admin: ${n} requests`);
  await ctx.close();
  await browser.close();
}

(process.argv[2] === 'admin' ? admin() : demo()).catch((e) => { console.error(e); process.exit(1); });
