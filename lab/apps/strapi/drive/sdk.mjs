// REST client as Strapi's docs show it: the official JavaScript SDK @strapi/client (npm), authenticated with the API
// token the admin created in the browser (argv[2] = the file it was saved to). Builds the magazine's content:
// categories, authors, articles linked to both, restaurants, the homepage single type, media files; reads it back
// with filters, populate, sort, fields and pagination; updates and deletes some entries; asks for ids that do not exist.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire('/tmp/shadowtap-lab/strapi/app/package.json');
const { strapi } = require('@strapi/client');
const BASE = (process.env.STRAPI_URL || 'http://127.0.0.1:11337') + '/api';
const token = fs.readFileSync(process.argv[2] || '/tmp/shadowtap-lab/strapi/api-token.txt', 'utf8').trim();
const client = strapi({ baseURL: BASE, auth: token });
const here = path.dirname(new URL(import.meta.url).pathname);
let calls = 0, failed = 0;
const log = (...a) => console.log('[sdk]', ...a);
const t = async (name, fn) => {
  calls++;
  try { return await fn(); } catch (e) { failed++; log('error', name, (e && e.message || String(e)).slice(0, 160)); return null; }
};

const categories = client.collection('categories');
const authors = client.collection('authors');
const articles = client.collection('articles');
const restaurants = client.collection('restaurants');
const homepage = client.single('homepage');

// what the browser session made
const existingCats = (await t('categories.find', () => categories.find({ sort: 'name:asc' })))?.data || [];
const existingAuthors = (await t('authors.find', () => authors.find()))?.data || [];
log('existing categories', existingCats.length, 'authors', existingAuthors.length);

const cat = {};
for (const c of existingCats) cat[c.name] = c.documentId;
for (const [name, slug, description] of [
  ['Maritime history', 'maritime-history', 'Wrecks, lighthouses and the logbooks of the coast'],
  ['Climate', 'climate', 'Sea levels, storms and the towns adapting to both'],
  ['Neighbourhoods', 'neighbourhoods', 'Street by street: who lives here and why'],
]) {
  const r = await t('categories.create', () => categories.create({ name, slug, description }));
  if (r) cat[name] = r.data.documentId;
}
const au = {};
for (const a of existingAuthors) au[a.name] = a.documentId;
for (const [name, email, bio] of [
  ['Aisling Ní Bhriain', 'aisling.nibhriain@harbourlight.example', 'Archivist at the county museum; writes the history column.'],
  ['Rahul Deshpande', 'rahul.d@harbourlight.example', 'Data journalist covering climate and housing.'],
  ['Chloé Marchetti', 'chloe.marchetti@harbourlight.example', 'Restaurant reviews, every other Friday.'],
]) {
  const r = await t('authors.create', () => authors.create({ name, email, bio }));
  if (r) au[name] = r.data.documentId;
}

const newArticles = [
  ['The wreck of the Mary Ellen, 1887', 'maritime-history', 'Aisling Ní Bhriain', 'Maritime history', 'A coal brig, a December gale and a rescue that made the papers in three counties.', 9],
  ['Who keeps the lighthouse now?', 'maritime-history-lighthouse', 'Aisling Ní Bhriain', 'Maritime history', 'Automated since 1992, the light still has a keeper of sorts.', 6],
  ['Mapping the 2050 flood line', 'climate-flood-line', 'Rahul Deshpande', 'Climate', 'We overlaid the new projections on every street in the harbour ward.', 12],
  ['Seawall or salt marsh?', 'climate-seawall-marsh', 'Rahul Deshpande', 'Climate', 'Two plans for the east shore, and what each would cost.', 8],
  ['Rents on Quay Street, ten years on', 'neighbourhoods-quay-street-rents', 'Rahul Deshpande', 'Neighbourhoods', 'Tenancy records show the street turning over faster than any other.', 7],
  ['Night shift at the fish market', 'food-night-fish-market', 'Tomasz Wierzbicki', 'Food & drink', 'From 3 a.m. auctions to the first van out at six.', 5],
  ['Swifts nesting in the old cannery', 'urban-ecology-swifts-cannery', 'Ines Okafor', 'Urban ecology', 'A colony of forty pairs, and a developer who changed the plans.', 4],
  ['Best pho north of the river', 'food-best-pho', 'Chloé Marchetti', 'Food & drink', 'Five bowls, one winner, and a broth that takes two days.', 6],
];
const art = {};
for (const [title, slug, author, category, description, readingTime] of newArticles) {
  const r = await t('articles.create', () => articles.create({
    title, slug: slug.includes('-') ? slug : undefined, description, readingTime,
    body: `## ${title}\n\n${description}\n\nReporting by ${author}.`,
    author: au[author] ? { connect: [au[author]] } : undefined,
    category: cat[category] ? { connect: [cat[category]] } : undefined,
  }));
  if (r) art[title] = r.data.documentId;
}
log('articles created', Object.keys(art).length);

// reading, as a front end does
await t('articles.find populate', () => articles.find({ populate: '*' }));
await t('articles.find filters', () => articles.find({ filters: { title: { $containsi: 'lighthouse' } } }));
await t('articles.find by category', () => articles.find({ filters: { category: { slug: { $eq: 'climate' } } }, populate: ['author', 'category'] }));
await t('articles.find by author', () => articles.find({ filters: { author: { name: { $eq: 'Rahul Deshpande' } } }, sort: ['readingTime:desc'] }));
await t('articles.find fields', () => articles.find({ fields: ['title', 'slug', 'readingTime'], sort: 'title:asc' }));
for (const page of [1, 2, 3]) await t('articles.find page', () => articles.find({ pagination: { page, pageSize: 4 }, sort: 'publishedAt:desc' }));
await t('articles.find start/limit', () => articles.find({ pagination: { start: 2, limit: 3 } }));
await t('articles.find drafts', () => articles.find({ status: 'draft', populate: { author: { fields: ['name'] } } }));
await t('articles.find $or', () => articles.find({ filters: { $or: [{ readingTime: { $gte: 9 } }, { title: { $startsWith: 'Best' } }] } }));
for (const id of Object.values(art).slice(0, 5)) {
  await t('articles.findOne', () => articles.findOne(id, { populate: ['author', 'category', 'cover'] }));
}
await t('categories.find populate', () => categories.find({ populate: { articles: { fields: ['title'] } } }));
for (const id of Object.values(cat)) await t('categories.findOne', () => categories.findOne(id));
await t('authors.find sort', () => authors.find({ sort: 'name:asc', populate: ['articles'] }));
for (const id of Object.values(au).slice(0, 4)) await t('authors.findOne', () => authors.findOne(id, { populate: '*' }));

// edits
await t('articles.update', () => articles.update(art['Mapping the 2050 flood line'], { title: 'Mapping the 2050 flood line, street by street', readingTime: 13 }));
await t('articles.update draft', () => articles.update(art['Seawall or salt marsh?'], { description: 'Two plans for the east shore: costs, timelines and who pays.' }, { status: 'draft' }));
await t('articles.update relation', () => articles.update(art['Best pho north of the river'], { category: { connect: [cat['Neighbourhoods']] } }));
await t('authors.update', () => authors.update(au['Chloé Marchetti'], { bio: 'Restaurant reviews every other Friday; cookbooks in between.' }));
await t('categories.update', () => categories.update(cat['Neighbourhoods'], { description: 'Street by street: who lives here, who left and why' }));

// restaurants
const rest = {};
const existingRest = (await t('restaurants.find', () => restaurants.find()))?.data || [];
for (const r of existingRest) rest[r.name] = r.documentId;
for (const [name, cuisine, priceRange, rating, address, description] of [
  ['Sakura Izakaya', 'japanese', 3, 4.6, '3 Ropewalk Lane', 'Yakitori, sake and a counter of eight seats.'],
  ['Beit Zaatar', 'lebanese', 2, 4.4, '61 Market Row', 'Mezze, charcoal grills and the best labneh in town.'],
  ['La Cantina del Puerto', 'mexican', 2, 4.1, '9 Harbour Parade', 'Tacos al pastor and mezcal on the terrace.'],
  ['Le Petit Phare', 'french', 4, 4.8, '1 Lighthouse Point', 'Tasting menus with a view of the light.'],
  ['Green Tide', 'vegan', 1, 4.2, '27 Quay Street', 'Seaweed bowls, tempeh burgers and oat flat whites.'],
  ['Pho Song Hong', 'other', 1, 4.7, '112 North Road', 'Vietnamese noodle bar, broth simmered for two days.'],
]) {
  const r = await t('restaurants.create', () => restaurants.create({
    name, cuisine, priceRange, rating, address, description,
    openingHours: { mon: 'closed', 'tue-sat': '12:00-22:30', sun: '12:00-16:00' },
  }));
  if (r) rest[name] = r.data.documentId;
}
await t('restaurants.find cuisine', () => restaurants.find({ filters: { cuisine: { $in: ['japanese', 'lebanese'] } } }));
await t('restaurants.find cheap', () => restaurants.find({ filters: { priceRange: { $lte: 2 } }, sort: ['rating:desc', 'name:asc'] }));
await t('restaurants.find page', () => restaurants.find({ pagination: { page: 1, pageSize: 3, withCount: true } }));
for (const id of Object.values(rest)) await t('restaurants.findOne', () => restaurants.findOne(id));
await t('restaurants.update', () => restaurants.update(rest['Green Tide'], { rating: 4.3, priceRange: 2 }));
await t('restaurants.update hours', () => restaurants.update(rest['Sakura Izakaya'], { openingHours: { mon: 'closed', 'tue-sun': '17:30-23:00' } }));
await t('restaurants.delete', () => restaurants.delete(rest['La Cantina del Puerto']));
await t('restaurants.findOne deleted', () => restaurants.findOne(rest['La Cantina del Puerto']));

// homepage single type
await t('homepage.find', () => homepage.find({ populate: ['featured'] }));
await t('homepage.update', () => homepage.update({
  title: 'Harbourlight Weekly', tagline: 'Stories from the water’s edge, every Thursday',
  featured: { connect: [art['Mapping the 2050 flood line'], art['The wreck of the Mary Ellen, 1887']].filter(Boolean) },
}));
await t('homepage.find draft', () => homepage.find({ status: 'draft', populate: '*' }));

// media files
const files = client.files;
const up1 = await t('files.upload', () => files.upload(fs.readFileSync(path.join(here, 'files', 'harbour-at-dawn.png')), {
  filename: 'lighthouse-point.png', mimetype: 'image/png', fileInfo: { alternativeText: 'Lighthouse Point at dusk', caption: 'Le Petit Phare’s view' },
}));
const up2 = await t('files.upload text', () => files.upload(Buffer.from('date,ward,flood_depth_cm\n2050-01-01,harbour,42\n2050-01-01,north,11\n'), {
  filename: 'flood-line-2050.csv', mimetype: 'text/csv', fileInfo: { caption: 'Projected flood depths by ward' },
}));
const list = await t('files.find', () => files.find({ sort: 'createdAt:desc' }));
await t('files.find filter', () => files.find({ filters: { mime: { $contains: 'image' } } }));
const fileIds = (list || []).map((f) => f.id);
for (const id of fileIds.slice(0, 3)) await t('files.findOne', () => files.findOne(id));
const csvId = Array.isArray(up2) ? up2[0]?.id : null;
if (csvId) {
  await t('files.update', () => files.update(csvId, { name: 'flood-line-2050-by-ward.csv', caption: 'Projected flood depths (cm) by ward, 2050' }));
}
await t('files.findOne missing', () => files.findOne(987654));
// attach the uploaded photo to an article as its cover
const photoId = Array.isArray(up1) ? up1[0]?.id : null;
if (photoId) await t('articles.update cover', () => articles.update(art['Who keeps the lighthouse now?'], { cover: photoId }));

// i18n locales through the client's fetch (no dedicated manager)
await t('fetch locales', async () => (await client.fetch('/i18n/locales')).json());

// clean-up of a few entries
await t('articles.delete', () => articles.delete(art['Swifts nesting in the old cannery']));
await t('articles.findOne deleted', () => articles.findOne(art['Swifts nesting in the old cannery']));
await t('articles.findOne unknown', () => articles.findOne('zq8k2m4n6p0r1s3t5v7w9x1y'));
await t('categories.findOne unknown', () => categories.findOne('nonexistentdocumentid0000'));
fs.writeFileSync('/tmp/shadowtap-lab/strapi/sdk-ids.json', JSON.stringify({ cat, au, art, rest, fileIds }, null, 1));
log(`calls ${calls}, failed ${failed}`);
