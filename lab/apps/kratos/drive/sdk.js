// Ory's official JavaScript SDK for Kratos (@ory/kratos-client 1.3.8, axios based) used the way a
// native/mobile backend and an admin back office use it. Run with NODE_PATH pointing at its node_modules.
const { Configuration, FrontendApi, IdentityApi, CourierApi, MetadataApi } = require('@ory/kratos-client');
const PUB = 'http://127.0.0.1:19433', ADM = 'http://127.0.0.1:19434';
const frontend = new FrontendApi(new Configuration({ basePath: PUB }));
const identity = new IdentityApi(new Configuration({ basePath: ADM }));
const courier = new CourierApi(new Configuration({ basePath: ADM }));
const metaPub = new MetadataApi(new Configuration({ basePath: PUB }));
const metaAdm = new MetadataApi(new Configuration({ basePath: ADM }));
let ok = 0, failed = 0;
async function t(p) { try { const r = await p; ok++; return r.data; } catch (e) { failed++; return null; } }

const people = [
  ['gabriel.silva@example.com', 'Gabriel', 'Silva'], ['hannah.weber@example.com', 'Hannah', 'Weber'],
  ['ivan.petrov@example.org', 'Ivan', 'Petrov'], ['julia.rossi@example.org', 'Julia', 'Rossi'],
];
const pw = 'Mobile-App-Secret-77';

(async () => {
  await t(metaPub.isAlive()); await t(metaPub.isReady()); await t(metaAdm.getVersion());
  await t(frontend.getWebAuthnJavaScript());
  const tokens = {};
  for (const [email, first, last] of people) {
    const reg = await t(frontend.createNativeRegistrationFlow());
    await t(frontend.getRegistrationFlow({ id: reg.id }));
    const done = await t(frontend.updateRegistrationFlow({ flow: reg.id, updateRegistrationFlowBody: {
      method: 'password', password: pw, traits: { email, name: { first, last } } } }));
    tokens[email] = done && done.session_token;
  }
  for (let round = 0; round < 3; round++) {
    for (const [email, first, last] of people) {
      const lf = await t(frontend.createNativeLoginFlow());
      const res = await t(frontend.updateLoginFlow({ flow: lf.id, updateLoginFlowBody: { method: 'password', identifier: email, password: pw } }));
      const tok = res && res.session_token;
      await t(frontend.toSession({ xSessionToken: tok }));
      await t(frontend.listMySessions({ xSessionToken: tok, pageSize: 25 }));
      if (round === 1) {
        const sf = await t(frontend.createNativeSettingsFlow({ xSessionToken: tok }));
        await t(frontend.getSettingsFlow({ id: sf.id, xSessionToken: tok }));
        await t(frontend.updateSettingsFlow({ flow: sf.id, xSessionToken: tok, updateSettingsFlowBody: {
          method: 'profile', traits: { email, name: { first, last: last + ' (mobile)' } } } }));
      }
      if (round === 2) {
        const vf = await t(frontend.createNativeVerificationFlow());
        await t(frontend.updateVerificationFlow({ flow: vf.id, updateVerificationFlowBody: { method: 'code', email } }));
        await t(frontend.getVerificationFlow({ id: vf.id }));
        await t(frontend.performNativeLogout({ performNativeLogoutBody: { session_token: tok } }));
        await t(frontend.toSession({ xSessionToken: tok }));           // 401 after logout
      }
    }
  }
  await t(frontend.disableMyOtherSessions({ xSessionToken: tokens[people[0][0]] }));
  await t(frontend.toSession({}));                                       // no token -> 401
  await t(frontend.getLoginFlow({ id: '5e7c2b1a-9d4f-4e3a-8b6c-2f1e0d9c8b7a' }));   // 404

  // back office
  await t(identity.listIdentitySchemas());
  await t(identity.getIdentitySchema({ id: 'customer' }));
  let page = await t(identity.listIdentities({ pageSize: 50 }));
  for (const [email] of people) {
    const found = await t(identity.listIdentities({ credentialsIdentifier: email }));
    if (!found || !found.length) continue;
    const id = found[0].id;
    await t(identity.getIdentity({ id, includeCredential: ['password'] }));
    await t(identity.patchIdentity({ id, jsonPatch: [{ op: 'add', path: '/metadata_public/app', value: 'mobile' }] }));
    await t(identity.listIdentitySessions({ id, active: true }));
    await t(identity.createRecoveryCodeForIdentity({ createRecoveryCodeForIdentityBody: { identity_id: id, expires_in: '30m' } }));
  }
  const created = await t(identity.createIdentity({ createIdentityBody: { schema_id: 'customer',
    traits: { email: 'kai.andersen@umbrella.example', name: { first: 'Kai', last: 'Andersen' }, company: 'Umbrella' } } }));
  if (created) {
    await t(identity.updateIdentity({ id: created.id, updateIdentityBody: { schema_id: 'customer', state: 'inactive',
      traits: { email: 'kai.andersen@umbrella.example', name: { first: 'Kai', last: 'Andersen' }, company: 'Umbrella Corp' } } }));
    await t(identity.getIdentity({ id: created.id }));
    await t(identity.deleteIdentity({ id: created.id }));
    await t(identity.getIdentity({ id: created.id }));                 // 404
  }
  const sessions = await t(identity.listSessions({ pageSize: 10, expand: ['identity'] }));
  for (const s of (sessions || []).slice(0, 4)) {
    await t(identity.getSession({ id: s.id, expand: ['devices'] }));
    await t(identity.extendSession({ id: s.id }));
  }
  const msgs = await t(courier.listCourierMessages({ pageSize: 20, status: 'queued' }));
  for (const m of (msgs || []).slice(0, 4)) await t(courier.getCourierMessage({ id: m.id }));
  console.log(`sdk: ${ok} ok, ${failed} non-2xx/failed`);
})();
