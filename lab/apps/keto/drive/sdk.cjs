// "Tidewater Docs", the studio's document service, asking Keto through Ory's JS SDK (@ory/keto-client
// 0.11.0-alpha.0, generated from Keto's OpenAPI document; axios with keep-alive agents): permission checks on page
// views, downloads and edits (GET and POST, with and without the error status), sharing and unsharing files and
// folders, uploads that create the owner and parent relations, "who has access" pages (relationships of one file,
// expanded viewer trees), a user's files page by page (page_size / page_token), moving files between folders
// (patch: delete + insert), the namespace list, the version and readiness at start-up, and one OPL syntax check.
const path = require('path');
const http = require('http');
const fs = require('fs');
const L = process.env.L || '/tmp/shadowtap-lab/keto';
const { Configuration, PermissionApi, RelationshipApi, MetadataApi } = require(path.join(L, 'node', 'node_modules', '@ory', 'keto-client'));
const READ = process.env.READ || 'http://127.0.0.1:14466';
const WRITE = process.env.WRITE || 'http://127.0.0.1:14467';
const OPL = process.env.OPL || 'http://127.0.0.1:14469';
const STATE = process.env.STATE || '/tmp/shadowtap-lab/keto/state';
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
const cfg = (basePath) => new Configuration({ basePath, baseOptions: { httpAgent: agent, headers: { 'User-Agent': 'tidewater-docs/2.3.1 (keto-client-js)' } } });
const perm = new PermissionApi(cfg(READ));
const relRead = new RelationshipApi(cfg(READ));
const relWrite = new RelationshipApi(cfg(WRITE));
const relOpl = new RelationshipApi(cfg(OPL));
const meta = new MetadataApi(cfg(READ));
const log = fs.createWriteStream(path.join(STATE, 'calls.log'), { flags: 'a' });
let count = 0;
async function call(what, p) {
  count++;
  try { const r = await p; log.write(`sdk ${r.status} ${what}\n`); return r.data; }
  catch (e) { const s = e.response ? e.response.status : 'ERR'; log.write(`sdk ${s} ${what}\n`); if (!e.response) console.error(what, e.message); return e.response ? e.response.data : null; }
}
const user = (u) => ({ subjectSetNamespace: 'User', subjectSetObject: u, subjectSetRelation: '' });
const userBody = (u) => ({ namespace: 'User', object: u, relation: '' });

const people = ['alice', 'bob.nguyen', 'priya_nair', 'MarcoRossi', 'kim', 'ana.silva', 'Lena Fischer', 't.yamamoto', 'j.okafor', 'user-1042'];
const files = ['/brand/logos/logo-dark.svg', '/brand/logos/logo-light.svg', '/brand/style-guide.pdf', 'wireframes-v3.fig', 'Q3 Report.pdf',
  'meeting-notes_2026-11-03.md', 'budget.xlsx', '/atlas/specs/api-v1.yaml', '/atlas/specs/data-model.md', 'Acme MSA (signed).pdf'];
const uploads = [
  ['kim', 'Design Assets', 'hero-banner_v2.png'], ['MarcoRossi', '/brand', '/brand/colour-palette.ase'], ['alice', '/atlas/specs', '/atlas/specs/rollout-plan.md'],
  ['Lena Fischer', 'Design Assets', 'IconSet2026.sketch'], ['ana.silva', '/atlas/specs', '/atlas/specs/mobile-sync.md'], ['j.okafor', 'contracts-2026', 'SOW-0042.docx'],
  ['bob.nguyen', '/atlas/specs', '/atlas/specs/db-migration-7.sql'], ['kim', '/brand/logos', '/brand/logos/logo-mono.svg'], ['t.yamamoto', '/atlas/specs', '/atlas/specs/churn model.ipynb'],
  ['priya_nair', 'Design Assets', 'test-plan Q4.xlsx'], ['alice', '/brand', '/brand/press-kit.zip'], ['user-1042', 'contracts-2026', 'acme_purchase_order_118.pdf'],
];

(async () => {
  // start-up
  await call('getVersion', meta.getVersion());
  await call('isReady', meta.isReady());
  await call('listRelationshipNamespaces', relRead.listRelationshipNamespaces());
  const opl = fs.readFileSync(path.join(__dirname, 'namespaces.keto.ts'), 'utf8');
  await call('checkOplSyntax', relOpl.checkOplSyntax({ body: opl }, { headers: { 'Content-Type': 'text/plain' } }));

  // page views: can this person see this file? (no error status: always 200 with allowed)
  for (const f of files) for (const u of people.slice(0, 6)) {
    await call(`checkPermission view ${f} ${u}`, perm.checkPermission({ namespace: 'File', object: f, relation: 'view', ...user(u) }));
  }
  // downloads: the error-status variant (403 when not allowed), as the service's middleware uses it
  for (const [u, f] of [['kim', 'wireframes-v3.fig'], ['priya_nair', '/brand/logos/logo-dark.svg'], ['user-1042', 'Q3 Report.pdf'], ['j.okafor', 'Acme MSA (signed).pdf'],
    ['ana.silva', '/atlas/specs/api-v1.yaml'], ['bob.nguyen', 'budget.xlsx'], ['t.yamamoto', 'budget.xlsx'], ['MarcoRossi', 'meeting-notes_2026-11-03.md'],
    ['Lena Fischer', '/brand/style-guide.pdf'], ['alice', 'Acme MSA (signed).pdf'], ['user-1042', '/brand/logos/logo-light.svg'], ['kim', '/atlas/specs/data-model.md']]) {
    await call(`checkPermissionOrError download ${f} ${u}`, perm.checkPermissionOrError({ namespace: 'File', object: f, relation: 'download', ...user(u) }));
  }
  // uploads: owner and parent folder
  for (const [u, folder, f] of uploads) {
    await call(`createRelationship owners ${f}`, relWrite.createRelationship({ createRelationshipBody: { namespace: 'File', object: f, relation: 'owners', subject_set: userBody(u) } }));
    await call(`createRelationship parents ${f}`, relWrite.createRelationship({ createRelationshipBody: { namespace: 'File', object: f, relation: 'parents', subject_set: { namespace: 'Folder', object: folder, relation: '' } } }));
    await call(`postCheckPermission edit ${f} ${u}`, perm.postCheckPermission({ postCheckPermissionBody: { namespace: 'File', object: f, relation: 'edit', subject_set: userBody(u) } }));
  }
  // sharing dialog: share with a person or a team, then the "who has access" list
  const shares = [['hero-banner_v2.png', 'User', 'priya_nair', ''], ['/atlas/specs/rollout-plan.md', 'Team', 'platform-eng', 'members'],
    ['IconSet2026.sketch', 'Team', 'Mobile Squad', 'members'], ['SOW-0042.docx', 'User', 'alice', ''], ['/brand/press-kit.zip', 'Team', 'Design Team', 'members'],
    ['test-plan Q4.xlsx', 'Team', 'qa', 'members'], ['/atlas/specs/churn model.ipynb', 'User', 'bob.nguyen', ''], ['budget.xlsx', 'User', 'MarcoRossi', '']];
  for (const [f, ns, obj, rel] of shares) {
    await call(`createRelationship viewers ${f}`, relWrite.createRelationship({ createRelationshipBody: { namespace: 'File', object: f, relation: 'viewers', subject_set: { namespace: ns, object: obj, relation: rel } } }));
    await call(`getRelationships ${f}`, relRead.getRelationships({ namespace: 'File', object: f }));
  }
  // the same checks with a JSON body (the service's batch job posts them)
  for (const [u, f] of [['priya_nair', 'hero-banner_v2.png'], ['alice', '/atlas/specs/rollout-plan.md'], ['kim', 'IconSet2026.sketch'], ['alice', 'SOW-0042.docx'],
    ['kim', '/brand/press-kit.zip'], ['ana.silva', 'test-plan Q4.xlsx'], ['bob.nguyen', '/atlas/specs/churn model.ipynb'], ['MarcoRossi', 'budget.xlsx'],
    ['user-1042', 'hero-banner_v2.png'], ['j.okafor', '/brand/press-kit.zip'], ['Lena Fischer', 'SOW-0042.docx'], ['t.yamamoto', 'IconSet2026.sketch']]) {
    await call(`postCheckPermission view ${f} ${u}`, perm.postCheckPermission({ maxDepth: 5, postCheckPermissionBody: { namespace: 'File', object: f, relation: 'view', subject_set: userBody(u) } }));
    await call(`postCheckPermissionOrError edit ${f} ${u}`, perm.postCheckPermissionOrError({ postCheckPermissionOrErrorBody: { namespace: 'File', object: f, relation: 'edit', subject_set: userBody(u) } }));
  }
  // "my files": the files a person owns, three per page
  for (const u of ['kim', 'alice', 'MarcoRossi', 'j.okafor']) {
    let token;
    for (let page = 0; page < 5; page++) {
      const d = await call(`getRelationships owners ${u} page ${page}`, relRead.getRelationships({ namespace: 'File', relation: 'owners', ...user(u), pageSize: 3, pageToken: token }));
      token = d && d.next_page_token;
      if (!token) break;
    }
  }
  // folder pages: the folder's files, two per page
  for (const folder of ['/atlas/specs', 'Design Assets', '/brand']) {
    let token;
    for (let page = 0; page < 6; page++) {
      const d = await call(`getRelationships parents ${folder} page ${page}`, relRead.getRelationships({ namespace: 'File', relation: 'parents', subjectSetNamespace: 'Folder', subjectSetObject: folder, subjectSetRelation: '', pageSize: 2, pageToken: token }));
      token = d && d.next_page_token;
      if (!token) break;
    }
  }
  // access reviews: expanded trees of direct viewers and editors
  for (const [ns, o, r] of [['Folder', 'Design Assets', 'viewers'], ['Folder', '/atlas/specs', 'viewers'], ['File', 'budget.xlsx', 'viewers'], ['Project', 'website-redesign', 'editors'],
    ['Project', 'q3-roadmap', 'viewers'], ['Team', 'Mobile Squad', 'members'], ['Organization', 'tidewater-studio', 'members'], ['File', 'IconSet2026.sketch', 'viewers']]) {
    await call(`expandPermissions ${ns}:${o}#${r}`, perm.expandPermissions({ namespace: ns, object: o, relation: r, maxDepth: 3 }));
  }
  // moving files between folders: one patch each (delete the old parent, insert the new)
  for (const [f, from, to] of [['/atlas/specs/db-migration-7.sql', '/atlas/specs', '/brand'], ['hero-banner_v2.png', 'Design Assets', '/brand'],
    ['acme_purchase_order_118.pdf', 'contracts-2026', '/atlas/specs'], ['acme_purchase_order_118.pdf', '/atlas/specs', 'contracts-2026']]) {
    const t = (o) => ({ namespace: 'File', object: f, relation: 'parents', subject_set: { namespace: 'Folder', object: o, relation: '' } });
    await call(`patchRelationships move ${f}`, relWrite.patchRelationships({ relationshipPatch: [{ action: 'delete', relation_tuple: t(from) }, { action: 'insert', relation_tuple: t(to) }] }));
    await call(`checkPermission view ${f} after move`, perm.checkPermission({ namespace: 'File', object: f, relation: 'view', ...user('priya_nair') }));
  }
  // unsharing
  for (const [f, ns, obj, rel] of [['budget.xlsx', 'User', 'MarcoRossi', ''], ['SOW-0042.docx', 'User', 'alice', ''], ['test-plan Q4.xlsx', 'Team', 'qa', 'members']]) {
    await call(`deleteRelationships viewers ${f}`, relWrite.deleteRelationships({ namespace: 'File', object: f, relation: 'viewers', subjectSetNamespace: ns, subjectSetObject: obj, subjectSetRelation: rel }));
    await call(`checkPermissionOrError view ${f}`, perm.checkPermissionOrError({ namespace: 'File', object: f, relation: 'view', ...user(obj === 'qa' ? 'ana.silva' : obj) }));
  }
  // a deleted file: every relation of the object goes
  for (const f of ['IconSet2026.sketch', '/brand/logos/logo-mono.svg']) {
    await call(`deleteRelationships all ${f}`, relWrite.deleteRelationships({ namespace: 'File', object: f }));
    await call(`getRelationships ${f} after delete`, relRead.getRelationships({ namespace: 'File', object: f }));
  }
  // project pages: can the person edit / view, and the sub-projects
  for (const [p, u] of [['website-redesign-blog', 'MarcoRossi'], ['website-redesign-blog', 'priya_nair'], ['mobile-app-v2-ios', 'kim'], ['mobile-app-v2-android', 'bob.nguyen'],
    ['Mobile App v2', 'Lena Fischer'], ['ProjectAtlas', 't.yamamoto'], ['acme-onboarding', 'MarcoRossi'], ['infra_2026', 'svc-ci']]) {
    await call(`checkPermission edit Project:${p} ${u}`, perm.checkPermission({ namespace: 'Project', object: p, relation: 'edit', ...user(u) }));
    await call(`checkPermission view Project:${p} ${u}`, perm.checkPermission({ namespace: 'Project', object: p, relation: 'view', ...user(u), maxDepth: 4 }));
  }
  for (const p of ['website-redesign', 'Mobile App v2']) {
    await call(`getRelationships children ${p}`, relRead.getRelationships({ namespace: 'Project', relation: 'parents', subjectSetNamespace: 'Project', subjectSetObject: p, subjectSetRelation: '' }));
  }
  await call('listRelationshipNamespaces', relRead.listRelationshipNamespaces());
  agent.destroy();
  console.log('sdk calls:', count);
  log.end();
})();
