// The members of "Fjordlight Social" (a GoToSocial v0.16.0 instance on 127.0.0.1) using megalodon, a Mastodon-API
// client library from npm with a GoToSocial backend (generator 'gotosocial'). Each user's app is registered through
// megalodon (POST /api/v1/apps), the user signs in and allows it in headless Chromium (GoToSocial's own sign-in and
// authorize pages, out-of-band code), and megalodon swaps the code for a token (POST /oauth/token). Then real use:
// posts with hashtags, replies, boosts, favourites, bookmarks, pins, media, polls, lists, follows and follow requests,
// mutes, blocks, searches, timelines, notifications, filters, profile updates, markers, reports, deletes.
// Tokens go to $STATE/tokens.json for the curl scripts. Usage: node clients.cjs login|social|late
const path = require('path');
const fs = require('fs');
const L = process.env.L || '/tmp/shadowtap-lab/gotosocial';
const STATE = process.env.STATE || L + '/state';
const PUB = process.env.PUB || 'http://localhost:18480';
const { Gotosocial, detector } = require(path.join(L, 'client', 'node_modules', 'megalodon'));
const USERS = (process.env.USERS || '').split(/\s+/).filter(Boolean).map((u) => { const [name, email, pw] = u.split(':'); return { name, email, pw }; });
const TOK = path.join(STATE, 'tokens.json');
const log = (...a) => console.log('[clients]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const APPS = {
  ingrid_halvorsen: { client: 'Tusky', ua: 'Tusky/25.2 Android/14' },
  'mateo_ruiz': { client: 'Elk', ua: 'megalodon (Elk 0.14)' },
  amara_okafor: { client: 'Semaphore', ua: 'megalodon' },
  kenji_watanabe: { client: 'Phanpy', ua: 'megalodon (Phanpy)' },
  leafpress: { client: 'Leafpress crossposter', ua: 'leafpress-crossposter/1.4 megalodon' },
};

async function t(what, p) {
  try { const r = await p; log('ok', what, r && r.status); return r ? r.data : undefined; }
  catch (e) { log('err', what, e.response ? e.response.status : e.message); return undefined; }
}

// one small PNG (solid colour with a stripe), made here: no downloads
function png(w, h, rgb, rgb2) {
  const zlib = require('zlib');
  const crc = (b) => { let c, n, t = []; for (n = 0; n < 256; n++) { c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; }
    let x = 0xffffffff; for (const v of b) x = t[(x ^ v) & 0xff] ^ (x >>> 8); return (x ^ 0xffffffff) >>> 0; };
  const chunk = (ty, d) => { const l = Buffer.alloc(4); l.writeUInt32BE(d.length); const td = Buffer.concat([Buffer.from(ty), d]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([l, td, c]); };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const c = (y > h / 3 && y < h / 2) || x === y ? rgb2 : rgb; raw.set(c, y * (w * 3 + 1) + 1 + x * 3); }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
function pngFile(name, ...a) { const f = path.join(STATE, name); fs.writeFileSync(f, png(...a)); return f; }

async function login() {
  const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
  const ARGS = require('./chromium-args.cjs');
  const tokens = {};
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  // megalodon's detector asks the server what it is first (as apps do when the user types the instance's address)
  log('detector', await t('detector', detector(PUB).then((d) => ({ status: d }))));
  for (const u of USERS.slice(0, 5)) {
    const a = APPS[u.name];
    const anon = new Gotosocial(PUB, null, a.ua);
    const app = await anon.registerApp(a.client, { scopes: ['read', 'write', 'follow', ...(u.name === USERS[0].name ? ['admin'] : [])], website: 'https://example.org/' + a.client.toLowerCase().replace(/ /g, '-') });
    log('app', u.name, app.client_id);
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(app.url);
    await page.fill('input[name=username]', u.email);
    await page.fill('input[name=password]', u.pw);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await page.waitForSelector('form[action="/oauth/authorize"] button[type=submit]');
    await Promise.all([page.waitForURL(/oob/), page.click('form[action="/oauth/authorize"] button[type=submit]')]);
    const code = (await page.textContent('section.oob-token code')).trim();
    await ctx.close();
    const tok = await anon.fetchAccessToken(app.client_id, app.client_secret, code);
    tokens[u.name] = { token: tok.access_token, client_id: app.client_id, client_secret: app.client_secret };
    log('token', u.name);
  }
  await browser.close();
  fs.writeFileSync(TOK, JSON.stringify(tokens, null, 1));
}

function clients() {
  const tokens = JSON.parse(fs.readFileSync(TOK, 'utf8'));
  const c = {};
  for (const u of USERS.slice(0, 5)) c[u.name] = new Gotosocial(PUB, tokens[u.name].token, APPS[u.name].ua);
  return c;
}

async function social() {
  const c = clients();
  const ing = c.ingrid_halvorsen, mat = c['mateo_ruiz'], ama = c.amara_okafor, ken = c.kenji_watanabe, leaf = c.leafpress;
  const me = {};
  for (const [n, cl] of Object.entries(c)) { const a = await t('verify ' + n, cl.verifyAccountCredentials()); if (a) me[n] = a; }
  const ids = Object.fromEntries(Object.entries(me).map(([n, a]) => [n, a.id]));
  fs.writeFileSync(path.join(STATE, 'ids.json'), JSON.stringify(ids));
  await t('instance', ing.getInstance());
  await t('custom emojis', ing.getInstanceCustomEmojis());
  await t('preferences', mat.getPreferences());

  // profiles
  await t('profile ingrid', ing.updateCredentials({ display_name: 'Ingrid Halvorsen', note: 'Lighthouse keeper turned #photography nerd. Tromsø → everywhere. Admin here.', locked: false, fields_attributes: [{ name: 'Pronouns', value: 'she/her' }, { name: 'Camera', value: 'Fujifilm X-T5' }] }));
  await t('profile mateo', mat.updateCredentials({ display_name: 'Mateo Ruiz 🥘', note: 'Cooking for too many people since 2009. Valencia. #paella #cooking', locked: true }));
  await t('profile amara', ama.updateCredentials({ display_name: 'Amara Okafor', note: 'Highlife records, Lagos street food, and the occasional #vinyl haul.', bot: false }));
  await t('profile kenji', ken.updateCredentials({ display_name: '渡辺 健二 Kenji', note: 'Ramen cartographer. Building a map of every shop in Kichijōji. #ramen #tokyo' }));
  await t('profile leafpress', leaf.updateCredentials({ display_name: 'Leafpress Editorial', note: 'Weekly longreads on gardens, cities and slow travel.', bot: true }));
  await t('avatar amara', ama.updateCredentials({ avatar: fs.createReadStream(pngFile('amara-avatar.png', 48, 48, [201, 120, 40], [250, 220, 120])) }));
  await t('header kenji', ken.updateCredentials({ header: fs.createReadStream(pngFile('kenji-header.png', 96, 32, [30, 30, 60], [240, 180, 60])) }));

  // follows (mateo is locked: follow requests)
  for (const [who, cl] of [['ingrid_halvorsen', ing], ['amara_okafor', ama], ['kenji_watanabe', ken], ['leafpress', leaf]]) {
    for (const [n, id] of Object.entries(ids)) if (n !== who) await t(`${who} follows ${n}`, cl.followAccount(id, { reblog: true }));
  }
  await t('mateo follows ingrid', mat.followAccount(ids.ingrid_halvorsen));
  await t('mateo follows kenji', mat.followAccount(ids.kenji_watanabe));
  await sleep(1500);
  const reqs = await t('mateo follow requests', mat.getFollowRequests());
  for (const r of reqs || []) {
    if (r.username === 'leafpress') await t('reject leafpress', mat.rejectFollowRequest(r.id));
    else await t('accept ' + r.username, mat.acceptFollowRequest(r.id));
  }
  await t('relationships', ing.getRelationships([ids['mateo_ruiz'], ids.amara_okafor, ids.kenji_watanabe]));
  await t('relationship', leaf.getRelationship(ids['mateo_ruiz']));

  // statuses
  const posts = {};
  const post = async (who, cl, key, text, opt = {}) => { const s = await t('post ' + key, cl.postStatus(text, opt)); if (s) posts[key] = s; return s; };
  await post('ingrid', ing, 'welcome', 'Welcome to Fjordlight Social! Please read the #rules and say hi with #introductions 👋', { visibility: 'public', language: 'en' });
  await post('ingrid', ing, 'aurora', 'Aurora over Kvaløya last night, 40 minutes of green ribbons. #photography #aurora #norway', { visibility: 'public' });
  await post('mateo', mat, 'paella', 'Sunday #paella for twelve: rabbit, garrofó, snails optional. The socarrat came out perfect. #cooking #valencia', { visibility: 'public', language: 'es' });
  await post('amara', ama, 'vinyl', 'Found a 1974 Victor Uwaifo pressing at the market for the price of a coffee. #vinyl #highlife', { visibility: 'public' });
  await post('kenji', ken, 'ramen', 'Shop #47 on the map: a tiny shio ramen counter behind Kichijōji station. 8 seats, no sign. #ramen #tokyo', { visibility: 'public', language: 'en' });
  await post('leaf', leaf, 'longread', 'This week: "The allotment that outlived three city plans" — a longread on community gardens. #gardening #cities #longread', { visibility: 'public' });
  await post('kenji', ken, 'unlisted', 'Note to self: the Ogikubo list needs updating after the rent hikes. #ramen', { visibility: 'unlisted' });
  await post('amara', ama, 'private', 'Followers only: anyone want to split a crate of records from the Ikeja fair next month?', { visibility: 'private' });
  await post('mateo', mat, 'spoiler', 'Hot take about saffron prices inside.', { visibility: 'public', spoiler_text: 'food politics', sensitive: true });
  await post('ingrid', ing, 'poll', 'Next photo walk: where should we go? #photography', { poll: { options: ['Telegrafbukta', 'Fjellheisen', 'Prestvannet'], expires_in: 86400, multiple: false } });
  await post('kenji', ken, 'poll2', 'Best ramen style for winter? #ramen', { poll: { options: ['tonkotsu', 'miso', 'shio', 'shoyu'], expires_in: 3600, multiple: true } });
  await post('leaf', leaf, 'dm', `@amara_okafor would you write 800 words about record markets for our spring issue?`, { visibility: 'direct' });

  // media
  for (const [who, cl, file, desc, text, key] of [
    ['ingrid', ing, pngFile('aurora.png', 64, 40, [10, 40, 30], [60, 220, 120]), 'Green aurora bands over a dark mountain ridge', 'Another one from Kvaløya. #aurora #photography', 'aurora2'],
    ['kenji', ken, pngFile('shio.png', 48, 48, [235, 225, 200], [200, 120, 60]), 'A bowl of clear shio ramen with chashu and menma', 'Shio at shop #47. #ramen', 'shio'],
    ['amara', ama, pngFile('crate.png', 40, 40, [90, 50, 30], [20, 20, 20]), 'A wooden crate full of old vinyl records', 'Crate digging results. #vinyl', 'crate'],
  ]) {
    const m = await t('upload ' + who, cl.uploadMedia(fs.createReadStream(file), { description: desc }));
    if (m) {
      await t('get media', cl.getMedia(m.id));
      await t('update media', cl.updateMedia(m.id, { description: desc + ' (edited)', focus: '0.0,0.2' }));
      await post(who, cl, key, text, { media_ids: [m.id] });
    }
  }

  // reading and reacting
  await t('home ingrid', ing.getHomeTimeline({ limit: 20 }));
  await t('home kenji', ken.getHomeTimeline({ limit: 20 }));
  await t('public', ama.getPublicTimeline({ limit: 20 }));
  await t('local', ama.getLocalTimeline({ limit: 20 }));
  await t('tag ramen', mat.getTagTimeline('ramen', { limit: 20 }));
  await t('tag photography', ken.getTagTimeline('photography'));
  const react = async (cl, key, how) => { const s = posts[key]; if (!s) return; for (const h of how) {
    if (h === 'fav') await t('fav ' + key, cl.favouriteStatus(s.id));
    if (h === 'boost') await t('boost ' + key, cl.reblogStatus(s.id));
    if (h === 'bm') await t('bookmark ' + key, cl.bookmarkStatus(s.id));
  } };
  await react(ama, 'aurora', ['fav', 'boost']);
  await react(ken, 'aurora', ['fav', 'bm']);
  await react(mat, 'ramen', ['fav']);
  await react(ing, 'ramen', ['fav', 'boost', 'bm']);
  await react(leaf, 'paella', ['fav']);
  await react(ken, 'paella', ['fav', 'bm']);
  await react(ing, 'vinyl', ['fav', 'boost']);
  await react(mat, 'longread', ['bm']);
  await react(ama, 'longread', ['fav', 'boost']);
  await react(ken, 'welcome', ['fav']);
  await react(ama, 'shio', ['fav']);
  // replies and threads
  const reply = async (cl, key, to, text, opt = {}) => { if (posts[to]) await post('', cl, key, text, { in_reply_to_id: posts[to].id, ...opt }); };
  await reply(mat, 'r1', 'aurora', '@ingrid_halvorsen unreal colours. What shutter speed?');
  await reply(ing, 'r2', 'r1', '@mateo_ruiz 4 seconds at ISO 1600, f/2.8. Cold fingers included.');
  await reply(ken, 'r3', 'ramen', 'Update: they also do a yuzu shio on Thursdays. #ramen');
  await reply(ama, 'r4', 'dm', '@leafpress yes! Happy to. Deadline?', { visibility: 'direct' });
  await reply(leaf, 'r5', 'r4', '@amara_okafor end of March. We pay on publication.', { visibility: 'direct' });
  await reply(ken, 'r6', 'welcome', '@ingrid_halvorsen hi from Tokyo! #introductions');
  if (posts.aurora) {
    await t('context', mat.getStatusContext(posts.aurora.id));
    await t('favourited by', ing.getStatusFavouritedBy(posts.aurora.id));
    await t('reblogged by', ing.getStatusRebloggedBy(posts.aurora.id));
    await t('get status', leaf.getStatus(posts.aurora.id));
  }
  if (posts.ramen) { await t('context ramen', ing.getStatusContext(posts.ramen.id)); await t('favourited by ramen', ken.getStatusFavouritedBy(posts.ramen.id)); }
  // polls
  if (posts.poll) { await t('vote', ken.votePoll(posts.poll.poll.id, [1])); await t('vote2', ama.votePoll(posts.poll.poll.id, [0])); await t('poll', ing.getPoll(posts.poll.poll.id)); }
  if (posts.poll2) { await t('vote3', mat.votePoll(posts.poll2.poll.id, [0, 2])); await t('poll2', ken.getPoll(posts.poll2.poll.id)); }
  // pins, edits, mutes of threads
  if (posts.welcome) { await t('pin', ing.pinStatus(posts.welcome.id)); }
  if (posts.longread) { await t('pin leaf', leaf.pinStatus(posts.longread.id)); }
  if (posts.spoiler) {
    await t('source', mat.getStatusSource(posts.spoiler.id));
  }
  if (posts.r1) await t('mute thread', ing.muteStatus(posts.aurora.id));
  // lists
  const l1 = await t('list food', ing.createList('Food people'));
  const l2 = await t('list photo', ken.createList('Photo walks'));
  const l3 = await t('list press', ama.createList('Press & editors'));
  if (l1) {
    await t('list add', ing.addAccountsToList(l1.id, [ids['mateo_ruiz'], ids.kenji_watanabe]));
    await t('list accounts', ing.getAccountsInList(l1.id));
    await t('list timeline', ing.getListTimeline(l1.id, { limit: 20 }));
    await t('list rename', ing.updateList(l1.id, 'Food & ramen people'));
    await t('get list', ing.getList(l1.id));
    await t('account lists', ing.getAccountLists(ids.kenji_watanabe));
  }
  if (l2) { await t('list add2', ken.addAccountsToList(l2.id, [ids.ingrid_halvorsen])); await t('list tl2', ken.getListTimeline(l2.id)); }
  if (l3) { await t('list add3', ama.addAccountsToList(l3.id, [ids.leafpress])); await t('list rm3', ama.deleteAccountsFromList(l3.id, [ids.leafpress])); await t('list del3', ama.deleteList(l3.id)); }
  await t('lists', ing.getLists());
  await t('lists ken', ken.getLists());
  // accounts and search
  for (const [cl, q] of [[ing, 'kenji'], [mat, 'amara'], [ken, 'leaf'], [leaf, 'ingrid']]) await t('search accounts ' + q, cl.searchAccount(q, { limit: 5 }));
  for (const [cl, q, ty] of [[ama, 'ramen', 'hashtags'], [ken, 'paella', 'statuses'], [ing, '@mateo_ruiz', 'accounts'], [mat, 'aurora', undefined]]) await t('search ' + q, cl.search(q, { type: ty, limit: 10, resolve: false }));
  await t('lookup', ama.lookupAccount('kenji_watanabe'));
  await t('lookup missing', ama.lookupAccount('no_such_person'));
  for (const n of ['ingrid_halvorsen', 'kenji_watanabe', 'leafpress']) {
    await t('account ' + n, mat.getAccount(ids[n]));
    await t('statuses ' + n, mat.getAccountStatuses(ids[n], { limit: 20, exclude_replies: true }));
    await t('followers ' + n, ama.getAccountFollowers(ids[n]));
    await t('following ' + n, ama.getAccountFollowing(ids[n]));
  }
  await t('pinned', ken.getAccountStatuses(ids.ingrid_halvorsen, { pinned: true }));
  await t('media only', ken.getAccountStatuses(ids.amara_okafor, { only_media: true }));
  await t('note', ing.setAccountNote(ids.leafpress, 'Runs the gardening newsletter; contact for partnerships.'));
  // notifications and markers
  for (const [n, cl] of Object.entries(c)) await t('notifications ' + n, cl.getNotifications({ limit: 30 }));
  const notes = await t('notifications ingrid again', ing.getNotifications({ limit: 5, exclude_types: ['follow'] }));
  if (notes && notes[0]) { await t('notification', ing.getNotification(notes[0].id)); await t('dismiss', ing.dismissNotification(notes[0].id)); }
  await t('markers', ing.getMarkers(['home', 'notifications']));
  await t('save markers', ing.saveMarkers({ home: { last_read_id: posts.paella ? posts.paella.id : '0' } }));
  // favourites, bookmarks, blocks, mutes
  await t('favourites', ken.getFavourites({ limit: 20 }));
  await t('bookmarks', ing.getBookmarks({ limit: 20 }));
  await t('mute leaf', mat.muteAccount(ids.leafpress, true));
  await t('mutes', mat.getMutes());
  await t('block leaf', ken.blockAccount(ids.leafpress));
  await t('blocks', ken.getBlocks());
  await t('unblock leaf', ken.unblockAccount(ids.leafpress));
  await t('unmute leaf', mat.unmuteAccount(ids.leafpress));
  await t('unfollow', leaf.unfollowAccount(ids.kenji_watanabe));
  await t('follow again', leaf.followAccount(ids.kenji_watanabe));
  // filters (v1 through megalodon)
  const f = await t('filter', ama.createFilter('crypto', ['home', 'public'], { irreversible: false, whole_word: true, expires_in: 604800 }));
  await t('filters', ama.getFilters());
  if (f) { await t('get filter', ama.getFilter(f.id)); await t('update filter', ama.updateFilter(f.id, 'crypto', ['home', 'public', 'thread'])); }
  // un-doing
  await react(ken, 'aurora', []);
  if (posts.aurora) { await t('unfav', ken.unfavouriteStatus(posts.aurora.id)); await t('unbookmark', ken.unbookmarkStatus(posts.aurora.id)); await t('unreblog', ama.unreblogStatus(posts.aurora.id)); }
  if (posts.welcome) await t('unpin', ing.unpinStatus(posts.welcome.id));
  if (posts.r1) await t('unmute thread', ing.unmuteStatus(posts.aurora.id));
  if (posts.unlisted) await t('delete', ken.deleteStatus(posts.unlisted.id));
  if (posts.unlisted) await t('get deleted', ken.getStatus(posts.unlisted.id));
  // a report about a spammy-looking post
  if (posts.spoiler) await t('report', leaf.report(ids['mateo_ruiz'], { status_ids: [posts.spoiler.id], comment: 'Unmarked advertising for a saffron shop?', forward: false, category: 'spam' }));
  fs.writeFileSync(path.join(STATE, 'posts.json'), JSON.stringify(Object.fromEntries(Object.entries(posts).map(([k, s]) => [k, { id: s.id, url: s.url, acct: s.account.acct, media: (s.media_attachments || []).map((m) => m.url) }]))));
}

// later in the day: more timelines and a few edits, from the apps' background refreshes
async function late() {
  const c = clients();
  for (const [n, cl] of Object.entries(c)) {
    await t('home ' + n, cl.getHomeTimeline({ limit: 20 }));
    await t('notifications ' + n, cl.getNotifications({ limit: 15 }));
  }
  await t('clear notifications', c.kenji_watanabe.dismissNotifications());
  await t('tag vinyl', c.leafpress.getTagTimeline('vinyl'));
  await t('tag aurora', c['mateo_ruiz'].getTagTimeline('aurora', { only_media: true }));
  await t('instance peers', c.amara_okafor.getInstancePeers());
  await t('followed by', c.ingrid_halvorsen.getAccountFollowers((await c.ingrid_halvorsen.verifyAccountCredentials()).data.id));
  const f = await t('filters', c.amara_okafor.getFilters());
  if (f && f[0]) await t('delete filter', c.amara_okafor.deleteFilter(f[0].id));
  const lists = await t('lists', c.ingrid_halvorsen.getLists());
  for (const l of lists || []) await t('list timeline', c.ingrid_halvorsen.getListTimeline(l.id, { limit: 10 }));
}

// small images the curl scripts upload (custom emoji, a v2 media upload)
async function pngs() {
  pngFile('emoji-wave.png', 32, 32, [20, 90, 160], [240, 240, 255]);
  pngFile('emoji-ramen.png', 32, 32, [250, 230, 190], [190, 80, 40]);
  pngFile('garden.png', 56, 40, [60, 120, 50], [140, 90, 50]);
  pngFile('leaf-avatar.png', 40, 40, [40, 110, 60], [230, 240, 220]);
  pngFile('amara-avatar.png', 48, 48, [201, 120, 40], [250, 220, 120]);
  pngFile('kenji-header.png', 96, 32, [30, 30, 60], [240, 180, 60]);
}

const phase = process.argv[2];
({ login, social, late, pngs })[phase]().catch((e) => { console.error(e); process.exit(1); });
