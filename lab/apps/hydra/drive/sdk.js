// sdk.js - an "admin backoffice" integration written against Ory's official JS SDK @ory/hydra-client@2.2.0 (npm):
// trusted JWT-bearer grant issuers, OIDC dynamic client registration, client management and lifespans, JWKs,
// consent-session housekeeping and health/version/discovery calls.
const fs = require('fs');
const crypto = require('crypto');
const { Configuration, OAuth2Api, OidcApi, JwkApi, MetadataApi, WellknownApi } = require(process.env.SDK_DIR + '/node_modules/@ory/hydra-client');
const ADMIN = 'http://127.0.0.1:19445', PUBLIC = 'http://127.0.0.1:19444';
const oauth2 = new OAuth2Api(new Configuration({ basePath: ADMIN }));
const jwk = new JwkApi(new Configuration({ basePath: ADMIN }));
const meta = new MetadataApi(new Configuration({ basePath: ADMIN }));
const pubMeta = new MetadataApi(new Configuration({ basePath: PUBLIC }));
const wk = new WellknownApi(new Configuration({ basePath: PUBLIC }));
const oidcPub = new OidcApi(new Configuration({ basePath: PUBLIC }));
const tryit = async (what, p) => { try { return (await p).data; } catch (e) { console.error(`[sdk] ${what}: ${e.response ? e.response.status : e.message}`); return null; } };
const clients = Object.fromEntries(fs.readFileSync(process.env.STATE + '/clients.tsv', 'utf8').trim().split('\n')
  .map((l) => l.split('\t')).map(([n, id, s]) => [n, { id, s }]));
const SUBJECTS = ['b2f1c7a4-3e1d-4c55-9b0e-7d1c2a9f0a11', '5d0c9e8a-6b7f-4a3c-8e21-0f9a4b6c2d33', 'e7a4b3c2-1d0f-4e9a-b8c7-6d5e4f3a2b44', '9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a55'];

(async () => {
  await tryit('alive', meta.isAlive()); await tryit('ready', meta.isReady()); await tryit('version', meta.getVersion());
  await tryit('pub alive', pubMeta.isAlive());
  await tryit('discovery', oidcPub.discoverOidcConfiguration()); await tryit('jwks', wk.discoverJsonWebKeys());

  // trusted issuers for the jwt-bearer grant (RFC 7523): partner identity providers
  const issuers = [
    ['https://login.partner-one.example', 'svc-orders@partner-one.example', ['orders.read', 'catalog.read']],
    ['https://idp.globex.example', null, ['catalog.read']],
    ['https://sso.initech.example', 'batch-runner', ['reports.write']],
  ];
  const created = [];
  for (const [issuer, subject, scope] of issuers) {
    const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const k = publicKey.export({ format: 'jwk' });
    const body = { issuer, scope, expires_at: '2031-01-01T00:00:00Z', jwk: { ...k, kid: 'kid-' + issuer.split('.')[1], alg: 'ES256', use: 'sig' } };
    if (subject) body.subject = subject; else body.allow_any_subject = true;
    const r = await tryit('trust', oauth2.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: body }));
    if (r) created.push(r.id);
  }
  await tryit('list issuers', oauth2.listTrustedOAuth2JwtGrantIssuers({}));
  await tryit('list issuers max', oauth2.listTrustedOAuth2JwtGrantIssuers({ maxItems: 2 }));
  await tryit('list issuers by iss', oauth2.listTrustedOAuth2JwtGrantIssuers({ issuer: 'https://idp.globex.example' }));
  for (const id of created) await tryit('get issuer', oauth2.getTrustedOAuth2JwtGrantIssuer({ id }));
  await tryit('get missing issuer', oauth2.getTrustedOAuth2JwtGrantIssuer({ id: '00000000-1111-4222-8333-444444444444' }));
  if (created[2]) await tryit('delete issuer', oauth2.deleteTrustedOAuth2JwtGrantIssuer({ id: created[2] }));
  await tryit('delete missing issuer', oauth2.deleteTrustedOAuth2JwtGrantIssuer({ id: '00000000-1111-4222-8333-555555555555' }));

  // OpenID Connect dynamic client registration (public port), with the registration access token
  for (const name of ['field-scanner-ios', 'field-scanner-android', 'kiosk-terminal']) {
    const reg = await tryit('register', oidcPub.createOidcDynamicClient({ oAuth2Client: { client_name: name, redirect_uris: [`https://${name}.acme.example/cb`],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline_access', contacts: ['mobile@example.com'] } }));
    if (!reg) continue;
    const withTok = new OidcApi(new Configuration({ basePath: PUBLIC, accessToken: reg.registration_access_token }));
    await tryit('get registration', withTok.getOidcDynamicClient({ id: reg.client_id }));
    await tryit('get registration, no token', oidcPub.getOidcDynamicClient({ id: reg.client_id }));   // 401
    const upd = await tryit('update registration', withTok.setOidcDynamicClient({ id: reg.client_id, oAuth2Client: { client_name: name + ' (v2)',
      redirect_uris: [`https://${name}.acme.example/cb`], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline_access' } }));
    const tok2 = new OidcApi(new Configuration({ basePath: PUBLIC, accessToken: (upd && upd.registration_access_token) || reg.registration_access_token }));
    await tryit('admin get registered', oauth2.getOAuth2Client({ id: reg.client_id }));
    if (name === 'kiosk-terminal') await tryit('deregister', tok2.deleteOidcDynamicClient({ id: reg.client_id }));
  }
  await tryit('get unknown registration', oidcPub.getOidcDynamicClient({ id: 'f0e1d2c3-b4a5-4968-8776-655443322110' }));

  // client housekeeping
  for (const owner of ['acme-payments', 'acme-mobile', 'partners-team', 'data-platform']) await tryit('list by owner', oauth2.listOAuth2Clients({ owner, pageSize: 25 }));
  for (const name of ['billing-service', 'partner-portal', 'web-shop']) await tryit('list by name', oauth2.listOAuth2Clients({ clientName: name }));
  await tryit('list page 1', oauth2.listOAuth2Clients({ pageSize: 4 }));
  for (const n of ['billing-service', 'mobile-app', 'analytics-worker']) {
    await tryit('get client', oauth2.getOAuth2Client({ id: clients[n].id }));
    await tryit('patch client', oauth2.patchOAuth2Client({ id: clients[n].id, jsonPatch: [{ op: 'replace', path: '/metadata', value: { team: n, reviewed: '2025-01-15' } }] }));
    await tryit('lifespans', oauth2.setOAuth2ClientLifespans({ id: clients[n].id, oAuth2ClientTokenLifespans: { client_credentials_grant_access_token_lifespan: '15m' } }));
  }
  await tryit('patch missing', oauth2.patchOAuth2Client({ id: '6e5d4c3b-2a19-4807-9f6e-5d4c3b2a1908', jsonPatch: [{ op: 'replace', path: '/client_name', value: 'x' }] }));

  // keys
  await tryit('create jwks', jwk.createJsonWebKeySet({ set: 'webhook-signing', createJsonWebKeySet: { alg: 'ES256', use: 'sig', kid: 'webhook-2025-02' } }));
  await tryit('get jwk', jwk.getJsonWebKey({ set: 'webhook-signing', kid: 'webhook-2025-02' }));
  await tryit('get jwks', jwk.getJsonWebKeySet({ set: 'webhook-signing' }));
  await tryit('get id-token jwks', jwk.getJsonWebKeySet({ set: 'hydra.openid.id-token' }));
  await tryit('get missing jwk', jwk.getJsonWebKey({ set: 'webhook-signing', kid: 'no-such-kid' }));
  await tryit('delete jwk', jwk.deleteJsonWebKey({ set: 'webhook-signing', kid: 'webhook-2025-02' }));

  // consent sessions
  for (const subject of SUBJECTS) await tryit('consent sessions', oauth2.listOAuth2ConsentSessions({ subject }));
  await tryit('revoke consent for client', oauth2.revokeOAuth2ConsentSessions({ subject: SUBJECTS[0], client: clients['support-desk'].id }));
  await tryit('consent sessions after', oauth2.listOAuth2ConsentSessions({ subject: SUBJECTS[0], pageSize: 5 }));
  await tryit('revoke login sessions', oauth2.revokeOAuth2LoginSessions({ subject: SUBJECTS[1] }));
  await tryit('delete tokens of client', oauth2.deleteOAuth2Token({ clientId: clients['analytics-worker'].id }));
  console.error('[sdk] done');
})().catch((e) => { console.error('[sdk] error', e); process.exit(1); });
