// browser.js - headless Chromium (playwright-core) session: users sign in to the "web-shop" and "support-desk"
// relying parties through Hydra's /oauth2/auth, the login/consent app (login-consent.js), and sign out through
// Hydra's /oauth2/sessions/logout. Also opens the discovery document and the error fallback page like a user would.
const path = require('path');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const fs = require('fs');
const PUB = 'http://127.0.0.1:19444', LC = 'http://127.0.0.1:19446';
const clients = Object.fromEntries(fs.readFileSync(process.env.STATE + '/clients.tsv', 'utf8').trim().split('\n')
  .map((l) => l.split('\t')).map(([n, id, s]) => [n, { id, s }]));
const USERS = [['alice.johnson@example.com', 'correct-horse'], ['bob.martinez@example.com', 'hunter2-staple'],
  ['carol.nguyen@example.com', 'battery-paper'], ['dave.okafor@example.com', 'plain-lantern']];
let n = 0;
const authURL = (rp, scope, extra = '') => `${PUB}/oauth2/auth?client_id=${clients[rp].id}&response_type=code&scope=${encodeURIComponent(scope)}` +
  `&redirect_uri=${encodeURIComponent(LC + '/callback?rp=' + rp)}&state=browserstate${String(++n).padStart(4, '0')}xyz&nonce=browsernonce${n}abc${extra}`;

async function signIn(page, rp, [email, pw], { scope = 'openid offline_access profile email', remember = true, wrongPw = false, denyConsent = false } = {}) {
  await page.goto(authURL(rp, scope));
  if (page.url().startsWith(LC + '/login')) {
    if (wrongPw) { await page.fill('#email', email); await page.fill('#password', 'wrong-password'); await page.click('#accept'); await page.waitForLoadState(); }
    await page.fill('#email', email); await page.fill('#password', pw);
    if (remember) await page.check('#remember');
    await Promise.all([page.waitForURL((u) => !u.toString().startsWith(LC + '/login')), page.click('#accept')]);
  }
  if (page.url().startsWith(LC + '/consent')) {
    if (remember) await page.check('#remember');
    await Promise.all([page.waitForURL((u) => !u.toString().startsWith(LC + '/consent')), page.click(denyConsent ? '#reject' : '#accept')]);
  }
  const sub = await page.locator('#sub').textContent({ timeout: 3000 }).catch(() => null);
  return sub;
}
async function signOut(page) {
  await page.goto(`${PUB}/oauth2/sessions/logout`);
  if (page.url().startsWith(LC + '/logout')) await Promise.all([page.waitForURL((u) => !u.toString().startsWith(LC + '/logout')), page.click('#accept')]);
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  let ok = 0, fail = 0;
  for (let round = 0; round < 3; round++) {
    for (const [i, user] of USERS.entries()) {
      const ctx = await browser.newContext({ userAgent: undefined });
      const page = await ctx.newPage();
      const rp = (i + round) % 2 ? 'support-desk' : 'web-shop';
      if (await signIn(page, rp, user, { wrongPw: i === 1 && round === 0, remember: i !== 3 })) ok++; else fail++;
      // second relying party in the same browser: the Hydra session cookie makes login skip (remember=true)
      const other = rp === 'web-shop' ? 'support-desk' : 'web-shop';
      if (await signIn(page, other, user, { scope: 'openid email', remember: i !== 3 })) ok++; else fail++;
      // come back later to the same RP: login + consent are skipped
      if (await signIn(page, rp, user)) ok++; else fail++;
      await page.goto(`${PUB}/.well-known/openid-configuration`);
      if (i % 2 === 0) await signOut(page);
      await ctx.close();
    }
  }
  // a user who declines consent, and a broken link that lands on the error fallback
  { const ctx = await browser.newContext(); const page = await ctx.newPage();
    await signIn(page, 'web-shop', USERS[2], { denyConsent: true, remember: false });
    await page.goto(`${PUB}/oauth2/auth?client_id=${clients['web-shop'].id}&response_type=token&scope=openid&state=brokenlink0001`);
    await page.goto(`${PUB}/.well-known/jwks.json`);
    await ctx.close(); }
  await browser.close();
  console.error(`[browser] sign-ins ok=${ok} failed=${fail}`);
})().catch((e) => { console.error('[browser] error', e); process.exit(1); });
