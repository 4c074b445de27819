// The Directus JS SDK (@directus/sdk from npm) used the way its docs show: a content team's setup script and editors.
// Logs in (json mode), builds a small publishing/shop schema (collections, fields, relations), fills it with items,
// uploads/reads/downloads files, manages folders, users, roles, policies, permissions, comments, presets, dashboards,
// flows, shares, translations, versions, reads revisions/activity/settings/server info, and calls the utils endpoints.
import { createRequire } from 'node:module';
const require = createRequire('/tmp/shadowtap-lab/directus/app/package.json');
const sdk = await import(require.resolve('@directus/sdk'));
const {
  createDirectus, rest, authentication, staticToken, login, logout, refresh, readMe, updateMe,
  createCollection, readCollections, readCollection, updateCollection, deleteCollection,
  createField, readFieldsByCollection, readField, updateField, deleteField, readFields,
  createRelation, readRelations, readRelationByCollection,
  createItem, createItems, readItems, readItem, updateItem, updateItems, deleteItem, deleteItems, aggregate,
  uploadFiles, readFiles, readFile, updateFile, deleteFile, readAssetRaw, downloadFilesZip, downloadFolderZip, updateSingleton, readSingleton,
  createFolder, createFolders, readFolders, updateFolder, deleteFolder,
  createUser, createUsers, readUsers, readUser, updateUser, deleteUser, inviteUser,
  createRole, readRoles, readRole, updateRole, deleteRole, readRolesMe,
  createPolicy, readPolicies, readPolicy, updatePolicy, deletePolicy, readPolicyGlobals,
  createPermission, createPermissions, readPermissions, readItemPermissions, readUserPermissions, deletePermission,
  createComment, readComments, updateComment, deleteComment,
  readRevisions, readRevision, readActivities, readActivity,
  readSettings, updateSettings, serverInfo, serverHealth, serverPing, readOpenApiSpec, readGraphqlSdl,
  randomString, utilitySort, clearCache, utilsExport,
  createPreset, readPresets, updatePreset, deletePreset,
  createDashboard, readDashboards, createPanel, readPanels, deleteDashboard,
  createFlow, readFlows, createOperation, readOperations, triggerFlow, deleteFlow,
  createNotification, readNotifications, updateNotification,
  createShare, readShares, readShareInfo, deleteShare,
  createTranslation, readTranslations, deleteTranslation,
  createContentVersion, readContentVersions, saveToContentVersion, compareContentVersion, deleteContentVersion,
  readExtensions, readProviders, schemaSnapshot, schemaDiff, passwordRequest,
} = sdk;

const URL = process.env.DIRECTUS_URL || 'http://127.0.0.1:18055';
let ok = 0, fail = 0;
const log = (...a) => console.log('[sdk]', ...a);
async function t(name, p) {
  try { const r = await p; ok++; return r; } catch (e) {
    fail++; const m = e?.errors?.[0]?.message || e?.message || String(e); log('ERR', name, m.slice(0, 160)); return undefined;
  }
}

const admin = createDirectus(URL).with(authentication('json')).with(rest());
await t('login', admin.login({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }));
const R = (name, cmd) => t(name, admin.request(cmd));
// asset bodies come back as a web stream: read it to the end like a download does
async function drain(name, cmd) {
  const body = await t(name, admin.request(cmd));
  if (body && body.getReader) { const r = body.getReader(); while (!(await r.read()).done); }
}

await R('ping', serverPing());
await R('info', serverInfo());
await R('health', serverHealth());
await R('me', readMe({ fields: ['id', 'email', 'first_name', 'role'] }));
await R('providers', readProviders());
await R('settings', readSettings());
await R('update settings', updateSettings({ project_name: 'Northwind Journal', project_color: '#3399FF', default_language: 'en-US' }));

// ---------- schema ----------
const str = (field, extra = {}) => ({ field, type: 'string', meta: { interface: 'input', ...extra }, schema: {} });
const collections = {
  authors: [str('name', { required: true }), str('email'), { field: 'bio', type: 'text', meta: { interface: 'input-multiline' } }],
  categories: [str('name'), str('slug')],
  articles: [str('title', { required: true }), str('slug'), { field: 'body', type: 'text', meta: { interface: 'input-rich-text-html' } },
    { field: 'status', type: 'string', meta: { interface: 'select-dropdown', options: { choices: [{ text: 'Draft', value: 'draft' }, { text: 'Published', value: 'published' }] } }, schema: { default_value: 'draft' } },
    { field: 'published_on', type: 'date', meta: { interface: 'datetime' } }, { field: 'sort', type: 'integer', meta: { hidden: true } }],
  products: [str('name'), str('sku'), { field: 'price', type: 'decimal', meta: { interface: 'input' }, schema: { numeric_precision: 10, numeric_scale: 2 } },
    { field: 'in_stock', type: 'boolean', meta: { interface: 'boolean' }, schema: { default_value: true } }],
  orders: [str('customer_email'), { field: 'total', type: 'decimal', schema: { numeric_precision: 10, numeric_scale: 2 } }, str('state')],
};
for (const [c, fields] of Object.entries(collections)) {
  await R('create collection ' + c, createCollection({ collection: c, meta: { icon: 'article', note: `Lab ${c}`, sort_field: c === 'articles' ? 'sort' : null, versioning: c === 'articles' },
    schema: {}, fields: [{ field: 'id', type: 'integer', meta: { hidden: true, readonly: true, interface: 'input' }, schema: { is_primary_key: true, has_auto_increment: true } }] }));
  for (const f of fields) await R(`field ${c}.${f.field}`, createField(c, f));
}
await R('settings singleton', createCollection({ collection: 'site_settings', meta: { singleton: true, icon: 'settings' }, schema: {},
  fields: [{ field: 'id', type: 'integer', schema: { is_primary_key: true, has_auto_increment: true }, meta: { hidden: true } }] }));
await R('field site_settings.tagline', createField('site_settings', str('tagline')));
// relations: articles.author -> authors, articles.category -> categories, orders.product -> products
for (const [c, f, rc] of [['articles', 'author', 'authors'], ['articles', 'category', 'categories'], ['orders', 'product', 'products']]) {
  await R(`m2o field ${c}.${f}`, createField(c, { field: f, type: 'integer', meta: { interface: 'select-dropdown-m2o', special: ['m2o'] }, schema: {} }));
  await R(`relation ${c}.${f}`, createRelation({ collection: c, field: f, related_collection: rc, schema: { on_delete: 'SET NULL' } }));
}
await R('collections', readCollections());
await R('collection articles', readCollection('articles'));
await R('update collection', updateCollection('articles', { meta: { note: 'Stories published on the journal', display_template: '{{title}}' } }));
await R('fields of articles', readFieldsByCollection('articles'));
await R('field articles.title', readField('articles', 'title'));
await R('update field', updateField('articles', 'title', { meta: { note: 'Headline shown on the front page' } }));
await R('relations', readRelations());
await R('relations of articles', readRelationByCollection('articles'));

// ---------- items ----------
const authors = await R('authors', createItems('authors', [
  { name: 'Amara Okafor', email: 'amara.okafor@northwindjournal.com', bio: 'Covers cities and climate.' },
  { name: 'Lukas Brenner', email: 'lukas.brenner@northwindjournal.com', bio: 'Technology desk.' },
  { name: 'Sofia Marquez', email: 'sofia.marquez@northwindjournal.com', bio: 'Food and travel.' },
])) || [];
const cats = await R('categories', createItems('categories', ['Climate', 'Technology', 'Travel', 'Food'].map((n) => ({ name: n, slug: n.toLowerCase() })))) || [];
const titles = ['Rewilding the river delta', 'Quantum chips leave the lab', 'Night trains are back', 'The last oyster farm',
  'Heat pumps in old houses', 'A week in Porto', 'Sourdough at altitude', 'Open-source tractors'];
const articles = [];
for (const [i, title] of titles.entries()) {
  const a = await R('article ' + title, createItem('articles', { title, slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    body: `<p>${title}: field notes.</p>`, status: i % 3 ? 'published' : 'draft', published_on: `2024-0${1 + (i % 9)}-1${i}`,
    author: authors[i % authors.length]?.id, category: cats[i % cats.length]?.id }));
  if (a) articles.push(a);
}
const products = await R('products', createItems('products', [
  { name: 'Field notebook', sku: 'NB-A5-001', price: '12.50' }, { name: 'Enamel mug', sku: 'MUG-350-RED', price: '18.00' },
  { name: 'Tote bag', sku: 'TOTE-CANVAS', price: '24.90', in_stock: false }, { name: 'Annual subscription', sku: 'SUB-12M', price: '89.00' },
])) || [];
for (const [i, email] of ['jo.tanaka@mailbox.org', 'p.ivanova@mailbox.org', 'mark.ellis@mailbox.org', 'ines.duarte@mailbox.org', 'k.mensah@mailbox.org'].entries()) {
  await R('order', createItem('orders', { customer_email: email, total: products[i % products.length]?.price, state: 'paid', product: products[i % products.length]?.id }));
}
await R('site_settings', updateSingleton('site_settings', { tagline: 'Slow news, well told' }));
await R('read site_settings', readSingleton('site_settings'));
for (const c of ['articles', 'authors', 'categories', 'products', 'orders']) {
  await R('list ' + c, readItems(c, { limit: 25, sort: ['-id'] }));
}
await R('published articles', readItems('articles', { filter: { status: { _eq: 'published' } }, fields: ['id', 'title', 'author.name', 'category.name'], sort: ['-published_on'], limit: 10 }));
await R('search articles', readItems('articles', { search: 'oyster' }));
await R('articles page 2', readItems('articles', { limit: 3, page: 2, meta: 'filter_count' }));
await R('aggregate orders', aggregate('orders', { aggregate: { sum: 'total', count: '*' }, groupBy: ['state'] }));
for (const a of articles.slice(0, 5)) {
  await R('read article', readItem('articles', a.id, { fields: ['*', 'author.*'] }));
  await R('update article', updateItem('articles', a.id, { status: 'published', body: `<p>${a.title}: updated field notes.</p>` }));
}
for (const p of products) await R('read product', readItem('products', p.id));
await R('price change', updateItems('products', products.slice(0, 2).map((p) => p.id), { in_stock: true }));
for (const au of authors) await R('read author', readItem('authors', au.id));
await R('update author', updateItem('authors', authors[1]?.id, { bio: 'Technology and science desk.' }));
await R('sort', utilitySort('articles', articles[7]?.id, articles[0]?.id));
const tmp = await R('temp category', createItem('categories', { name: 'Obsolete', slug: 'obsolete' }));
await R('delete temp category', deleteItem('categories', tmp?.id));
await R('delete missing', deleteItem('articles', 9999));
await R('read missing', readItem('products', 9999));
const drafts = await R('extra orders', createItems('orders', [{ customer_email: 'test1@mailbox.org', state: 'cart' }, { customer_email: 'test2@mailbox.org', state: 'cart' }])) || [];
await R('delete carts', deleteItems('orders', drafts.map((o) => o.id)));

// ---------- folders + files ----------
const folder = await R('folder', createFolder({ name: 'Editorial' }));
const sub = await R('subfolders', createFolders([{ name: 'Photos', parent: folder?.id }, { name: 'Press kits', parent: folder?.id }])) || [];
await R('folders', readFolders());
await R('rename folder', updateFolder(sub[1]?.id, { name: 'Press' }));
// a tiny PNG (1x1) and a couple of small text/CSV files
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const files = [];
for (const [name, type, body, fid] of [
  ['delta-aerial.png', 'image/png', png, sub[0]?.id], ['porto-tram.png', 'image/png', png, sub[0]?.id],
  ['press-release-2024.txt', 'text/plain', Buffer.from('Northwind Journal launches its climate desk.\n'), sub[1]?.id],
  ['subscribers.csv', 'text/csv', Buffer.from('email,plan\njo.tanaka@mailbox.org,annual\n'), folder?.id],
]) {
  const fd = new FormData();
  if (fid) fd.append('folder', fid);
  fd.append('title', name.replace(/\.[a-z]+$/, '').replace(/-/g, ' '));
  fd.append('file', new Blob([body], { type }), name);
  const f = await R('upload ' + name, uploadFiles(fd));
  if (f) files.push(f);
}
await R('files', readFiles({ limit: 20 }));
await R('images', readFiles({ filter: { type: { _starts_with: 'image/' } } }));
for (const f of files) {
  await R('file', readFile(f.id));
  await drain('asset', readAssetRaw(f.id));
}
await drain('asset transformed', readAssetRaw(files[0]?.id, { width: 1, height: 1, fit: 'cover', format: 'webp' }));
await drain('asset download', readAssetRaw(files[2]?.id, { download: true }));
await drain('files zip', downloadFilesZip(files.slice(0, 2).map((f) => f.id)));
await drain('folder zip', downloadFolderZip(sub[0]?.id));
await R('update file', updateFile(files[0]?.id, { description: 'The delta from above, spring 2024', tags: ['climate', 'aerial'] }));
await R('article image field', createField('articles', { field: 'cover', type: 'uuid', meta: { interface: 'file-image', special: ['file'] }, schema: {} }));
await R('article image relation', createRelation({ collection: 'articles', field: 'cover', related_collection: 'directus_files' }));
await R('set cover', updateItem('articles', articles[0]?.id, { cover: files[0]?.id }));

// ---------- users, roles, policies, permissions ----------
const editorPolicy = await R('policy', createPolicy({ name: 'Editorial staff', icon: 'edit', app_access: true, admin_access: false, description: 'Writes and edits articles' }));
const shopPolicy = await R('policy shop', createPolicy({ name: 'Shop managers', icon: 'store', app_access: false }));
await R('permissions', createPermissions([
  ...['create', 'read', 'update'].map((action) => ({ policy: editorPolicy?.id, collection: 'articles', action, fields: ['*'] })),
  { policy: editorPolicy?.id, collection: 'directus_files', action: 'read', fields: ['*'] },
  { policy: editorPolicy?.id, collection: 'authors', action: 'read', fields: ['*'] },
  { policy: editorPolicy?.id, collection: 'categories', action: 'read', fields: ['*'] },
  ...['read', 'update'].map((action) => ({ policy: shopPolicy?.id, collection: 'orders', action, fields: ['*'] })),
  { policy: shopPolicy?.id, collection: 'products', action: 'read', fields: ['*'] },
]));
const editor = await R('role editor', createRole({ name: 'Editor', icon: 'edit_note', description: 'Newsroom editors', policies: { create: [{ policy: editorPolicy?.id }] } }));
const shop = await R('role shop', createRole({ name: 'Shop Manager', icon: 'shopping_cart', policies: { create: [{ policy: shopPolicy?.id }] } }));
const tmpRole = await R('role intern', createRole({ name: 'Intern' }));
await R('roles', readRoles());
await R('role', readRole(editor?.id));
await R('update role', updateRole(tmpRole?.id, { description: 'Summer interns' }));
await R('delete role', deleteRole(tmpRole?.id));
await R('policies', readPolicies());
await R('policy read', readPolicy(editorPolicy?.id));
await R('policy update', updatePolicy(shopPolicy?.id, { description: 'Handles orders and stock' }));
await R('policy globals', readPolicyGlobals());
await R('permissions list', readPermissions({ filter: { policy: { _eq: editorPolicy?.id } } }));
await R('item permissions', readItemPermissions('articles', articles[0]?.id));
await R('my permissions', readUserPermissions());
const users = await R('users', createUsers([
  { first_name: 'Hannah', last_name: 'Lindqvist', email: 'hannah.lindqvist@northwindjournal.com', password: 'Ed1tor-Hannah!', role: editor?.id },
  { first_name: 'Omar', last_name: 'Haddad', email: 'omar.haddad@northwindjournal.com', password: 'Ed1tor-Omar!', role: editor?.id },
  { first_name: 'Grace', last_name: 'Chen', email: 'grace.chen@northwindjournal.com', password: 'Sh0p-Grace!', role: shop?.id },
])) || [];
const temp = await R('temp user', createUser({ email: 'temp.contractor@northwindjournal.com', password: 'Temp-12345!', status: 'draft' }));
await R('users list', readUsers({ fields: ['id', 'email', 'role.name'], limit: 50 }));
for (const u of users) await R('user', readUser(u.id));
await R('update user', updateUser(users[0]?.id, { title: 'Senior editor', location: 'Stockholm' }));
await R('delete user', deleteUser(temp?.id));
await R('update me', updateMe({ first_name: 'Site', last_name: 'Admin' }));
await R('roles me', readRolesMe());

// ---------- comments, revisions, activity ----------
for (const [i, a] of articles.slice(0, 4).entries()) {
  const c = await R('comment', createComment({ collection: 'articles', item: String(a.id), comment: ['Needs a better headline', 'Check the quote in para 3', 'Photo credit missing', 'Ready to publish'][i] }));
  if (i === 0) { await R('edit comment', updateComment(c?.id, { comment: 'Needs a better headline (see Slack)' })); }
  if (i === 3) { await R('delete comment', deleteComment(c?.id)); }
}
await R('comments', readComments({ filter: { collection: { _eq: 'articles' } } }));
const revs = await R('revisions', readRevisions({ filter: { collection: { _eq: 'articles' } }, limit: 10, sort: ['-id'] })) || [];
if (revs[0]) await R('revision', readRevision(revs[0].id));
const acts = await R('activity', readActivities({ limit: 20, sort: ['-timestamp'] })) || [];
if (acts[0]) await R('activity item', readActivity(acts[0].id));

// ---------- presets, dashboards, flows, notifications, shares, translations, versions ----------
const preset = await R('preset', createPreset({ collection: 'articles', layout: 'tabular', bookmark: 'Drafts', filter: { status: { _eq: 'draft' } } }));
await R('presets', readPresets());
await R('update preset', updatePreset(preset?.id, { bookmark: 'My drafts' }));
const dash = await R('dashboard', createDashboard({ name: 'Shop overview', icon: 'insights' }));
await R('panel', createPanel({ dashboard: dash?.id, type: 'metric', name: 'Orders', width: 8, height: 6, position_x: 1, position_y: 1, options: { collection: 'orders', field: 'id', function: 'count' } }));
await R('dashboards', readDashboards()); await R('panels', readPanels());
const flow = await R('flow', createFlow({ name: 'Notify on publish', icon: 'bolt', status: 'active', trigger: 'webhook', options: { method: 'POST', async: false } }));
await R('operation', createOperation({ flow: flow?.id, key: 'log_publish', name: 'Log', type: 'log', position_x: 19, position_y: 1, options: { message: 'published {{$trigger.body.id}}' } }));
await R('flows', readFlows()); await R('operations', readOperations());
await R('trigger flow', triggerFlow('POST', flow?.id, { id: articles[0]?.id }));
const note = await R('notification', createNotification({ recipient: users[0]?.id, subject: 'Your article was approved', collection: 'articles', item: String(articles[0]?.id) }));
await R('notifications', readNotifications());
await R('archive notification', updateNotification(note?.id, { status: 'archived' }));
const share = await R('share', createShare({ name: 'Preview for legal', collection: 'articles', item: String(articles[1]?.id), role: null, max_uses: 5 }));
await R('shares', readShares());
await R('share info', readShareInfo(share?.id));
const tr = await R('translation', createTranslation({ key: 'publish_button', language: 'de-DE', value: 'Veröffentlichen' }));
await R('translations', readTranslations());
await R('delete translation', deleteTranslation(tr?.id));
const ver = await R('content version', createContentVersion({ key: 'spring-edit', name: 'Spring edit', collection: 'articles', item: String(articles[2]?.id) }));
await R('versions', readContentVersions());
await R('save to version', saveToContentVersion(ver?.id, { title: 'Night trains are back (spring edit)' }));
await R('compare version', compareContentVersion(ver?.id));
await R('delete version', deleteContentVersion(ver?.id));

// ---------- utils, schema, extensions, specs ----------
await R('random string', randomString(24));
await R('clear cache', clearCache());
await R('schema snapshot', schemaSnapshot());
await R('extensions', readExtensions());
await R('graphql sdl', readGraphqlSdl());
await R('export', utilsExport('products', 'csv', { limit: 100 }, { title: 'products-export', folder: folder?.id }));

// ---------- editors log in, work, log out ----------
for (const [email, pw, coll] of [['hannah.lindqvist@northwindjournal.com', 'Ed1tor-Hannah!', 'articles'], ['omar.haddad@northwindjournal.com', 'Ed1tor-Omar!', 'articles'], ['grace.chen@northwindjournal.com', 'Sh0p-Grace!', 'orders']]) {
  const c = createDirectus(URL).with(authentication('json')).with(rest());
  await t('login ' + email, c.login({ email, password: pw }));
  const U = (n, cmd) => t(n, c.request(cmd));
  await U('me', readMe());
  const items = await U('list', readItems(coll, { limit: 10 })) || [];
  for (const it of items.slice(0, 3)) await U('read', readItem(coll, it.id));
  if (coll === 'articles') {
    await U('new draft', createItem('articles', { title: `Draft by ${email.split('.')[0]}`, status: 'draft', author: authors[0]?.id }));
    await U('edit', updateItem('articles', items[0]?.id, { body: '<p>Copy-edited.</p>' }));
    await U('forbidden delete', deleteItem('articles', items[0]?.id));          // 403: no delete permission
    await U('forbidden products', readItems('orders'));                        // 403
  } else {
    await U('ship order', updateItem('orders', items[0]?.id, { state: 'shipped' }));
    await U('products', readItems('products'));
    await U('forbidden users', readUsers());                                   // own user only
  }
  await U('settings', readSettings());
  await t('refresh', c.refresh());
  await t('logout', c.logout());
}
// a static-token client (API integration user)
const token = 'lab-static-token-integration-9b3e';
await R('integration user', createUser({ email: 'integration@northwindjournal.com', token, role: shop?.id, first_name: 'Shop', last_name: 'Integration' }));
const bot = createDirectus(URL).with(staticToken(token)).with(rest());
for (let i = 0; i < 6; i++) await t('bot orders', bot.request(readItems('orders', { filter: { state: { _eq: 'paid' } }, limit: 5 })));
await t('bot product', bot.request(readItem('products', products[0]?.id)));
await t('bot forbidden', bot.request(readItems('articles')));

// ---------- cleanup of some objects ----------
await R('delete share', deleteShare(share?.id));
await R('delete flow', deleteFlow(flow?.id));
await R('delete dashboard', deleteDashboard(dash?.id));
await R('delete preset', deletePreset(preset?.id));
await R('delete file', deleteFile(files[3]?.id));
await R('delete folder', deleteFolder(sub[1]?.id));
await R('drop field', createField('products', str('legacy_code')));
await R('delete field', deleteField('products', 'legacy_code'));
await R('tmp collection', createCollection({ collection: 'newsletter_drafts', schema: {}, meta: { icon: 'mail' } }));
await R('drop collection', deleteCollection('newsletter_drafts'));
await t('refresh', admin.refresh());
await R('me again', readMe());
await t('logout', admin.logout());
log(`done: ok ${ok}, failed ${fail}`);
