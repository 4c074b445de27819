// Headless Chromium session on the Alertmanager Elm web UI (served by the app itself at /).
// Several operators open the UI, look at alerts with label filters, silences, a silence's
// detail page, the new-silence form (one silence is created through the form), status and settings.
const path = require('path');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.AM_URL || 'http://127.0.0.1:19093';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function visit(page, hash, wait = 1200) {
  await page.goto(BASE + '/' + hash, { waitUntil: 'networkidle' }).catch(() => {});
  await sleep(wait);
}

async function session(browser, user, plan) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  let n = 0;
  page.on('request', () => n++);
  await visit(page, '');                                  // "/" -> index.html, script.js, css, fonts, favicon
  for (const step of plan) {
    if (typeof step === 'function') { await step(page).catch((e) => console.error(user, e.message)); continue; }
    await visit(page, step);
  }
  await page.reload({ waitUntil: 'networkidle' }).catch(() => {});
  await sleep(800);
  console.log(`${user}: ${n} requests`);
  await ctx.close();
}

async function createSilence(page) {
  await visit(page, '#/silences/new?filter=%7Balertname%3D%22NodeHighLoad%22%2C%20instance%3D%22node-11%3A9100%22%7D', 1500);
  // form: start, duration, end, matcher input, creator, comment
  await page.locator("input.form-control").last().fill("frank.okafor");
  const ta = page.locator('textarea');
  if (await ta.count()) await ta.first().fill('node-11 kernel upgrade, reboot expected');
  await page.getByRole('button', { name: /Preview Alerts/i }).click().catch(() => {});
  await sleep(1000);
  await page.getByRole('button', { name: /^Create$/i }).click();
  await sleep(2000);
}

async function openFirstSilence(page) {
  await visit(page, '#/silences', 1500);
  const link = page.locator('a[href^="#/silences/"]').filter({ hasNotText: /new/i });
  const hrefs = await link.evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => /#\/silences\/[0-9a-f-]{36}$/.test(h)));
  for (const h of hrefs.slice(0, 3)) { await visit(page, h, 1500); }
  if (hrefs[0]) await visit(page, hrefs[0] + '/edit', 1500);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
   for (const round of [1, 2]) {
    await session(browser, 'alice', [
      '#/alerts',
      '#/alerts?silenced=false&inhibited=false&muted=false&active=true&filter=%7Bteam%3D%22payments%22%7D',
      '#/alerts?silenced=true&inhibited=true&active=true&filter=%7Bseverity%3D%22critical%22%7D',
      '#/alerts?receiver=payments-pager',
      openFirstSilence,
      '#/status',
    ]);
    await session(browser, 'bob', [
      '#/alerts?filter=%7Bteam%3D%22search%22%7D&group=instance',
      '#/alerts?filter=%7Bcluster%3D%22us-east-2%22%2C%20severity%3D~%22warning%7Ccritical%22%7D',
      '#/silences',
      '#/silences?silenced=false&filter=%7Bteam%3D%22search%22%7D',
      '#/settings',
    ]);
    await session(browser, 'frank', [
      '#/alerts?filter=%7Balertname%3D~%22Node.*%22%7D',
      createSilence,
      '#/silences',
      openFirstSilence,
      '#/status',
      '#/alerts',
    ]);
    await session(browser, 'carol', [
      '#/alerts?filter=%7Binstance%3D%22node-14%3A9100%22%7D&silenced=true',
      '#/alerts?group=cluster',
      '#/status',
      '#/silences/new',
    ]);
   }
  } finally {
    await browser.close();
  }
})();
