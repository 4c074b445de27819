// Headless Chromium (Debian's, driven by playwright-core from lab/browser) on GoToSocial's web pages: visitors
// reading the server-rendered front page, about page, suspended-domains list, profiles `/@username`, threads
// `/@username/statuses/ID`, tag pages, RSS feeds, media through /fileserver; a member signing in to the settings
// panel (the React app registers an app and goes through the OAuth pages): her profile, settings and the admin
// pages; and a visitor looking at the sign-up page.
// One browser profile (the library's public computer): each person's cookies and local storage are cleared when
// they leave, the HTTP cache stays, as a shared browser keeps it. Only loopback is contacted.
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const ARGS = require('./chromium-args.cjs');
const PUB = process.env.PUB || 'http://localhost:18480';
const STATE = process.env.STATE || '/tmp/shadowtap-lab/gotosocial/state';
const posts = JSON.parse(fs.readFileSync(path.join(STATE, 'posts.json'), 'utf8'));
const log = (...a) => console.log('[browser]', ...a);

async function person(name, steps) {
  const profile = path.join(STATE, 'chromium-profile');
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  let n = 0;
  ctx.on('request', (r) => { if (r.url().startsWith(PUB)) n++; });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(8000);
  const settle = async (ms = 700) => { try { await page.waitForLoadState('networkidle', { timeout: 3000 }); } catch {} await page.waitForTimeout(ms); };
  const h = {
    page, settle,
    load: async (p) => { const r = await page.goto(PUB + p, { waitUntil: 'domcontentloaded' }).catch((e) => log(name, 'goto', p, e.message.split('\n')[0])); await settle(); log(name, 'load', p, r && r.status()); },
    click: async (sel, what) => { try { await page.locator(sel).first().click(); await settle(); log(name, 'click', what || sel, new URL(page.url()).pathname); return true; } catch (e) { log(name, 'no', what || sel, e.message.split('\n')[0]); return false; } },
  };
  for (const s of steps) { try { await s(h); } catch (e) { log(name, 'step error', e.message.split('\n')[0]); } }
  log(name, n, 'requests');
  try { await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); }); } catch {}
  await ctx.clearCookies();
  await ctx.close();
}
const st = (k) => posts[k] ? `/@${posts[k].acct}/statuses/${posts[k].id}` : '/';

(async () => {
  fs.rmSync(path.join(STATE, 'chromium-profile'), { recursive: true, force: true });
  // a visitor from a search engine result, reading around
  await person('visitor', [
    async (h) => { await h.load('/'); },
    async (h) => { await h.click('a[href$="/about"]', 'about'); },
    async (h) => { await h.load('/about/suspended'); },
    async (h) => { await h.load('/@ingrid_halvorsen'); },
    async (h) => { await h.load(st('aurora')); },
    async (h) => { await h.click('a[href*="/tags/"]', 'a hashtag'); },
    async (h) => { await h.load('/@kenji_watanabe'); await h.load(st('ramen')); },
    async (h) => { await h.load('/tags/ramen'); },
    async (h) => { await h.load('/@amara_okafor'); },
    async (h) => { await h.load(st('longread')); },
    async (h) => { await h.load('/@kenji_watanabe/statuses/01HXXXXXXXXXXXXXXXXXXXXXXX'); },
    async (h) => { await h.load('/signup'); },
  ]);
  // a feed reader and a curious reader of the RSS/CSS
  await person('feedreader', [
    async (h) => { await h.load('/@leafpress/feed.rss'); await h.load('/@mateo_ruiz/feed.rss'); await h.load('/@mateo_ruiz/custom.css'); await h.load('/robots.txt'); },
  ]);
  // Ingrid (admin) looks at the admin panel
  await person('ingrid', [
    async (h) => { await h.load('/admin'); },
    async (h) => {
      const p = h.page;
      await h.click('button[type=submit], button:has-text("Log in")', 'log in');
      if (await p.locator('input[name=username]').count()) {
        await p.fill('input[name=username]', 'ingrid@fjordlight.social');
        await p.fill('input[name=password]', 'Fjord-Lantern-2026!');
        await h.click('button[type=submit]', 'sign in');
      }
      if (await p.locator('form[action="/oauth/authorize"] button[type=submit]').count()) await h.click('form[action="/oauth/authorize"] button[type=submit]', 'allow');
      await h.settle(1500);
    },
    async (h) => { await h.load('/settings/user/profile'); },
    async (h) => {
      const bio = h.page.locator('textarea[name=note], textarea#note').first();
      if (await bio.count()) { await bio.fill('Lighthouse keeper turned #photography nerd. Tromsø → everywhere. Admin here, ask me anything.'); await h.click('button:has-text("Save profile info")', 'save profile'); }
    },
    async (h) => { await h.load('/settings/user/settings'); },
    async (h) => { await h.load('/settings/admin/reports'); },
    async (h) => { await h.load('/settings/admin/federation/domain-permissions/blocks'); },
    async (h) => { await h.load('/settings/admin/custom-emoji/local'); },
    async (h) => { await h.load(st('welcome')); },
  ]);
})().catch((e) => { console.error(e); process.exit(1); });
