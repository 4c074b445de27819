// login-consent.js - a login / consent / logout provider for Ory Hydra, modelled on Ory's reference
// app (ory/hydra-login-consent-node: routes/login.ts, consent.ts, logout.ts), using Ory's official JS SDK
// @ory/hydra-client@2.2.0 (npm). It also serves /callback as a relying party ("the web shop") that exchanges the
// authorization code at /oauth2/token and fetches /userinfo through the same SDK.
// Listens on 127.0.0.1:19446 (not recorded; its calls to Hydra's admin 19445 and public 19444 are).
const http = require('http');
const { URL, URLSearchParams } = require('url');
const { Configuration, OAuth2Api, OidcApi } = require(process.env.SDK_DIR + '/node_modules/@ory/hydra-client');

const ADMIN = process.env.HYDRA_ADMIN || 'http://127.0.0.1:19445';
const PUBLIC = process.env.HYDRA_PUBLIC || 'http://127.0.0.1:19444';
const PORT = +(process.env.LC_PORT || 19446);
const admin = new OAuth2Api(new Configuration({ basePath: ADMIN }));

// demo user directory (the reference app accepts foo@bar.com / foobar)
const USERS = {
  'alice.johnson@example.com': { pw: 'correct-horse', name: 'Alice Johnson', sub: 'b2f1c7a4-3e1d-4c55-9b0e-7d1c2a9f0a11' },
  'bob.martinez@example.com': { pw: 'hunter2-staple', name: 'Bob Martinez', sub: '5d0c9e8a-6b7f-4a3c-8e21-0f9a4b6c2d33' },
  'carol.nguyen@example.com': { pw: 'battery-paper', name: 'Carol Nguyen', sub: 'e7a4b3c2-1d0f-4e9a-b8c7-6d5e4f3a2b44' },
  'dave.okafor@example.com': { pw: 'plain-lantern', name: 'Dave Okafor', sub: '9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a55' },
};

const page = (title, body) => `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const readBody = (req) => new Promise((res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => res(new URLSearchParams(b))); });
const redirect = (res, to) => { res.writeHead(302, { Location: to }); res.end(); };
const send = (res, code, html) => { res.writeHead(code, { 'Content-Type': 'text/html; charset=utf-8' }); res.end(html); };

async function handle(req, res) {
  const u = new URL(req.url, `http://127.0.0.1:${PORT}`);
  const q = u.searchParams;
  if (req.method === 'GET' && u.pathname === '/login') {
    const challenge = q.get('login_challenge');
    const { data: lr } = await admin.getOAuth2LoginRequest({ loginChallenge: challenge });
    if (lr.skip) {
      const { data } = await admin.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: { subject: String(lr.subject) } });
      return redirect(res, data.redirect_to);
    }
    return send(res, 200, page('Sign in', `<p>Client: ${lr.client && (lr.client.client_name || lr.client.client_id)}</p>
      <form method="post" action="/login"><input type="hidden" name="challenge" value="${challenge}">
      <input name="email" id="email"><input name="password" id="password" type="password">
      <label><input type="checkbox" name="remember" id="remember">Remember me</label>
      <button type="submit" name="submit" value="Log in" id="accept">Log in</button>
      <button type="submit" name="submit" value="Deny access" id="reject">Deny access</button></form>`));
  }
  if (req.method === 'POST' && u.pathname === '/login') {
    const f = await readBody(req);
    const challenge = f.get('challenge');
    if (f.get('submit') === 'Deny access') {
      const { data } = await admin.rejectOAuth2LoginRequest({ loginChallenge: challenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'The resource owner denied the request' } });
      return redirect(res, data.redirect_to);
    }
    const user = USERS[f.get('email')];
    if (!user || user.pw !== f.get('password')) {
      return send(res, 200, page('Sign in', `<p class="error">The username / password combination is not correct</p>
        <form method="post" action="/login"><input type="hidden" name="challenge" value="${challenge}">
        <input name="email" id="email"><input name="password" id="password" type="password">
        <label><input type="checkbox" name="remember" id="remember">Remember me</label>
        <button type="submit" name="submit" value="Log in" id="accept">Log in</button>
        <button type="submit" name="submit" value="Deny access" id="reject">Deny access</button></form>`));
    }
    const { data } = await admin.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: {
      subject: user.sub, remember: f.get('remember') === 'on', remember_for: 3600, acr: '0' } });
    return redirect(res, data.redirect_to);
  }
  if (req.method === 'GET' && u.pathname === '/consent') {
    const challenge = q.get('consent_challenge');
    const { data: cr } = await admin.getOAuth2ConsentRequest({ consentChallenge: challenge });
    if (cr.skip || (cr.client && cr.client.skip_consent)) {
      const { data } = await admin.acceptOAuth2ConsentRequest({ consentChallenge: challenge, acceptOAuth2ConsentRequest: {
        grant_scope: cr.requested_scope, grant_access_token_audience: cr.requested_access_token_audience, session: {} } });
      return redirect(res, data.redirect_to);
    }
    const scopes = (cr.requested_scope || []).map((s) => `<label><input type="checkbox" class="grant_scope" id="${s}" value="${s}" name="grant_scope" checked>${s}</label>`).join('');
    return send(res, 200, page('An application requests access to your data', `<p>${cr.client && (cr.client.client_name || cr.client.client_id)} wants access</p>
      <form method="post" action="/consent"><input type="hidden" name="challenge" value="${challenge}">${scopes}
      <label><input type="checkbox" name="remember" id="remember">Do not ask me again</label>
      <button type="submit" id="accept" name="submit" value="Allow access">Allow access</button>
      <button type="submit" id="reject" name="submit" value="Deny access">Deny access</button></form>`));
  }
  if (req.method === 'POST' && u.pathname === '/consent') {
    const f = await readBody(req);
    const challenge = f.get('challenge');
    if (f.get('submit') === 'Deny access') {
      const { data } = await admin.rejectOAuth2ConsentRequest({ consentChallenge: challenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'The resource owner denied the request' } });
      return redirect(res, data.redirect_to);
    }
    const { data: cr } = await admin.getOAuth2ConsentRequest({ consentChallenge: challenge });
    const user = Object.entries(USERS).find(([, v]) => v.sub === cr.subject);
    const { data } = await admin.acceptOAuth2ConsentRequest({ consentChallenge: challenge, acceptOAuth2ConsentRequest: {
      grant_scope: f.getAll('grant_scope'), grant_access_token_audience: cr.requested_access_token_audience,
      remember: f.get('remember') === 'on', remember_for: 3600,
      session: { id_token: user ? { email: user[0], name: user[1].name } : {} } } });
    return redirect(res, data.redirect_to);
  }
  if (req.method === 'GET' && u.pathname === '/logout') {
    const challenge = q.get('logout_challenge');
    await admin.getOAuth2LogoutRequest({ logoutChallenge: challenge });
    return send(res, 200, page('Do you wish to log out?', `<form method="post" action="/logout"><input type="hidden" name="challenge" value="${challenge}">
      <button type="submit" id="accept" name="submit" value="Yes">Yes</button><button type="submit" id="reject" name="submit" value="No">No</button></form>`));
  }
  if (req.method === 'POST' && u.pathname === '/logout') {
    const f = await readBody(req);
    if (f.get('submit') === 'No') {
      await admin.rejectOAuth2LogoutRequest({ logoutChallenge: f.get('challenge') });
      return redirect(res, 'http://127.0.0.1:' + PORT + '/');
    }
    const { data } = await admin.acceptOAuth2LogoutRequest({ logoutChallenge: f.get('challenge') });
    return redirect(res, data.redirect_to);
  }
  if (req.method === 'GET' && u.pathname === '/callback') {
    // relying party: client id/secret passed by the browser script through the state-bound cookie-less query "rp"
    if (q.get('error')) return send(res, 200, page('Authorization failed', `<p id="error">${q.get('error')}: ${q.get('error_description')}</p>`));
    const [, cid, secret] = (process.env.RP_CLIENTS || '').split(',').map((x) => x.split(':')).find(([id]) => id === q.get('rp')) || [];
    const rp = new OAuth2Api(new Configuration({ basePath: PUBLIC, username: cid, password: secret }));
    const { data: tok } = await rp.oauth2TokenExchange({ grantType: 'authorization_code', code: q.get('code'),
      redirectUri: `http://127.0.0.1:${PORT}/callback?rp=${q.get('rp')}` });
    const oidc = new OidcApi(new Configuration({ basePath: PUBLIC, accessToken: tok.access_token }));
    const { data: ui } = await oidc.getOidcUserInfo();
    let refreshed = '';
    if (tok.refresh_token) {
      const { data: t2 } = await rp.oauth2TokenExchange({ grantType: 'refresh_token', refreshToken: tok.refresh_token });
      refreshed = t2.access_token ? 'yes' : 'no';
    }
    return send(res, 200, page('Signed in', `<p id="sub">${ui.sub}</p><p id="scope">${tok.scope}</p><p id="refreshed">${refreshed}</p>
      <p id="id_token">${tok.id_token || ''}</p>`));
  }
  if (u.pathname === '/' || u.pathname === '/logged-out') return send(res, 200, page('Hydra demo', '<p id="home">home</p>'));
  send(res, 404, page('Not found', ''));
}

http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    const d = e.response ? `${e.response.status} ${JSON.stringify(e.response.data)}` : String(e);
    console.error('login-consent error', req.method, req.url, d);
    if (!res.headersSent) send(res, 500, page('Error', `<pre id="err">${d}</pre>`));
  });
}).listen(PORT, '127.0.0.1', () => console.error('login-consent listening on 127.0.0.1:' + PORT));
