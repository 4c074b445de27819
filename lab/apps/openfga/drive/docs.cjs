// "Acme Docs", the document service, on OpenFGA through the JS SDK @openfga/sdk 0.9.7 (preshared key of the docs
// service as the SDK's api_token credentials): the deploy step (latest model, model v2 with a commenter relation and an
// office-hours condition, models page by page, assertions), seeding groups, folders and documents, page views (check),
// folder listings (batch-check), "my documents" (list-objects, one streamed), the share dialog (list-users, read,
// list-relations), sharing and unsharing (write, with a conditional grant for a contractor), moves between folders,
// the search indexer following changes page by page, access reviews (expand), deleted documents, and the mistakes a
// client makes (an unknown relation, a type the model lacks: 400).
// Usage: node docs.cjs (ids from $STATE/ids.env, model JSON from $STATE/docs-v2.json)
const fs = require('fs');
const path = require('path');
const L = process.env.L || '/tmp/shadowtap-lab/openfga';
const STATE = process.env.STATE || path.join(L, 'state');
const { OpenFgaClient, CredentialsMethod } = require(path.join(L, 'node', 'node_modules', '@openfga', 'sdk'));
const ids = Object.fromEntries(fs.readFileSync(path.join(STATE, 'ids.env'), 'utf8').trim().split('\n').map(l => l.split('=')));
const log = (...a) => console.log('[docs]', ...a);
let calls = 0;
const note = (what) => { calls++; fs.appendFileSync(path.join(STATE, 'calls.log'), `docs-sdk ${what}\n`); };

const fga = new OpenFgaClient({
  apiUrl: process.env.BASE,
  storeId: ids.DOCS,
  credentials: { method: CredentialsMethod.ApiToken, config: { token: process.env.KEY_DOCS } },
});

const U = ['anne', 'bob.smith', 'k.tanaka', 'priya_n', 'OmarH', 'dev42', 'lena-fischer', 'marco.rossi', 'sofia_g', 'tom.baker'];
const FOLDERS = ['engineering', 'marketing-assets', 'hr_policies', 'DesignSystem', 'team7-retros', 'board-2026'];
const DOCS = {
  engineering: ['roadmap-2026', 'release42-notes', 'IncidentPostmortem-0415', 'ApiStyleGuide', 'sprint-48-retro', 'oncall_handbook'],
  'marketing-assets': ['brand-guidelines-v3', 'logo-refresh', 'LaunchPlanQ3', 'press_kit_2026'],
  hr_policies: ['vacation-policy', 'salary_bands_2026', 'OnboardingGuide', 'code-of-conduct'],
  DesignSystem: ['color-tokens', 'TypographyScale', 'icons_v2'],
  'team7-retros': ['retro-2026-01', 'retro-2026-02', 'retro_2026_03'],
  'board-2026': ['q3_budget', 'okr_q1', 'BoardDeck-March'],
};

const NOW = { current_time: '2026-12-07T10:15:00Z' };

async function step(what, fn) {
  try { const r = await fn(); note(what); return r; }
  catch (e) { note(what + ' ERR'); log(what, 'error', e.statusCode || '', (e.apiErrorMessage || e.message || '').slice(0, 120)); return null; }
}

(async () => {
  // deploy: the model the service expects
  const latest = await step('readLatestAuthorizationModel', () => fga.readLatestAuthorizationModel());
  log('latest model', latest && latest.authorization_model && latest.authorization_model.id);
  const v2 = JSON.parse(fs.readFileSync(path.join(STATE, 'docs-v2.json'), 'utf8'));
  const w = await step('writeAuthorizationModel', () => fga.writeAuthorizationModel(v2));
  const M2 = w.authorization_model_id;
  fs.appendFileSync(path.join(STATE, 'ids.env'), `DOCS_M2=${M2}\n`);
  fga.authorizationModelId = M2;
  let tok;
  do {
    const page = await step('readAuthorizationModels', () => fga.readAuthorizationModels({ pageSize: 1, continuationToken: tok }));
    tok = page && page.continuation_token;
  } while (tok);
  await step('readAuthorizationModel', () => fga.readAuthorizationModel({ authorizationModelId: M2 }));

  // seed: groups, folders, documents
  const opt = { authorizationModelId: M2 };
  await step('write groups', () => fga.writeTuples([
    { user: 'user:anne', relation: 'member', object: 'group:engineering-all' },
    { user: 'user:bob.smith', relation: 'member', object: 'group:engineering-all' },
    { user: 'user:dev42', relation: 'member', object: 'group:engineering-all' },
    { user: 'user:k.tanaka', relation: 'member', object: 'group:design_team' },
    { user: 'user:sofia_g', relation: 'member', object: 'group:design_team' },
    { user: 'user:priya_n', relation: 'member', object: 'group:People-Ops' },
    { user: 'user:marco.rossi', relation: 'member', object: 'group:contractors2026' },
    { user: 'group:design_team#member', relation: 'member', object: 'group:engineering-all' },
  ], opt));
  const owners = { engineering: 'anne', 'marketing-assets': 'OmarH', hr_policies: 'priya_n', DesignSystem: 'k.tanaka', 'team7-retros': 'bob.smith', 'board-2026': 'lena-fischer' };
  await step('write folders', () => fga.writeTuples(FOLDERS.map(f => ({ user: 'user:' + owners[f], relation: 'owner', object: 'folder:' + f })), opt));
  await step('write folder viewers', () => fga.writeTuples([
    { user: 'group:engineering-all#member', relation: 'viewer', object: 'folder:engineering' },
    { user: 'group:design_team#member', relation: 'editor', object: 'folder:DesignSystem' },
    { user: 'user:*', relation: 'viewer', object: 'folder:marketing-assets' },
    { user: 'group:People-Ops#member', relation: 'editor', object: 'folder:hr_policies' },
    { user: 'folder:engineering', relation: 'parent', object: 'folder:team7-retros' },
  ], opt));
  for (const [f, docs] of Object.entries(DOCS)) {
    await step('write documents ' + f, () => fga.writeTuples(docs.flatMap(d => [
      { user: 'folder:' + f, relation: 'parent', object: 'document:' + d },
      { user: 'user:' + owners[f], relation: 'owner', object: 'document:' + d },
    ]), opt));
  }
  await step('write shares', () => fga.writeTuples([
    { user: 'user:tom.baker', relation: 'viewer', object: 'document:q3_budget' },
    { user: 'user:anne', relation: 'commenter', object: 'document:okr_q1' },
    { user: 'group:engineering-all#member', relation: 'viewer', object: 'document:code-of-conduct' },
    { user: 'user:*', relation: 'viewer', object: 'document:vacation-policy' },
    { user: 'user:dev42', relation: 'editor', object: 'document:ApiStyleGuide' },
    { user: 'user:sofia_g', relation: 'commenter', object: 'document:LaunchPlanQ3' },
  ], opt));
  // a contractor may read the board deck during the agency's engagement (conditional tuple)
  await step('write conditional share', () => fga.writeTuples([{
    user: 'user:marco.rossi', relation: 'viewer', object: 'document:BoardDeck-March',
    condition: { name: 'office_hours', context: { grant_start: '2026-11-01T08:00:00Z', grant_end: '2026-12-31T18:00:00Z' } },
  }], opt));

  // page views: who may open which document
  const views = [];
  for (const u of U) for (const f of FOLDERS) views.push(['user:' + u, 'viewer', 'document:' + DOCS[f][(u.length + f.length) % DOCS[f].length]]);
  for (const [u, r, o] of views) {
    await step('check', () => fga.check({ user: u, relation: r, object: o, context: NOW }));
  }
  for (const [at, want] of [['2026-12-07T10:15:00Z', true], ['2027-01-15T10:15:00Z', false]]) {
    const res = await step('check with context', () => fga.check({ user: 'user:marco.rossi', relation: 'viewer', object: 'document:BoardDeck-March', context: { current_time: at } }));
    log('contractor at', at, res && res.allowed, 'expected', want);
  }
  await step('check with contextual tuples', () => fga.check({
    user: 'user:tom.baker', relation: 'viewer', object: 'document:BoardDeck-March',
    contextualTuples: [{ user: 'user:tom.baker', relation: 'member', object: 'group:engineering-all' }, { user: 'group:engineering-all#member', relation: 'viewer', object: 'folder:board-2026' }],
  }));
  for (const [u, o] of [['anne', 'roadmap-2026'], ['k.tanaka', 'color-tokens'], ['OmarH', 'press_kit_2026'], ['dev42', 'ApiStyleGuide'], ['lena-fischer', 'q3_budget']]) {
    await step('check can_share', () => fga.check({ user: 'user:' + u, relation: 'can_share', object: 'document:' + o }, { consistency: 'HIGHER_CONSISTENCY' }));
  }

  // folder listings: which documents of a folder can this person see (one batch-check per listing)
  for (const [u, f] of [['anne', 'engineering'], ['sofia_g', 'DesignSystem'], ['tom.baker', 'board-2026'], ['marco.rossi', 'marketing-assets'], ['bob.smith', 'team7-retros'], ['priya_n', 'hr_policies'], ['dev42', 'engineering'], ['OmarH', 'marketing-assets']]) {
    const r = await step('batchCheck', () => fga.batchCheck({ checks: DOCS[f].map((d, i) => ({ user: 'user:' + u, relation: 'viewer', object: 'document:' + d, correlationId: `${f.replace(/[^A-Za-z0-9]/g, '')}-${i}`, context: NOW })) }));
    log('listing', u, f, r && r.result.filter(x => x.allowed).length, '/', DOCS[f].length);
  }
  // "my documents"
  for (const u of U) {
    const r = await step('listObjects', () => fga.listObjects({ user: 'user:' + u, relation: 'viewer', type: 'document', context: NOW }));
    log('my documents', u, r && r.objects.length);
  }
  for (const u of ['anne', 'k.tanaka']) {
    await step('listObjects folder', () => fga.listObjects({ user: 'user:' + u, relation: 'editor', type: 'folder' }));
  }
  let streamed = 0;
  try { for await (const o of fga.streamedListObjects({ user: 'user:bob.smith', relation: 'viewer', type: 'document', context: NOW })) streamed++; note('streamedListObjects'); }
  catch (e) { note('streamedListObjects ERR'); log('streamed error', e.message); }
  log('streamed objects', streamed);

  // the share dialog: who has access, the stored tuples, what can I do here
  for (const d of ['roadmap-2026', 'q3_budget', 'brand-guidelines-v3', 'OnboardingGuide', 'color-tokens', 'code-of-conduct']) {
    await step('listUsers', () => fga.listUsers({ object: { type: 'document', id: d }, relation: 'viewer', user_filters: [{ type: 'user' }], context: NOW }));
    await step('listUsers groups', () => fga.listUsers({ object: { type: 'document', id: d }, relation: 'viewer', user_filters: [{ type: 'group', relation: 'member' }], context: NOW }));
    await step('read document tuples', () => fga.read({ object: 'document:' + d }));
    await step('listRelations', () => fga.listRelations({ user: 'user:anne', object: 'document:' + d, relations: ['owner', 'editor', 'commenter', 'viewer', 'can_share'], context: NOW }));
  }
  // a folder's tuples five at a time, a person's documents, the groups
  for (const f of ['engineering', 'marketing-assets']) {
    let ct;
    do {
      const page = await step('read page', () => fga.read({ user: 'folder:' + f, relation: 'parent', object: 'document:' }, { pageSize: 5, continuationToken: ct }));
      ct = page && page.continuation_token;
    } while (ct);
  }
  await step('read user documents', () => fga.read({ user: 'user:anne', relation: 'owner', object: 'document:' }));
  await step('read groups', () => fga.read({ user: 'user:k.tanaka', relation: 'member', object: 'group:' }));

  // sharing and unsharing
  await step('share', () => fga.writeTuples([{ user: 'user:lena-fischer', relation: 'editor', object: 'document:roadmap-2026' }, { user: 'group:design_team#member', relation: 'commenter', object: 'document:LaunchPlanQ3' }]));
  await step('check after share', () => fga.check({ user: 'user:lena-fischer', relation: 'editor', object: 'document:roadmap-2026' }));
  await step('unshare', () => fga.deleteTuples([{ user: 'user:tom.baker', relation: 'viewer', object: 'document:q3_budget' }]));
  await step('check after unshare', () => fga.check({ user: 'user:tom.baker', relation: 'viewer', object: 'document:q3_budget' }));
  // moves: the retro notes go to the design folder
  await step('move', () => fga.write({
    writes: [{ user: 'folder:DesignSystem', relation: 'parent', object: 'document:retro_2026_03' }],
    deletes: [{ user: 'folder:team7-retros', relation: 'parent', object: 'document:retro_2026_03' }],
  }));
  await step('check after move', () => fga.check({ user: 'user:sofia_g', relation: 'editor', object: 'document:retro_2026_03' }));
  // a duplicate share (on_duplicate ignore, as the SDK's conflict option sends it)
  await step('share again', () => fga.writeTuples([{ user: 'user:lena-fischer', relation: 'editor', object: 'document:roadmap-2026' }], { conflict: { onDuplicateWrites: 'ignore' } }));

  // the search indexer follows the change feed, ten at a time, documents only
  let ctok, pages = 0;
  do {
    const ch = await step('readChanges', () => fga.readChanges({ type: 'document' }, { pageSize: 10, continuationToken: ctok }));
    if (!ch || !ch.changes.length) break;
    ctok = ch.continuation_token; pages++;
  } while (pages < 12);
  await step('readChanges folders', () => fga.readChanges({ type: 'folder' }, { pageSize: 25 }));

  // access reviews
  for (const [r, o] of [['viewer', 'document:salary_bands_2026'], ['editor', 'folder:hr_policies'], ['member', 'group:engineering-all'], ['viewer', 'document:brand-guidelines-v3']]) {
    await step('expand', () => fga.expand({ relation: r, object: o }));
  }
  // assertions for the model, read back
  await step('writeAssertions', () => fga.writeAssertions([
    { user: 'user:anne', relation: 'viewer', object: 'document:roadmap-2026', expectation: true },
    { user: 'user:tom.baker', relation: 'viewer', object: 'document:salary_bands_2026', expectation: false },
    { user: 'user:sofia_g', relation: 'editor', object: 'document:color-tokens', expectation: true },
  ]));
  await step('readAssertions', () => fga.readAssertions());
  await step('readAssertions v1', () => fga.readAssertions({ authorizationModelId: ids.DOCS_M1 }));

  // deleted documents lose every tuple
  for (const d of ['logo-refresh', 'retro-2026-01', 'icons_v2']) {
    const r = await step('read before delete', () => fga.read({ object: 'document:' + d }));
    if (r && r.tuples.length) await step('delete document', () => fga.deleteTuples(r.tuples.map(t => ({ user: t.key.user, relation: t.key.relation, object: t.key.object }))));
  }
  // mistakes: a relation the model lacks, a type it lacks, a malformed user
  await step('check bad relation', () => fga.check({ user: 'user:anne', relation: 'can_print', object: 'document:roadmap-2026' }));
  await step('check bad type', () => fga.check({ user: 'user:anne', relation: 'viewer', object: 'spreadsheet:q3_budget' }));
  await step('listObjects bad user', () => fga.listObjects({ user: 'anne', relation: 'viewer', type: 'document' }));
  await step('getStore', () => fga.getStore());

  // the EU region's store: same model, same folder and document names under another store
  const eu = new OpenFgaClient({ apiUrl: process.env.BASE, credentials: { method: CredentialsMethod.ApiToken, config: { token: process.env.KEY_DOCS } } });
  const st = await step('createStore', () => eu.createStore({ name: 'AcmeDocsEU' }));
  eu.storeId = st.id;
  fs.appendFileSync(path.join(STATE, 'ids.env'), `DOCS_EU=${st.id}\n`);
  const euModel = await step('writeAuthorizationModel eu', () => eu.writeAuthorizationModel(v2));
  eu.authorizationModelId = euModel.authorization_model_id;
  fs.appendFileSync(path.join(STATE, 'ids.env'), `DOCS_EU_M1=${euModel.authorization_model_id}\n`);
  const euOwners = { engineering: 'lena-fischer', hr_policies: 'sofia_g', 'board-2026': 'marco.rossi' };
  for (const f of Object.keys(euOwners)) {
    await step('eu write folder ' + f, () => eu.writeTuples([{ user: 'user:' + euOwners[f], relation: 'owner', object: 'folder:' + f },
      ...DOCS[f].map(d => ({ user: 'folder:' + f, relation: 'parent', object: 'document:' + d }))]));
  }
  await step('eu write shares', () => eu.writeTuples([
    { user: 'user:anne', relation: 'viewer', object: 'folder:engineering' },
    { user: 'user:priya_n', relation: 'editor', object: 'document:vacation-policy' },
    { user: 'user:*', relation: 'viewer', object: 'document:code-of-conduct' },
  ]));
  for (const u of ['anne', 'lena-fischer', 'sofia_g', 'marco.rossi', 'priya_n', 'tom.baker']) {
    for (const d of ['roadmap-2026', 'vacation-policy', 'q3_budget', 'code-of-conduct']) {
      await step('eu check', () => eu.check({ user: 'user:' + u, relation: 'viewer', object: 'document:' + d, context: NOW }));
    }
    await step('eu listObjects', () => eu.listObjects({ user: 'user:' + u, relation: 'viewer', type: 'document', context: NOW }));
  }
  await step('eu read', () => eu.read({ object: 'document:q3_budget' }));
  await step('eu read folder', () => eu.read({ user: 'folder:hr_policies', relation: 'parent', object: 'document:' }, { pageSize: 2 }));
  await step('eu readChanges', () => eu.readChanges({ type: 'document' }, { pageSize: 50 }));
  await step('eu listUsers', () => eu.listUsers({ object: { type: 'document', id: 'roadmap-2026' }, relation: 'viewer', user_filters: [{ type: 'user' }], context: NOW }));
  await step('eu readAuthorizationModels', () => eu.readAuthorizationModels());
  await step('eu getStore', () => eu.getStore());
  await step('listStores', () => fga.listStores({ pageSize: 10 }));

  // the next morning: page views again, the indexer catches up from where it stopped
  for (const u of ['anne', 'k.tanaka', 'tom.baker', 'marco.rossi', 'priya_n', 'lena-fischer']) {
    for (const d of ['roadmap-2026', 'q3_budget', 'BoardDeck-March', 'OnboardingGuide', 'TypographyScale']) {
      await step('check', () => fga.check({ user: 'user:' + u, relation: 'viewer', object: 'document:' + d, context: { current_time: '2026-12-08T09:05:00Z' } }));
    }
  }
  const more = await step('readChanges resume', () => fga.readChanges({ type: 'document' }, { pageSize: 10, continuationToken: ctok }));
  if (more && more.continuation_token) await step('readChanges resume', () => fga.readChanges({ type: 'document' }, { pageSize: 10, continuationToken: more.continuation_token }));
  log('calls', calls);
})();
